"""Badge rules: issue on confirmation, reissue, find by token or short code, who is scanning."""

from __future__ import annotations

import enum
import functools
import re
import secrets
from collections.abc import Iterable
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import aliased, contains_eager, joinedload

from eventnet.accounts.models import User
from eventnet.badges import qr
from eventnet.badges.models import SHORT_CODE_LENGTH, Badge
from eventnet.db import insert_for, utcnow
from eventnet.errors import DomainError, NotFound
from eventnet.events.access import organises_event_clause
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.profiles.models import Profile
from eventnet.registration.access import attendee_clause, is_attendee
from eventnet.registration.models import Registration
from eventnet.registration.services import confirmed_attendees
from eventnet.urls import absolute_url

TOKEN_BYTES = 24  # 192 random bits; token_urlsafe gives 32 characters
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
# No 0/O, 1/I/L: nothing that reads as something else on a printed badge.
SHORT_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_short_code() -> str:
    return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))


def normalise_short_code(text: str | None) -> str:
    """What people type: any case, with spaces or the dash printed in the middle."""
    return re.sub(r"[\s-]", "", (text or "")[:40]).upper()


def badge_address(token: str) -> str:
    """What the QR holds: only the address, no personal data (SPEC §4)."""
    return absolute_url("badges.scan", token=token)


# --- issuing ---------------------------------------------------------------------------------


def _free_short_code(event_id: int) -> str:
    taken = set(db.session.scalars(sa.select(Badge.short_code).where(Badge.event_id == event_id)))
    while True:
        code = new_short_code()
        if code not in taken:
            return code


def _drawing(event_id: int) -> dict:
    """A new token, short code and QR for a badge of the event."""
    token = new_token()
    png, svg = qr.draw(badge_address(token))
    return {
        "token": token,
        "short_code": _free_short_code(event_id),
        "issued_at": utcnow(),
        "qr_png": png,
        "qr_svg": svg,
    }


def _draw(badge: Badge) -> None:
    """Redraw: the old badge stops working at once."""
    for name, value in _drawing(badge.event_id).items():
        setattr(badge, name, value)


def badge_of(registration: Registration) -> Badge | None:
    return db.session.scalar(sa.select(Badge).where(Badge.registration_id == registration.id))


def ensure_badge(registration: Registration) -> Badge:
    """The registration's badge, issued now if it has none. Only confirmed people have one.

    Badges are issued on read (the badge page, the PDF, the organisers' sheet) rather than
    inside the registration services: confirming stays fast and under the event lock for no
    longer than needed, and nobody needs a badge before they look at it.
    """
    if not is_attendee(registration):
        raise DomainError("Only confirmed registrations have a badge.")
    badge = badge_of(registration)
    if badge is None:
        _issue(registration)
        badge = badge_of(registration)
    return badge


def _issue(registration: Registration) -> None:
    """INSERT … ON CONFLICT DO NOTHING on the registration: when the badge page is opened
    twenty times at once, one badge is issued and every request shows that one."""
    db.session.execute(
        insert_for(db.session, Badge)
        .values(
            registration_id=registration.id,
            event_id=registration.event_id,
            created_at=utcnow(),
            **_drawing(registration.event_id),
        )
        .on_conflict_do_nothing(index_elements=["registration_id"])
    )


def ensure_badges(registrations: Iterable[Registration]) -> dict[int, Badge]:
    """Badges of many confirmed registrations (the organisers' sheet): one query, then issue
    the missing ones. Keyed by registration id."""
    registrations = [r for r in registrations if is_attendee(r)]
    ids = [r.id for r in registrations]
    found = (
        {
            b.registration_id: b
            for b in db.session.scalars(
                sa.select(Badge)
                .options(sa.orm.undefer(Badge.qr_png))
                .where(Badge.registration_id.in_(ids))
            )
        }
        if ids
        else {}
    )
    for registration in registrations:
        if registration.id not in found:
            found[registration.id] = ensure_badge(registration)
    return found


def reissue(badge: Badge) -> Badge:
    _draw(badge)
    db.session.flush()
    return badge


# --- finding ---------------------------------------------------------------------------------


def badge_for_token(token: str) -> Badge | None:
    """The badge, its registration, person and event; None for an unknown or reissued token.

    A malformed token still costs one lookup, so answers take the same time either way.
    """
    wanted = token if TOKEN_RE.match(token or "") else "-"
    return db.session.scalar(
        sa.select(Badge)
        .options(
            joinedload(Badge.registration).joinedload(Registration.user),
            joinedload(Badge.registration).joinedload(Registration.event).joinedload(Event.network),
        )
        .where(Badge.token == wanted)
    )


def badge_for_short_code(event: Event, code: str) -> Badge:
    """Among ``event``'s badges only; a code of another event is not found."""
    code = normalise_short_code(code)
    if len(code) != SHORT_CODE_LENGTH or any(c not in SHORT_CODE_ALPHABET for c in code):
        raise DomainError(
            "A badge code is 8 letters and digits, as printed under the QR code.", "code"
        )
    badge = db.session.scalar(
        sa.select(Badge).where(Badge.event_id == event.id, Badge.short_code == code)
    )
    if badge is None:
        raise NotFound("No badge of this event has that code. Check it and try again.", "code")
    return badge


