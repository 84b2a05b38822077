"""Meetings in an account's data export, and cancelled when the account is deleted (the
receivers in meetings/receivers.py)."""

from __future__ import annotations

from datetime import UTC

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from eventnet.accounts.models import User
from eventnet.db import utcnow
from eventnet.extensions import db
from eventnet.meetings.models import Meeting
from eventnet.meetings.services._common import ACCEPTED, PROPOSED
from eventnet.meetings.services.booking import cancel


def export_meetings(user: User) -> list[dict]:
    meetings = db.session.scalars(
        sa.select(Meeting)
        .options(
            joinedload(Meeting.event), joinedload(Meeting.requester), joinedload(Meeting.invitee)
        )
        .where(sa.or_(Meeting.requester_id == user.id, Meeting.invitee_id == user.id))
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    return [
        {
            "event": m.event.title,
            "with": m.other(user).name,
            "you_asked": m.requester_id == user.id,
            "starts_at": m.starts_at.astimezone(UTC).isoformat(),
            "ends_at": m.ends_at.astimezone(UTC).isoformat(),
            "status": m.status.value,
            "place": m.place,
            "video_url": m.video_url,
            "message": m.message,
            "reply": m.reply,
        }
        for m in meetings
    ]


def cancel_meetings_on_deletion(user: User) -> None:
    upcoming = db.session.scalars(
        sa.select(Meeting)
        .where(
            sa.or_(Meeting.requester_id == user.id, Meeting.invitee_id == user.id),
            Meeting.status.in_([PROPOSED, ACCEPTED]),
            Meeting.starts_at > utcnow(),
        )
        .order_by(Meeting.event_id, Meeting.id)  # locks in one order everywhere
    ).all()
    for meeting in upcoming:
        cancel(meeting, user, "")
