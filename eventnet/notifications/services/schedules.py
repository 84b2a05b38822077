"""Per-event email schedules: the reminders before the start, the follow-up after the end."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import sqlalchemy as sa

from eventnet.db import utcnow
from eventnet.errors import DomainError, NotFound
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.notifications.models import EmailSchedule, ScheduleKind
from eventnet.notifications.services._common import _insert

DEFAULT_REMINDERS = (24 * 60,)  # minutes before the start
DEFAULT_FOLLOW_UP = 2 * 60  # minutes after the end
MAX_REMINDER_OFFSET = 30 * 24 * 60
MAX_FOLLOW_UP_OFFSET = 30 * 24 * 60
# A reminder whose moment passed more than this long ago (the worker was down, or the
# person registered late) is not sent: a "tomorrow" email arriving the same evening misleads.
# It is never sent once the event has started.
REMINDER_GRACE = timedelta(hours=12)
# A follow-up is still worth sending a few days late, not weeks.
FOLLOW_UP_GRACE = timedelta(days=3)


def _ensure_defaults(event_ids: Iterable[int]) -> None:
    """Give events that never had a schedule the defaults (24 h before, 2 h after).

    ON CONFLICT DO NOTHING: two workers doing this at once make one set.
    """
    event_ids = list(event_ids)
    if not event_ids:
        return
    have = set(
        db.session.scalars(
            sa.select(EmailSchedule.event_id).where(EmailSchedule.event_id.in_(event_ids))
        )
    )
    rows = []
    for event_id in event_ids:
        if event_id in have:
            continue
        rows += [
            {"event_id": event_id, "kind": ScheduleKind.REMINDER, "offset_minutes": m}
            for m in DEFAULT_REMINDERS
        ]
        rows.append(
            {
                "event_id": event_id,
                "kind": ScheduleKind.FOLLOW_UP,
                "offset_minutes": DEFAULT_FOLLOW_UP,
            }
        )
    if rows:
        now = utcnow()
        db.session.execute(
            _insert()(EmailSchedule)
            .values([{**r, "active": True, "created_at": now} for r in rows])
            .on_conflict_do_nothing()
        )
        db.session.flush()


def schedules_of(event: Event, *, include_off: bool = False) -> list[EmailSchedule]:
    _ensure_defaults([event.id])
    stmt = sa.select(EmailSchedule).where(EmailSchedule.event_id == event.id)
    if not include_off:
        stmt = stmt.where(EmailSchedule.active.is_(True))
    rows = db.session.scalars(stmt.order_by(EmailSchedule.offset_minutes.desc()))
    # Reminders first, the earliest first; then the follow-up: the order they go out in.
    return sorted(rows, key=lambda s: s.kind is not ScheduleKind.REMINDER)


def add_schedule(event: Event, kind: ScheduleKind, offset_minutes: int) -> EmailSchedule:
    limit = MAX_REMINDER_OFFSET if kind is ScheduleKind.REMINDER else MAX_FOLLOW_UP_OFFSET
    if not 0 <= offset_minutes <= limit:
        raise DomainError(f"Choose an offset from 0 to {limit // (24 * 60)} days.", "offset")
    existing = {(s.kind, s.offset_minutes): s for s in schedules_of(event, include_off=True)}
    if kind is ScheduleKind.FOLLOW_UP:
        # One follow-up per event: setting it moves it (a new schedule, so a new key).
        for s in existing.values():
            if s.kind is ScheduleKind.FOLLOW_UP and s.offset_minutes != offset_minutes:
                s.active = False
    schedule = existing.get((kind, offset_minutes))
    if schedule is None:
        schedule = EmailSchedule(event_id=event.id, kind=kind, offset_minutes=offset_minutes)
        db.session.add(schedule)
    schedule.active = True
    db.session.flush()
    return schedule


def remove_schedule(event: Event, schedule_id: int) -> None:
    schedule = db.session.get(EmailSchedule, schedule_id)
    if schedule is None or schedule.event_id != event.id:
        raise NotFound("There is no such email schedule.")
    schedule.active = False
    db.session.flush()


def due_at(event: Event, schedule: EmailSchedule) -> datetime:
    offset = timedelta(minutes=schedule.offset_minutes)
    if schedule.kind is ScheduleKind.REMINDER:
        return event.starts_at - offset
    return event.ends_at + offset


def describe_offset(minutes: int) -> str:
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in
             ((days, "day"), (hours, "hour"), (mins, "minute")) if n]  # fmt: skip
    return " ".join(parts) or "0 minutes"
