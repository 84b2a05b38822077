"""Reading registrations: one person's, the organisers' list, the waitlist position."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from eventnet.accounts.models import User
from eventnet.db import remembered_one, utcnow
from eventnet.errors import NotFound
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.registration.access import attendee_clause
from eventnet.registration.models import Registration, RegistrationStatus
from eventnet.registration.services._common import (
    CANCELLED,
    CONFIRMED,
    DECLINED,
    PENDING,
    PENDING_EMAIL,
    WAITLISTED,
)


def registration_of(event: Event, user) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return remembered_one(db.session, Registration, event_id=event.id, user_id=user.id)


def get_registration(event: Event, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        raise NotFound("There is no such registration.")
    return registration


def confirmed_attendees(event: Event) -> list[Registration]:
    return list(
        db.session.scalars(
            sa.select(Registration)
            .join(Registration.user)
            .options(joinedload(Registration.user))
            .where(Registration.event_id == event.id, attendee_clause())
            .order_by(User.name, User.id)
        )
    )


STATUS_ORDER = [PENDING, CONFIRMED, WAITLISTED, DECLINED, CANCELLED]


def registrations_for_organisers(
    event: Event, search: str = "", status: RegistrationStatus | None = None
) -> list[Registration]:
    """The dashboard's list: by status, then first come first; ``search`` matches name or email."""
    stmt = (
        sa.select(Registration)
        .join(Registration.user)
        .options(joinedload(Registration.user))
        # An address nobody has confirmed yet is not an attendee, nor a name to show.
        .where(Registration.event_id == event.id, Registration.status != PENDING_EMAIL)
        .order_by(Registration.registered_at, Registration.id)
    )
    search = search.replace("\x00", "").strip()[:100]
    if search:
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(
            sa.or_(User.name.ilike(pattern, escape="\\"), User.email.ilike(pattern, escape="\\"))
        )
    if status is not None:
        stmt = stmt.where(Registration.status == status)
    registrations = list(db.session.scalars(stmt))
    return sorted(registrations, key=lambda r: STATUS_ORDER.index(r.status))


def waitlist_position(registration: Registration) -> int | None:
    if registration.status is not WAITLISTED:
        return None
    ahead = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Registration)
        .where(
            Registration.event_id == registration.event_id,
            Registration.mode == registration.mode,
            Registration.status == WAITLISTED,
            sa.or_(
                Registration.registered_at < registration.registered_at,
                sa.and_(
                    Registration.registered_at == registration.registered_at,
                    Registration.id < registration.id,
                ),
            ),
        )
    )
    return ahead + 1


@dataclass
class MyEvents:
    upcoming: list[Registration]
    past: list[Registration]


def my_registrations(user: User) -> MyEvents:
    rows = list(
        db.session.scalars(
            sa.select(Registration)
            .join(Registration.event)
            .options(joinedload(Registration.event).joinedload(Event.network))
            .where(Registration.user_id == user.id, Registration.status != PENDING_EMAIL)
            .order_by(Event.starts_at, Event.id)
        )
    )
    now = utcnow()
    return MyEvents(
        upcoming=[r for r in rows if r.event.ends_at > now],
        past=[r for r in reversed(rows) if r.event.ends_at <= now],
    )
