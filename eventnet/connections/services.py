"""Connection rules: a scan records one connection per pair and event, consent decides who
sees whose contact details, each side keeps a private note and may remove it for itself."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from eventnet.accounts.models import User
from eventnet.connections.models import NOTE_MAX, Connection, Sharing
from eventnet.db import insert_for, utcnow
from eventnet.errors import DomainError, NotFound
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.profiles.models import Profile
from eventnet.profiles.services import profile_of, profiles_by_user
from eventnet.text import multi_line
from eventnet.urls import absolute_url


def _pair(a: User, b: User) -> tuple[int, int]:
    return (a.id, b.id) if a.id < b.id else (b.id, a.id)


def _consent(user_id: sa.BindParameter) -> sa.ColumnElement:
    """ "Share when scanned" (the default, like a business card; also with no card) or "ask
    me first": ``user_id``'s sharing on a new connection, as SQL for the INSERT."""
    sharing = Connection.__table__.c.low_sharing.type
    asks_first = (
        sa.select(Profile.id)
        .where(Profile.user_id == user_id, Profile.share_on_scan.is_(False))
        .exists()
    )
    return sa.case(
        (asks_first, sa.literal(Sharing.REQUESTED, sharing)),
        else_=sa.literal(Sharing.SHARED, sharing),
    )


def connection_between(event: Event, a: User, b: User) -> Connection | None:
    low, high = _pair(a, b)
    return db.session.scalar(
        sa.select(Connection).where(
            Connection.event_id == event.id,
            Connection.low_user_id == low,
            Connection.high_user_id == high,
        )
    )


@functools.cache
def _new_connection(dialect: str) -> sa.Insert:
    """The scan's INSERT, built once per database (building it cost more than running it)."""
    low, high = sa.bindparam("low"), sa.bindparam("high")
    return (
        insert_for(db.session, Connection)
        .values(
            event_id=sa.bindparam("event_id"),
            low_user_id=low,
            high_user_id=high,
            scanned_by_id=sa.bindparam("scanner"),
            low_note="",
            high_note="",
            low_sharing=_consent(low),
            high_sharing=_consent(high),
            created_at=sa.bindparam("created_at"),
        )
        .on_conflict_do_nothing(index_elements=["event_id", "low_user_id", "high_user_id"])
        .returning(Connection)
    )


def record_scan(event: Event, scanner: User, scanned: User) -> tuple[Connection, bool]:
    """``scanner`` scanned ``scanned``'s badge: the connection, and whether it is new.

    Idempotent: a second scan changes nothing, except that a scanner who had removed the
    connection gets it back. Each side's details follow that side's own choice; the caller
    has checked that both are confirmed attendees of ``event``.
    """
    if scanner.id == scanned.id:
        raise DomainError("This is your own badge.")
    low, high = _pair(scanner, scanned)
    # INSERT … ON CONFLICT DO NOTHING RETURNING: a first scan is one statement, and two
    # people scanning each other at the same moment make one row, without a savepoint
    # (which pysqlite would turn into a commit). A conflict returns nothing: read the row.
    created = db.session.scalar(
        _new_connection(db.session.get_bind().dialect.name),
        {
            "event_id": event.id,
            "low": low,
            "high": high,
            "scanner": scanner.id,
            "created_at": utcnow(),
        },
    )
    if created is not None:
        return created, True
    connection = connection_between(event, scanner, scanned)
    if connection.removed_by(scanner.id):
        connection.set_removed(scanner.id, None)
        db.session.flush()
    return connection, False


def contact_details(connection: Connection, viewer: User, profile: Profile | None) -> dict | None:
    """The other side's email and phone, only once they shared them; None otherwise."""
    if profile is None or not connection.sees_contact_of_other(viewer.id):
        return None
    details = {"email": profile.contact_email, "phone": profile.contact_phone}
    return details if any(details.values()) else None


def own_connection(user: User, connection_id: int) -> Connection:
    """One of ``user``'s connections (not removed by them); 404 for anyone else's."""
    connection = db.session.get(Connection, connection_id)
    if (
        connection is None
        or user.id not in (connection.low_user_id, connection.high_user_id)
        or connection.removed_by(user.id)
    ):
        raise NotFound("There is no such contact.")
    return connection


def set_note(connection: Connection, user: User, note: str) -> None:
    note = multi_line(note, "note")
    if len(note) > NOTE_MAX:
        raise DomainError(f"A note can be at most {NOTE_MAX} characters.", "note")
    connection.set_note(user.id, note)
    db.session.flush()


def share_my_details(connection: Connection, user: User) -> None:
    """Accept an exchange request (or share later with someone you ignored)."""
    connection.set_sharing(user.id, Sharing.SHARED)
    db.session.flush()


