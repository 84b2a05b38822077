"""The slots of an event's meeting windows, and which are still free for two people."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from eventnet.accounts.models import User
from eventnet.db import utcnow
from eventnet.events.models import Event, EventFormat
from eventnet.extensions import db
from eventnet.meetings.models import Meeting, MeetingBooking, MeetingSettings
from eventnet.meetings.services._common import ACCEPTED
from eventnet.meetings.services.settings import settings_of
from eventnet.registration.access import attendee_clause
from eventnet.registration.models import AttendanceMode, Registration


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    ends_at: datetime


def slots_of(settings: MeetingSettings) -> list[Slot]:
    length = timedelta(minutes=settings.slot_minutes)
    slots = []
    for window in settings.windows:
        start = window.starts_at
        while start + length <= window.ends_at:
            slots.append(Slot(start, start + length))
            start += length
    return slots


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def _accepted_of(event: Event, user_ids) -> list[Meeting]:
    return list(
        db.session.scalars(
            sa.select(Meeting).where(
                Meeting.event_id == event.id,
                Meeting.status == ACCEPTED,
                sa.or_(Meeting.requester_id.in_(user_ids), Meeting.invitee_id.in_(user_ids)),
            )
        )
    )


def _taken_places(event: Event) -> dict[datetime, set[str]]:
    taken: dict[datetime, set[str]] = defaultdict(set)
    rows = db.session.execute(
        sa.select(MeetingBooking.starts_at, MeetingBooking.resource).where(
            MeetingBooking.event_id == event.id, MeetingBooking.resource.like("place:%")
        )
    )
    for starts_at, resource in rows:
        taken[starts_at].add(resource.removeprefix("place:"))
    return taken


def _registrations(event: Event, users) -> dict[int, Registration]:
    rows = db.session.scalars(
        sa.select(Registration).where(
            Registration.event_id == event.id,
            Registration.user_id.in_([u.id for u in users]),
            attendee_clause(),
        )
    )
    return {r.user_id: r for r in rows}


def _is_online(event: Event, registrations) -> bool:
    """Online when the event is, or when either person attends online (a mixed pair)."""
    if event.format is EventFormat.VIRTUAL:
        return True
    return any(r.mode is AttendanceMode.ONLINE for r in registrations)


def _needs_place(settings: MeetingSettings, online: bool) -> bool:
    return not online or settings.video_link_uses_places


def _count_accepted(event: Event, user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Meeting)
        .where(
            Meeting.event_id == event.id,
            Meeting.status == ACCEPTED,
            sa.or_(Meeting.requester_id == user.id, Meeting.invitee_id == user.id),
        )
    )


def free_slots(event: Event, requester: User, invitee: User, now: datetime | None = None):
    """Slots still to come where both are free and, for their kind of meeting, a place is left."""
    settings = settings_of(event)
    if settings is None or not settings.enabled:
        return []
    now = now or utcnow()
    registrations = _registrations(event, [requester, invitee])
    online = _is_online(event, registrations.values())
    busy = _accepted_of(event, [requester.id, invitee.id])
    taken = _taken_places(event) if _needs_place(settings, online) else {}
    free = []
    for slot in slots_of(settings):
        if slot.starts_at <= now:
            continue
        if any(_overlaps(slot.starts_at, slot.ends_at, m.starts_at, m.ends_at) for m in busy):
            continue
        if _needs_place(settings, online) and len(taken.get(slot.starts_at, ())) >= len(
            settings.places
        ):
            continue
        free.append(slot)
    return free
