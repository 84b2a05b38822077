"""How meetings answer other packages' signals (connected in eventnet/wiring.py)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from eventnet.accounts.models import User
from eventnet.calendar import ical
from eventnet.calendar import services as calendar
from eventnet.db import utcnow
from eventnet.events.models import Event, EventStatus
from eventnet.extensions import db
from eventnet.meetings.models import Meeting, MeetingStatus
from eventnet.meetings.services import account


def accepted_meetings(user: User, site: ical.Site) -> calendar.FeedPart:
    """For ``/cal/<token>.ics`` (SPEC §5): the person's accepted meetings at published
    events, in one query. Cancelled ones leave the feed, but their change still moves
    Last-Modified."""
    meetings = db.session.scalars(
        sa.select(Meeting)
        .join(Meeting.event)
        .options(
            joinedload(Meeting.event), joinedload(Meeting.requester), joinedload(Meeting.invitee)
        )
        .where(
            sa.or_(Meeting.requester_id == user.id, Meeting.invitee_id == user.id),
            Meeting.status.in_([MeetingStatus.ACCEPTED, MeetingStatus.CANCELLED]),
            Event.status == EventStatus.PUBLISHED,
            Meeting.ends_at >= utcnow() - calendar.PERSONAL_FEED_PAST,
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    url = site.base_url + "/me/meetings"
    components = [
        ical.meeting_component(
            m,
            user,
            host=site.host,
            url=url,
            stamp=m.updated_at,
            organiser_email=site.organiser_email,
        )
        for m in meetings
        if m.status is MeetingStatus.ACCEPTED
    ]
    last_modified = max((m.updated_at for m in meetings), default=None)
    return calendar.FeedPart(components, last_modified)


def export_account_data(user: User) -> tuple[str, object]:
    """``account_exporting``: the "meetings" section."""
    return "meetings", account.export_meetings(user)


def delete_account_data(user: User) -> None:
    """``account_deleting``."""
    account.cancel_meetings_on_deletion(user)


def describe_account_deletion(user: User) -> str:
    """``account_deletion_described``: the delete page's sentence."""
    return (
        "Your meeting requests and meetings still to come are cancelled, and the other person told."
    )
