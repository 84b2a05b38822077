"""Registration rules: places per mode, the waitlist, approval, invitations, check-in.

Every service that checks free places and then changes them takes the event's row lock
first (``lock_row``), before it reads any count, so concurrent requests queue up behind
each other and confirmed registrations never exceed capacity (SPEC §3).
"""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from eventnet.accounts import hooks
from eventnet.accounts.models import User
from eventnet.db import lock_row, utcnow
from eventnet.errors import Conflict, DomainError, NotFound
from eventnet.events import times
from eventnet.events.models import Event, EventFormat, EventStatus, RegistrationMode
from eventnet.events.services import can_see_event
from eventnet.extensions import db
from eventnet.mail.services import queue_email
from eventnet.networks.services import can_organise
from eventnet.registration import access
from eventnet.registration.models import (
    AttendanceMode,
    EventInvitation,
    Registration,
    RegistrationStatus,
)
from eventnet.urls import absolute_url

CONFIRMED = RegistrationStatus.CONFIRMED
WAITLISTED = RegistrationStatus.WAITLISTED
PENDING = RegistrationStatus.PENDING
DECLINED = RegistrationStatus.DECLINED
CANCELLED = RegistrationStatus.CANCELLED


# --- places and figures ----------------------------------------------------------------------


def modes_of(event: Event) -> list[AttendanceMode]:
    return {
        EventFormat.IN_PERSON: [AttendanceMode.IN_PERSON],
        EventFormat.VIRTUAL: [AttendanceMode.ONLINE],
        EventFormat.HYBRID: [AttendanceMode.IN_PERSON, AttendanceMode.ONLINE],
    }[event.format]


def capacity_of(event: Event, mode: AttendanceMode) -> int | None:
    """Places for ``mode``; None is unlimited."""
    if mode is AttendanceMode.IN_PERSON:
        return event.capacity_in_person
    return event.capacity_online


@dataclass
class Figures:
    """How many registrations an event has, by status and attendance mode."""

    counts: dict[tuple[RegistrationStatus, AttendanceMode], int] = field(
        default_factory=lambda: defaultdict(int)
    )
    checked_in_by_mode: dict[AttendanceMode, int] = field(default_factory=lambda: defaultdict(int))

    def count(self, status: RegistrationStatus, mode: AttendanceMode | None = None) -> int:
        if mode is not None:
            return self.counts[(status, mode)]
        return sum(n for (s, _), n in self.counts.items() if s is status)

    @property
    def confirmed(self) -> int:
        return self.count(CONFIRMED)

    @property
    def waitlisted(self) -> int:
        return self.count(WAITLISTED)

    @property
    def pending(self) -> int:
        return self.count(PENDING)

    @property
    def checked_in(self) -> int:
        return sum(self.checked_in_by_mode.values())


def figures_for(event_ids: list[int]) -> dict[int, Figures]:
    """Figures of many events in one query (pages must not query once per event)."""
    result: dict[int, Figures] = defaultdict(Figures)
    if not event_ids:
        return result
    rows = db.session.execute(
        sa.select(
            Registration.event_id,
            Registration.status,
            Registration.mode,
            sa.func.count(),
            sa.func.count(Registration.checked_in_at),
        )
        .where(Registration.event_id.in_(event_ids))
        .group_by(Registration.event_id, Registration.status, Registration.mode)
    )
    for event_id, status, mode, count, checked_in in rows:
        figures = result[event_id]
        figures.counts[(status, mode)] += count
        if status is CONFIRMED:
            figures.checked_in_by_mode[mode] += checked_in
    return result


def figures(event: Event) -> Figures:
    return figures_for([event.id])[event.id]


def places_left(event: Event, figures: Figures, mode: AttendanceMode) -> int | None:
    """Free places for ``mode``, or None when unlimited."""
    capacity = capacity_of(event, mode)
    if capacity is None:
        return None
    return max(0, capacity - figures.count(CONFIRMED, mode))


def _confirmed_count(event: Event, mode: AttendanceMode) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.status == CONFIRMED,
            Registration.mode == mode,
        )
    )


def _has_place(event: Event, mode: AttendanceMode) -> bool:
    """Call only while holding the event's lock."""
    capacity = capacity_of(event, mode)
    return capacity is None or _confirmed_count(event, mode) < capacity


def _lock(event: Event) -> None:
    """Take the event's row lock, then reread it: what we read before may be stale."""
    lock_row(db.session, Event, event.id)
    db.session.refresh(event)


# --- reading registrations -------------------------------------------------------------------


