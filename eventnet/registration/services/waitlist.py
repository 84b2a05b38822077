"""The waitlist: promoting into free places, and an organiser moving someone off it."""

from __future__ import annotations

import sqlalchemy as sa

from eventnet.errors import DomainError
from eventnet.events.models import Event, EventStatus
from eventnet.extensions import db
from eventnet.registration.models import AttendanceMode, Registration
from eventnet.registration.services._common import CONFIRMED, WAITLISTED, _lock, _set_status
from eventnet.registration.services.capacity import _confirmed_count, _has_place, modes_of
from eventnet.registration.services.emails import _notify


def promote_from_waitlist(event: Event, mode: AttendanceMode) -> list[Registration]:
    """Fill free ``mode`` places with the oldest waitlisted people, emailing each.

    The caller holds the event's lock (``_lock``).
    """
    promoted = []
    while _has_place(event, mode):
        oldest = db.session.scalar(
            sa.select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.mode == mode,
                Registration.status == WAITLISTED,
            )
            .order_by(Registration.registered_at, Registration.id)
            .limit(1)
        )
        if oldest is None:
            break
        _set_status(oldest, CONFIRMED)
        db.session.flush()
        _notify(oldest, "registration_promoted")
        promoted.append(oldest)
    return promoted


def fill_free_places(event: Event) -> list[Registration]:
    """After capacity changed (under the lock): promote into every free place."""
    if event.status is not EventStatus.PUBLISHED:
        return []
    promoted = []
    for mode in modes_of(event):
        promoted += promote_from_waitlist(event, mode)
    return promoted


def move_off_waitlist(registration: Registration) -> bool:
    """An organiser confirms this waitlisted person, ahead of the queue. When the mode is
    full its capacity is raised by one, so confirmed never exceeds capacity. Returns whether
    the capacity was raised."""
    event = registration.event
    _lock(event)
    db.session.refresh(registration)
    if registration.status is not WAITLISTED:
        raise DomainError("That person is not on the waitlist.")
    raised = False
    if not _has_place(event, registration.mode):
        confirmed = _confirmed_count(event, registration.mode)
        if registration.mode is AttendanceMode.IN_PERSON:
            event.capacity_in_person = confirmed + 1
        else:
            event.capacity_online = confirmed + 1
        raised = True
    _set_status(registration, CONFIRMED)
    db.session.flush()
    _notify(registration, "registration_promoted")
    return raised
