"""One-step registration from the event page: a name, an address, the mode.

The place is asked for now (``registered_at`` is now, the order it is served in) but held
by nothing: the registration waits as ``pending_email`` until the emailed link or code is
used, and then goes through the same rules as any other, under the same lock. An address
that already has an account gets the same email and the same answer, and nothing about
its registrations changes until its owner uses the email.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

import sqlalchemy as sa

from eventnet.accounts import sign_in
from eventnet.accounts.models import User
from eventnet.db import utcnow
from eventnet.errors import DomainError
from eventnet.events.models import Event, RegistrationMode
from eventnet.extensions import db
from eventnet.networks.services import can_organise
from eventnet.registration.models import Registration
from eventnet.registration.services._common import (
    CANCELLED,
    PENDING_EMAIL,
    _lock,
    _set_status,
)
from eventnet.registration.services.lists import registration_of
from eventnet.registration.services.questions import save_answers
from eventnet.registration.services.registering import (
    _check_open,
    check_registering,
    closed_reason,
    decided_status,
    notify_decided,
)

INVITE_ONLY = "This event is by invitation only. Use the link in your invitation email to register."


def register_by_email(
    event: Event,
    visitor,
    name: str,
    email: str,
    mode=None,
    *,
    next_path: str = "",
    answers: Mapping[int, str | None] | None = None,
) -> User:
    """A visitor (``visitor`` is the anonymous user) asks for a place by name and address;
    the email's link leads to ``next_path`` (the event's page). Returns the account the
    email went to: the caller must show nothing of it."""
    _lock(event)
    _check_open(event, visitor)
    if event.registration_mode is RegistrationMode.INVITE:
        raise DomainError(INVITE_ONLY)
    chosen, checked = check_registering(event, mode, answers)
    user = sign_in.passwordless_user(email, name)
    registration = registration_of(event, user)
    if registration is not None:
        db.session.refresh(registration)
    if registration is None:
        registration = Registration(event=event, user=user, revision=0)
        db.session.add(registration)
    if registration.status in (None, CANCELLED, PENDING_EMAIL):
        registration.mode = chosen
        registration.registered_at = utcnow()
        registration.checked_in_at = None
        _set_status(registration, PENDING_EMAIL)
        db.session.flush()
        save_answers(registration, checked)
    # Already registered, waiting or declined: the email signs them in, and the event page
    # then says where they stand.
    sign_in.email_sign_in(user, next_path=next_path, about=event.title)
    return user


def confirm_email_registrations(user: User) -> list[Registration]:
    """``user`` has proved their address: each one-step registration made within the
    sign-in lifetime is decided, oldest first, as ``register`` decides: confirmed while
    places last, else waitlisted (in the order it was made); pending where organisers
    approve. Older ones stay as they are and hold nothing."""
    cutoff = utcnow() - timedelta(seconds=sign_in.max_age())
    waiting = list(
        db.session.scalars(
            sa.select(Registration)
            .where(
                Registration.user_id == user.id,
                Registration.status == PENDING_EMAIL,
                Registration.registered_at >= cutoff,
            )
            .order_by(Registration.registered_at, Registration.id)
        )
    )
    decided = []
    for registration in waiting:
        event = registration.event
        _lock(event)
        db.session.refresh(registration)
        if registration.status is not PENDING_EMAIL or closed_reason(event):
            continue
        organiser = can_organise(event.network, user)
        _set_status(registration, decided_status(event, registration.mode, organiser=organiser))
        db.session.flush()
        notify_decided(registration)
        decided.append(registration)
    return decided