def registration_of(event: Event, user) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        sa.select(Registration).where(
            Registration.event_id == event.id, Registration.user_id == user.id
        )
    )


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
            .where(Registration.event_id == event.id, access.attendee_clause())
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
        .where(Registration.event_id == event.id)
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
            .where(Registration.user_id == user.id)
            .order_by(Event.starts_at, Event.id)
        )
    )
    now = utcnow()
    return MyEvents(
        upcoming=[r for r in rows if r.event.ends_at > now],
        past=[r for r in reversed(rows) if r.event.ends_at <= now],
    )


# --- emails ----------------------------------------------------------------------------------


def _event_context(event: Event) -> dict:
    return {
        "event": event,
        "when": times.format_span(event.starts_at, event.ends_at, event.timezone),
        "link": absolute_url("events.show", slug=event.slug),
        "place": ", ".join(p for p in (event.venue_name, event.venue_address) if p),
    }


def _notify(registration: Registration, template: str, **extra) -> None:
    """Queue ``template`` to the registrant; each status change has its own dedupe key."""
    event, user = registration.event, registration.user
    attachments = ()
    if registration.status is CONFIRMED:
        # A confirmed place goes into the person's calendar: METHOD:REQUEST (SPEC §5).
        from eventnet.calendar.services import invitation_attachment

        attachments = (invitation_attachment(registration),)
    queue_email(
        to=user.email,
        to_name=user.name,
        user_id=user.id,
        template=template,
        context={
            **_event_context(event),
            "user": user,
            "registration": registration,
            "join_url": access.join_link_for(event, user, registration),
            **extra,
        },
        dedupe_key=f"{template.replace('_', '-')}:{registration.id}:{registration.revision}",
        category="registration",
        attachments=attachments,
    )


def _set_status(registration: Registration, status: RegistrationStatus) -> None:
    registration.status = status
    registration.status_changed_at = utcnow()
    registration.revision = (registration.revision or 0) + 1


# --- registering and cancelling --------------------------------------------------------------


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


def availability(event: Event, figures: Figures) -> str:
    """A short summary for lists and pages: "12 places left", "Full: waitlist", ..."""
    if event.status is EventStatus.CANCELLED:
        return "Cancelled"
    parts = []
    for mode in modes_of(event):
        left = places_left(event, figures, mode)
        suffix = f" {mode.label.lower()}" if event.format is EventFormat.HYBRID else ""
        if left is None:
            parts.append(f"places available{suffix}")
        elif left:
            parts.append(f"{left} place{'' if left == 1 else 's'} left{suffix}")
        else:
            parts.append(f"full{suffix}: waitlist")
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


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


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_for_token(event: Event, token: str) -> EventInvitation:
    invitation = db.session.scalar(
        sa.select(EventInvitation).where(
            EventInvitation.event_id == event.id, EventInvitation.token_hash == _hash(token or "")
        )
    )
    if invitation is None:
        raise NotFound("This invitation link is not valid.")
    return invitation


def _use_invitation(event: Event, user: User, token: str | None) -> None:
    if not token:
        raise DomainError("This event is by invitation only: use the link in your invitation.")
    invitation = invitation_for_token(event, token)
    if invitation.email != user.email:
        raise DomainError(
            "This invitation was sent to another email address. Log in with that address to "
            f"accept it (you are logged in as {user.email})."
        )
    if invitation.accepted_by_id not in (None, user.id):
        raise DomainError("This invitation has already been used.")
    invitation.accepted_at = invitation.accepted_at or utcnow()
    invitation.accepted_by_id = user.id


def register(
    event: Event,
    user: User,
    mode: AttendanceMode | str | None = None,
    *,
    invitation_token: str | None = None,
) -> Registration:
    """Register ``user``: confirmed while places last, then waitlisted; pending when the
    organisers approve each person. Emails the outcome."""
    _lock(event)
    _check_open(event, user)
    chosen = _choose_mode(event, mode)
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
    if event.registration_mode is RegistrationMode.APPROVAL and not organiser:
        status = PENDING
    else:
        status = CONFIRMED if _has_place(event, chosen) else WAITLISTED
    if registration is None:
        registration = Registration(event=event, user=user, revision=0)
        db.session.add(registration)
    registration.mode = chosen
    registration.registered_at = utcnow()
    registration.checked_in_at = None
    _set_status(registration, status)
    db.session.flush()
    _notify(
        registration,
        {
            CONFIRMED: "registration_confirmed",
            WAITLISTED: "registration_waitlisted",
            PENDING: "registration_pending",
        }[status],
        position=waitlist_position(registration),
    )
    return registration


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


# --- organiser decisions ---------------------------------------------------------------------


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


