"""The scheduler step that reminds both people of a meeting about to start."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from eventnet.extensions import db
from eventnet.mail import preferences
from eventnet.mail.services import find_email, queue_email
from eventnet.meetings.models import Meeting
from eventnet.meetings.services._common import ACCEPTED
from eventnet.meetings.services.emails import _context

REMINDER_BEFORE = timedelta(minutes=10)
# The reminders are optional mail, turned off under "Which emails you get" (/me/emails).
REMINDER_CATEGORY = "meetings"


def queue_due_reminders(now: datetime) -> int:
    """The scheduler step: remind both people of accepted meetings starting within ten
    minutes (unless they opted out). The dedupe key makes a second pass queue nothing."""
    due = db.session.scalars(
        sa.select(Meeting)
        .options(
            joinedload(Meeting.event), joinedload(Meeting.requester), joinedload(Meeting.invitee)
        )
        .where(
            Meeting.status == ACCEPTED,
            Meeting.starts_at > now,
            Meeting.starts_at <= now + REMINDER_BEFORE,
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    queued = 0
    for meeting in due:
        for person in (meeting.requester, meeting.invitee):
            if not preferences.wants(person, REMINDER_CATEGORY):
                continue
            key = f"meeting-reminder:{meeting.id}:{meeting.sequence}:{person.id}"
            if find_email(key) is not None:
                continue
            # An optional category: queue_email adds List-Unsubscribe and the link to it.
            queue_email(
                to=person.email,
                to_name=person.name,
                user_id=person.id,
                template="meeting_reminder",
                context=_context(meeting, person),
                dedupe_key=key,
                category=REMINDER_CATEGORY,
                send_after=now,
            )
            queued += 1
    return queued
