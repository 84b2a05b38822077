"""The scheduler step that queues every due automated email.

Nothing is queued ahead of time. Each pass computes every due moment from the event's
*current* times, so moving an event moves its unsent reminders, and queues each message
under a dedupe key ``kind:event:schedule:user``: a second pass, or a second worker running
at the same moment, finds the key taken and queues nothing (``queue_email``'s ON CONFLICT).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from eventnet.events.models import Event, EventStatus
from eventnet.extensions import db
from eventnet.notifications.models import EmailSchedule, ScheduleKind
from eventnet.notifications.services.followup import _follow_ups
from eventnet.notifications.services.organiser_messages import send_due_organiser_messages
from eventnet.notifications.services.reminders import _reminders
from eventnet.notifications.services.schedules import (
    FOLLOW_UP_GRACE,
    MAX_FOLLOW_UP_OFFSET,
    MAX_REMINDER_OFFSET,
    REMINDER_GRACE,
    _ensure_defaults,
)


def schedule_due_emails(now: datetime) -> int:
    """The scheduler step run by ``tick`` and ``worker``: queue every due automated email."""
    reminder_window = (now, now + timedelta(minutes=MAX_REMINDER_OFFSET) + REMINDER_GRACE)
    follow_up_window = (
        now - timedelta(minutes=MAX_FOLLOW_UP_OFFSET) - FOLLOW_UP_GRACE,
        now,
    )
    events = list(
        db.session.scalars(
            sa.select(Event)
            .options(joinedload(Event.network))
            .where(
                Event.status == EventStatus.PUBLISHED,
                sa.or_(
                    Event.starts_at.between(*reminder_window),
                    Event.ends_at.between(*follow_up_window),
                ),
            )
            .order_by(Event.id)
        )
    )
    _ensure_defaults(e.id for e in events)
    by_event: dict[int, list[EmailSchedule]] = {}
    if events:
        for s in db.session.scalars(
            sa.select(EmailSchedule).where(
                EmailSchedule.event_id.in_([e.id for e in events]), EmailSchedule.active.is_(True)
            )
        ):
            by_event.setdefault(s.event_id, []).append(s)
    queued = 0
    for event in events:
        schedules = by_event.get(event.id, [])
        queued += _reminders(event, [s for s in schedules if s.kind is ScheduleKind.REMINDER], now)
        queued += _follow_ups(
            event, [s for s in schedules if s.kind is ScheduleKind.FOLLOW_UP], now
        )
    queued += send_due_organiser_messages(now)
    db.session.flush()
    return queued