def own_badge(event: Event, user: User) -> Badge:
    """``user``'s badge for ``event``; 404 unless they are confirmed there."""
    registration = confirmed_registration(event, user)
    if registration is None:
        raise NotFound("You have no badge for this event.")
    return ensure_badge(registration)


def confirmed_registration(event: Event, user) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        sa.select(Registration).where(
            Registration.event_id == event.id,
            Registration.user_id == user.id,
            attendee_clause(),
        )
    )


# --- who is scanning -------------------------------------------------------------------------


class Visitor(enum.Enum):
    OWNER = "owner"  # the badge's own person
    ORGANISER = "organiser"  # offers check-in
    ATTENDEE = "attendee"  # a confirmed attendee of the same event: exchange contacts
    OTHER = "other"  # anonymous, or not confirmed at this event: public card only


class _Scanner(NamedTuple):
    """A scanner as the SQL twins read a user, with the id left as the query's parameter."""

    is_authenticated: bool
    is_admin: bool
    id: sa.BindParameter


@functools.cache
def _scan_query(signed_in: bool, admin: bool) -> sa.Select:
    """Built once for each kind of scanner: building it cost more than running it."""
    scanner = _Scanner(signed_in, admin, sa.bindparam("scanner_id"))
    theirs = aliased(Registration)  # the scanner's own registration, beside the badge's
    attends = (
        sa.select(theirs.id)
        .where(
            theirs.event_id == Badge.event_id,
            theirs.user_id == scanner.id,
            attendee_clause(theirs),
        )
        .exists()
        if signed_in
        else sa.false()
    )
    return (
        sa.select(Badge, organises_event_clause(scanner), attends)
        .join(Badge.registration)
        .join(Registration.user)
        .join(Registration.event)
        .join(Event.network)
        .options(
            contains_eager(Badge.registration).contains_eager(Registration.user),
            contains_eager(Badge.registration)
            .contains_eager(Registration.event)
            .contains_eager(Event.network),
        )
        .where(Badge.token == sa.bindparam("token"))
    )


def scanned_badge(token: str, user) -> tuple[Badge | None, Visitor]:
    """The badge (as ``badge_for_token`` loads it) and who ``user`` is to it, in one query:
    the scanner's organiser role and confirmed place ride along as two EXISTS columns.

    A malformed token still costs one lookup, so answers take the same time either way.
    """
    wanted = token if TOKEN_RE.match(token or "") else "-"
    signed_in = bool(getattr(user, "is_authenticated", False))
    query = _scan_query(signed_in, signed_in and bool(user.is_admin))
    row = db.session.execute(
        query, {"token": wanted, "scanner_id": user.id if signed_in else None}
    ).first()
    if row is None:
        return None, Visitor.OTHER
    badge, organises, attends = row
    return badge, _visitor(badge, user, organises=bool(organises), attends=bool(attends))


def _visitor(badge: Badge, user, *, organises: bool, attends: bool) -> Visitor:
    if not getattr(user, "is_authenticated", False):
        return Visitor.OTHER
    if badge.registration.user_id == user.id:
        return Visitor.OWNER
    if organises:
        return Visitor.ORGANISER
    if attends:
        return Visitor.ATTENDEE
    return Visitor.OTHER


def scannable(badge: Badge | None, visitor_is_organiser: bool = False) -> bool:
    """A badge works while its registration is confirmed; organisers also see cancelled ones
    (to tell the person at the door why)."""
    if badge is None:
        return False
    return visitor_is_organiser or is_attendee(badge.registration)


def sheet_registrations(event: Event) -> list[Registration]:
    """Confirmed attendees sorted by name, as the sheet prints them."""

    return sorted(confirmed_attendees(event), key=lambda r: (r.user.name.casefold(), r.user_id))


def get_badge_of_registration(event: Event, registration_id: int) -> Badge:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        raise NotFound("There is no such registration.")
    badge = badge_of(registration)
    if badge is None:
        raise NotFound("That person has no badge yet.")
    return badge


# --- the door kiosk --------------------------------------------------------------------------

KIOSK_RESULTS = 20


class KioskMatch(NamedTuple):
    registration: Registration
    organisation: str


def kiosk_search(event: Event, words: str) -> list[KioskMatch]:
    """Confirmed attendees of ``event`` whose name, email or organisation contains ``words``
    (case-insensitive), by name, at most ``KIOSK_RESULTS``: one query whatever the size."""
    words = " ".join(words.split())[:100]
    if not words:
        return []
    pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = db.session.execute(
        sa.select(Registration, sa.func.coalesce(Profile.organisation, ""))
        .join(Registration.user)
        .outerjoin(Profile, Profile.user_id == User.id)
        .options(contains_eager(Registration.user))
        .where(
            Registration.event_id == event.id,
            attendee_clause(),
            sa.or_(
                User.name.ilike(pattern, escape="\\"),
                User.email.ilike(pattern, escape="\\"),
                Profile.organisation.ilike(pattern, escape="\\"),
            ),
        )
        .order_by(User.name, User.id)
        .limit(KIOSK_RESULTS)
    )
    return [KioskMatch(registration, organisation) for registration, organisation in rows]
