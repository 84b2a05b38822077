"""Organiser decisions: approving or declining requests, checking people in."""

from __future__ import annotations

from datetime import date

from eventnet.accounts.models import User
from eventnet.db import utcnow
from eventnet.errors import DomainError
from eventnet.events import times
from eventnet.extensions import db
from eventnet.registration.models import Registration
from eventnet.registration.services._common import (
    CONFIRMED,
    DECLINED,
    PENDING,
    WAITLISTED,
    _lock,
    _set_status,
)
from eventnet.registration.services.capacity import _has_place
from eventnet.registration.services.emails import _notify
from eventnet.registration.services.lists import waitlist_position


def approve(registration: Registration) -> Registration:
    """Approve a pending request: a place if one is free, else the waitlist."""
    event = registration.event
    _lock(event)
    db.session.refresh(registration)
    if registration.status is not PENDING:
        raise DomainError("Only pending requests can be approved.")
    _set_status(registration, CONFIRMED if _has_place(event, registration.mode) else WAITLISTED)
    registration.registered_at = utcnow()  # waitlisted from now, behind those already waiting
    db.session.flush()
    _notify(registration, "registration_approved", position=waitlist_position(registration))
    return registration


def decline(registration: Registration) -> Registration:
    if registration.status is not PENDING:
        raise DomainError("Only pending requests can be declined.")
    _set_status(registration, DECLINED)
    db.session.flush()
    _notify(registration, "registration_declined")
    return registration


class NotEventDay(DomainError):
    """Checking in on a day the event does not run: the door asks to confirm (``anyway``)."""

    code = "not_event_day"


def _event_days(registration: Registration) -> tuple[date, date]:
    event = registration.event
    return (
        times.in_zone(event.starts_at, event.timezone).date(),
        times.in_zone(event.ends_at, event.timezone).date(),
    )


def check_in(registration: Registration, organiser: User, *, anyway: bool = False) -> bool:
    """Mark a confirmed person as arrived. Idempotent: returns False if already checked in.
    Outside the event's days (in its time zone) refused with ``NotEventDay`` unless
    ``anyway``: someone checked in nine days early is more likely a slip than an arrival."""
    if registration.status is not CONFIRMED:
        raise DomainError("Only confirmed registrations can be checked in.")
    if registration.checked_in_at is not None:
        return False
    first, last = _event_days(registration)
    today = times.in_zone(utcnow(), registration.event.timezone).date()
    if not anyway and not first <= today <= last:
        raise NotEventDay(f"The event is on {first:%a} {first.day} {first:%B}; check in anyway?")
    registration.checked_in_at = utcnow()
    registration.checked_in_by_id = organiser.id
    db.session.flush()
    return True


def undo_check_in(registration: Registration) -> None:
    registration.checked_in_at = None
    registration.checked_in_by_id = None
    db.session.flush()
