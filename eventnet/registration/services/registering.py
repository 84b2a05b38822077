"""Registering for an event and cancelling: open or closed, the mode, the outcome."""

from __future__ import annotations

from collections.abc import Mapping

from eventnet.accounts.models import User
from eventnet.db import utcnow
from eventnet.errors import Conflict, DomainError, NotFound, Refusals
from eventnet.events import times
from eventnet.events.models import Event, EventStatus, RegistrationMode
from eventnet.events.services import can_see_event
from eventnet.extensions import db
from eventnet.networks.services import can_organise
from eventnet.registration.models import AttendanceMode, Registration, RegistrationStatus
from eventnet.registration.services._common import (
    CANCELLED,
    CONFIRMED,
    DECLINED,
    PENDING,
    WAITLISTED,
    _lock,
    _set_status,
)
from eventnet.registration.services.capacity import _has_place, modes_of
from eventnet.registration.services.emails import _notify
from eventnet.registration.services.invitations import _use_invitation
from eventnet.registration.services.lists import registration_of, waitlist_position
from eventnet.registration.services.questions import check_answers, save_answers
from eventnet.registration.services.waitlist import promote_from_waitlist


def closed_reason(event: Event) -> str | None:
    """Why nobody can register now, or None while registration is open."""
    if event.status is EventStatus.CANCELLED:
        return "This event has been cancelled."
    if event.status is EventStatus.DRAFT:
        return "This event is not open for registration yet."
    now = utcnow()
    if event.registration_opens_at and now < event.registration_opens_at:
        opens = times.format_moment(event.registration_opens_at, event.timezone)
        return f"Registration opens on {opens}."
    if now >= (event.registration_closes_at or event.ends_at):
        return "Registration for this event has closed."
    return None


def _check_open(event: Event, user) -> None:
    if not can_see_event(event, user):
        raise NotFound("There is no such event.")
    reason = closed_reason(event)
    if reason:
        raise DomainError(reason)


def _choose_mode(event: Event, mode: AttendanceMode | str | None) -> AttendanceMode:
    modes = modes_of(event)
    if len(modes) == 1:
        return modes[0]
    try:
        chosen = AttendanceMode(mode) if mode is not None else None
    except ValueError:
        chosen = None
    if chosen not in modes:
        raise DomainError("Choose whether you will attend in person or online.", "mode")
    return chosen


def check_registering(
    event: Event, mode: AttendanceMode | str | None, answers: Mapping[int, str | None] | None
):
    """The chosen mode and the checked answers, or every refusal of the two at once."""
    refusals = Refusals()
    chosen = None
    with refusals.checking():
        chosen = _choose_mode(event, mode)
    checked = check_answers(event, answers, refusals)
    refusals.raise_if_any()
    return chosen, checked


def register(
    event: Event,
    user: User,
    mode: AttendanceMode | str | None = None,
    *,
    invitation_token: str | None = None,
    answers: Mapping[int, str | None] | None = None,
) -> Registration:
    """Register ``user``: confirmed while places last, then waitlisted; pending when the
    organisers approve each person. Emails the outcome. Who may see the event is checked
    here, under the lock (the caller need not have). ``answers``: to the event's questions,
    by question id; a missing required answer or a choice not offered is refused, with the
    mode's refusal, all at once."""
    _lock(event)
    _check_open(event, user)
    chosen, checked = check_registering(event, mode, answers)
    registration = registration_of(event, user)
    if registration is not None:
        db.session.refresh(registration)
        if registration.status.is_active:
            raise Conflict(
                {
                    CONFIRMED: "You are already registered for this event.",
                    WAITLISTED: "You are already on the waitlist for this event.",
                    PENDING: "You have already asked for a place; the organisers will decide.",
                }[registration.status]
            )
        if registration.status is DECLINED:
            raise DomainError("The organisers have declined your registration for this event.")
    organiser = can_organise(event.network, user)
    if event.registration_mode is RegistrationMode.INVITE and not organiser:
        _use_invitation(event, user, invitation_token)
    status = decided_status(event, chosen, organiser=organiser)
    if registration is None:
        registration = Registration(event=event, user=user, revision=0)
        db.session.add(registration)
    registration.mode = chosen
    registration.registered_at = utcnow()
    registration.checked_in_at = None
    _set_status(registration, status)
    db.session.flush()
    save_answers(registration, checked)
    notify_decided(registration)
    return registration


def decided_status(event: Event, mode: AttendanceMode, *, organiser: bool) -> RegistrationStatus:
    """Where a new registration stands (the caller holds the event's lock): pending where the
    organisers approve each person (not for an organiser), else confirmed while ``mode``
    has a place, else waitlisted."""
    if event.registration_mode is RegistrationMode.APPROVAL and not organiser:
        return PENDING
    return CONFIRMED if _has_place(event, mode) else WAITLISTED


def notify_decided(registration: Registration) -> None:
    """The email that tells a newly decided registration where it stands."""
    _notify(
        registration,
        {
            CONFIRMED: "registration_confirmed",
            WAITLISTED: "registration_waitlisted",
            PENDING: "registration_pending",
        }[registration.status],
        position=waitlist_position(registration),
    )


def cancel(registration: Registration) -> list[Registration]:
    """The registrant gives up their place (or waitlist spot, or request); a freed place
    goes to the oldest waitlisted person in the same transaction. Returns who was promoted."""
    event = registration.event
    _lock(event)
    db.session.refresh(registration)
    if not registration.status.is_active:
        raise DomainError("You are not registered for this event.")
    if event.ends_at <= utcnow():
        raise DomainError("This event is over.")
    freed = registration.status is CONFIRMED
    _set_status(registration, CANCELLED)
    registration.checked_in_at = None
    db.session.flush()
    if freed and event.status is EventStatus.PUBLISHED:
        return promote_from_waitlist(event, registration.mode)
    return []


def change_mode(registration: Registration, mode: AttendanceMode | str | None) -> Registration:
    """A confirmed attendee of a hybrid event switches between in person and online, while
    the other mode has a place; the place they leave goes to that mode's waitlist."""
    event = registration.event
    _lock(event)
    db.session.refresh(registration)
    if registration.status is not CONFIRMED:
        raise DomainError("Only confirmed attendees can change how they attend.")
    if event.status is EventStatus.CANCELLED:
        raise DomainError("This event has been cancelled.")
    if event.ends_at <= utcnow():
        raise DomainError("This event is over.")
    chosen = _choose_mode(event, mode)
    if chosen is registration.mode:
        return registration
    if not _has_place(event, chosen):
        raise DomainError(f"{chosen.label} is full: keep your place, or cancel it.", "mode")
    left = registration.mode
    registration.mode = chosen
    registration.checked_in_at = None
    db.session.flush()
    if event.status is EventStatus.PUBLISHED:
        promote_from_waitlist(event, left)
    return registration
