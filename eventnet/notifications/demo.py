"""Demo emails: after ``seed-demo``, one ``tick`` delivers what attendees receive (issue 7).

The demo's past event gets its follow-up, and each upcoming event a reminder, timed to be
due at the moment of seeding; events seeded before are left alone (idempotent).
"""

from __future__ import annotations

import math

import sqlalchemy as sa

from eventnet.db import utcnow
from eventnet.events.models import Event, EventStatus
from eventnet.extensions import db
from eventnet.notifications import services
from eventnet.notifications.models import EmailSchedule, ScheduleKind


def seed_due_emails(slugs: list[str]) -> int:
    """Schedules due now for the demo events named; returns how many events got them."""
    now = utcnow()
    seeded = 0
    events = db.session.scalars(
        sa.select(Event).where(Event.slug.in_(slugs), Event.status == EventStatus.PUBLISHED)
    )
    for event in events:
        if db.session.scalar(sa.select(EmailSchedule.id).where(EmailSchedule.event_id == event.id)):
            continue  # seeded before: leave its schedules as they are
        if event.ends_at <= now:
            minutes = math.floor((now - event.ends_at).total_seconds() / 60)
            if minutes > services.MAX_FOLLOW_UP_OFFSET:
                continue
            services.add_schedule(event, ScheduleKind.FOLLOW_UP, minutes)
        elif event.starts_at > now:
            # Rounded up: due a moment before now, not a moment after.
            minutes = math.ceil((event.starts_at - now).total_seconds() / 60)
            if minutes > services.MAX_REMINDER_OFFSET:
                continue
            services.add_schedule(event, ScheduleKind.REMINDER, minutes)
        else:
            continue
        seeded += 1
    db.session.flush()
    return seeded