def ignore_request(connection: Connection, user: User) -> None:
    if connection.sharing_of(user.id) is not Sharing.REQUESTED:
        raise DomainError("There is no request to ignore.")
    connection.set_sharing(user.id, Sharing.IGNORED)
    db.session.flush()


def remove(connection: Connection, user: User) -> None:
    """Gone for ``user`` only; the row goes when both sides removed it. Removing also stops
    sharing one's own details with the other side from now on."""
    connection.set_removed(user.id, utcnow())
    connection.set_note(user.id, "")
    if connection.sharing_of(user.id) is Sharing.REQUESTED:
        connection.set_sharing(user.id, Sharing.IGNORED)
    if connection.removed_by(connection.other_id(user.id)):
        db.session.delete(connection)
    db.session.flush()


# --- "My contacts" ---------------------------------------------------------------------------


@dataclass
class Contact:
    """One of my connections as I see it."""

    connection: Connection
    person: User
    profile: Profile | None
    note: str
    details: dict | None  # their email/phone, only if they shared them
    my_sharing: Sharing
    their_sharing: Sharing

    @property
    def event(self) -> Event:
        return self.connection.event

    @property
    def met_at(self) -> datetime:
        return self.connection.created_at


def _mine(user: User):
    return sa.or_(
        sa.and_(Connection.low_user_id == user.id, Connection.low_removed_at.is_(None)),
        sa.and_(Connection.high_user_id == user.id, Connection.high_removed_at.is_(None)),
    )


def contacts_of(user: User, search: str = "") -> list[Contact]:
    """My connections, newest event first, in a fixed number of queries."""
    rows = list(
        db.session.scalars(
            sa.select(Connection)
            .join(Connection.event)
            .options(
                joinedload(Connection.event).joinedload(Event.network),
                joinedload(Connection.low_user),
                joinedload(Connection.high_user),
            )
            .where(_mine(user))
            .order_by(Event.starts_at.desc(), Connection.event_id, Connection.created_at.desc())
        ).unique()
    )
    profiles = profiles_by_user([c.other_id(user.id) for c in rows])
    contacts = []
    for connection in rows:
        other = connection.other(user.id)
        profile = profiles.get(other.id)
        contacts.append(
            Contact(
                connection=connection,
                person=other,
                profile=profile,
                note=connection.note_of(user.id),
                details=contact_details(connection, user, profile),
                my_sharing=connection.sharing_of(user.id),
                their_sharing=connection.sharing_of(other.id),
            )
        )
    needle = search.replace("\x00", "").strip().casefold()[:100]
    if needle:
        contacts = [c for c in contacts if needle in _haystack(c)]
    return contacts


def _haystack(contact: Contact) -> str:
    profile = contact.profile
    parts = [contact.person.name, contact.note, contact.event.title]
    if profile:
        parts += [profile.headline, profile.organisation, profile.location]
    return " ".join(parts).casefold()


def grouped_by_event(contacts: list[Contact]) -> list[tuple[Event, list[Contact]]]:
    groups: dict[int, list[Contact]] = defaultdict(list)
    events: dict[int, Event] = {}
    for contact in contacts:
        groups[contact.event.id].append(contact)
        events[contact.event.id] = contact.event
    return [(events[event_id], groups[event_id]) for event_id in groups]


def requests_for(user: User) -> list[Contact]:
    """People waiting for my consent to see my contact details ("ask me first")."""
    return [c for c in contacts_of(user) if c.my_sharing is Sharing.REQUESTED]


def connections_count(event: Event) -> int:
    """For organisers' figures (SPEC §3)."""
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Connection).where(Connection.event_id == event.id)
    )


def card_for_scan(scanner: User, scanned: User, connection: Connection) -> dict:
    profile = profile_of(scanned)
    return {
        "profile": profile,
        "details": contact_details(connection, scanner, profile),
        "their_sharing": connection.sharing_of(scanned.id),
        "my_sharing": connection.sharing_of(scanner.id),
        "note": connection.note_of(scanner.id),
    }


# --- the account registries ------------------------------------------------------------------


def export_contacts(user: User) -> list[dict]:
    return [
        {
            "name": c.person.name,
            "event": c.event.title,
            "event_url": absolute_url("events.show", slug=c.event.slug),
            "connected_at": c.met_at.isoformat(),
            "my_note": c.note,
            "their_contact_details": c.details,
            "i_share_my_details": c.my_sharing.value,
        }
        for c in contacts_of(user)
    ]


def delete_connections(user: User) -> None:
    db.session.execute(
        sa.delete(Connection).where(
            sa.or_(Connection.low_user_id == user.id, Connection.high_user_id == user.id)
        )
    )
    db.session.flush()