def check_in(registration: Registration, organiser: User) -> bool:
    """Mark a confirmed person as arrived. Idempotent: returns False if already checked in."""
    if registration.status is not CONFIRMED:
        raise DomainError("Only confirmed registrations can be checked in.")
    if registration.checked_in_at is not None:
        return False
    registration.checked_in_at = utcnow()
    registration.checked_in_by_id = organiser.id
    db.session.flush()
    return True


def undo_check_in(registration: Registration) -> None:
    registration.checked_in_at = None
    registration.checked_in_by_id = None
    db.session.flush()


# --- invitations -----------------------------------------------------------------------------


def invite(event: Event, inviter: User, email: str) -> EventInvitation:
    """Email a link that lets ``email`` register for an invite-only event (a new link each time)."""
    from eventnet.accounts.services import find_by_email, normalise_email

    if event.registration_mode is not RegistrationMode.INVITE:
        raise DomainError("Invitations are for events whose registration is by invitation.")
    if event.status is not EventStatus.PUBLISHED:
        raise DomainError("Publish the event before inviting people.")
    email = normalise_email(email)
    person = find_by_email(email)
    if person is not None:
        existing = registration_of(event, person)
        if existing is not None and existing.status.is_active:
            raise DomainError("That person is already registered.", "email")
    invitation = db.session.scalar(
        sa.select(EventInvitation).where(
            EventInvitation.event_id == event.id, EventInvitation.email == email
        )
    )
    token = secrets.token_urlsafe(32)
    if invitation is None:
        invitation = EventInvitation(event=event, email=email)
        db.session.add(invitation)
    invitation.token_hash = _hash(token)
    invitation.invited_by_id = inviter.id
    invitation.accepted_at = invitation.accepted_by_id = None
    db.session.flush()
    queue_email(
        to=email,
        user_id=person.id if person else None,
        template="event_invitation",
        context={
            **_event_context(event),
            "inviter_name": inviter.name,
            "email": email,
            "invitation_link": absolute_url(
                "registration.invitation", slug=event.slug, token=token
            ),
        },
        dedupe_key=f"event-invitation:{invitation.id}:{token[-16:]}",
        category="registration",
    )
    return invitation


def invitations_of(event: Event) -> list[EventInvitation]:
    return list(
        db.session.scalars(
            sa.select(EventInvitation)
            .where(EventInvitation.event_id == event.id)
            .order_by(EventInvitation.created_at.desc(), EventInvitation.id.desc())
        )
    )


# --- the event is cancelled ------------------------------------------------------------------


def notify_event_cancelled(event: Event) -> int:
    """Email everyone confirmed, waitlisted or pending that ``event`` is cancelled; confirmed
    people get METHOD:CANCEL for their calendar."""
    from eventnet.notifications.services import cancellation_attachments

    registrations = db.session.scalars(
        sa.select(Registration)
        .options(joinedload(Registration.user))
        .where(
            Registration.event_id == event.id,
            Registration.status.in_([CONFIRMED, WAITLISTED, PENDING]),
        )
        .order_by(Registration.id)
    ).all()
    for registration in registrations:
        queue_email(
            to=registration.user.email,
            to_name=registration.user.name,
            user_id=registration.user_id,
            template="event_cancelled",
            context={
                **_event_context(event),
                "user": registration.user,
                "message": event.cancellation_message,
            },
            dedupe_key=f"event-cancelled:{event.id}:{registration.id}",
            category="registration",
            attachments=cancellation_attachments(event, registration),
        )
    return len(registrations)


# --- the account registries ------------------------------------------------------------------


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@hooks.exporter("registrations")
def _export_registrations(user: User) -> list[dict]:
    mine = my_registrations(user)
    return [
        {
            "event": r.event.title,
            "event_url": absolute_url("events.show", slug=r.event.slug),
            "network": r.event.network.name,
            "starts_at": _moment(r.event.starts_at),
            "status": r.status.value,
            "attendance": r.mode.value,
            "registered_at": _moment(r.registered_at),
            "checked_in_at": _moment(r.checked_in_at),
        }
        for r in mine.upcoming + mine.past
    ]


@hooks.on_account_deletion(
    "Your registrations are cancelled; your places go to the next people on the waitlists."
)
def _cancel_registrations_on_deletion(user: User) -> None:
    active = db.session.scalars(
        sa.select(Registration)
        .join(Registration.event)
        .where(
            Registration.user_id == user.id,
            Registration.status.in_([CONFIRMED, WAITLISTED, PENDING]),
            Event.ends_at > utcnow(),
        )
        .order_by(Registration.event_id)  # locks in one order everywhere: no deadlocks
    ).all()
    for registration in active:
        cancel(registration)
