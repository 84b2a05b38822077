"""Who may browse whom: an event's attendee directory, a network's member directory, and
the "people to meet" suggestions. Hidden people appear in none of them."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from eventnet.accounts.models import User
from eventnet.db import changed, foreign_id, raise_revision
from eventnet.errors import NotFound
from eventnet.events.models import Event
from eventnet.events.services import visible_event
from eventnet.extensions import db
from eventnet.kept import kept
from eventnet.networks.models import Membership, Network
from eventnet.networks.services import can_organise, membership_of, visible_network
from eventnet.profiles import matching
from eventnet.profiles.models import Profile, ProfileTag, TagKind
from eventnet.profiles.services import profiles_by_user, tag_key
from eventnet.registration.access import attendee_clause, is_attendee
from eventnet.registration.models import AttendanceMode, Registration
from eventnet.registration.services import registration_of

PER_PAGE = 24
FILTER_TAGS = 30

# --- who may see a directory -----------------------------------------------------------------


def is_confirmed_attendee(event: Event, user) -> bool:
    return is_attendee(registration_of(event, user))


def can_browse_event(event: Event, user) -> bool:
    """An event's confirmed registrants and its organisers; the event's own rules first."""
    return is_confirmed_attendee(event, user) or can_organise(event.network, user)


def event_for_directory(slug: str, user) -> Event:
    event = visible_event(slug, user)
    if not can_browse_event(event, user):
        raise NotFound("There is no such page.")
    return event


def event_for_suggestions(slug: str, user) -> Event:
    """People to meet are for the event's confirmed attendees only: 404 to anyone else."""
    event = visible_event(slug, user)
    if not is_confirmed_attendee(event, user):
        raise NotFound("There is no such page.")
    return event


def network_for_directory(slug: str, user) -> Network:
    network = visible_network(slug, user)
    if membership_of(network, user) is None and not can_organise(network, user):
        raise NotFound("There is no such page.")
    return network


# --- the lists -------------------------------------------------------------------------------


@dataclass
class Query:
    """What the directory's search form asks for."""

    search: str = ""
    tag: str = ""
    mode: AttendanceMode | None = None
    page: int = 1


@dataclass
class Entry:
    user: User
    profile: Profile | None
    mode: AttendanceMode | None = None


@dataclass(frozen=True)
class Person:
    """Who a kept directory entry is about: what the page shows beside their card."""

    id: int
    name: str


@dataclass(frozen=True)
class CardEntry:
    """An entry with its card rendered: plain values a process may keep between requests."""

    user: Person
    card: str  # Markup
    mode: AttendanceMode | None = None


@dataclass
class Page:
    entries: list[Entry] | list[CardEntry]
    total: int
    page: int
    per_page: int
    filter_tags: list[tuple[str, str, int]]  # (key, label, how many people)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def _not_hidden():
    return sa.or_(Profile.id.is_(None), Profile.hidden.is_(False))


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filtered(stmt, query: Query):
    search = query.search.replace("\x00", "").strip()[:100]
    if search:
        tagged = sa.exists().where(
            ProfileTag.profile_id == Profile.id,
            ProfileTag.key.like(_like(tag_key(search)), escape="\\"),
        )
        stmt = stmt.where(
            sa.or_(
                User.name.ilike(_like(search), escape="\\"),
                Profile.organisation.ilike(_like(search), escape="\\"),
                tagged,
            )
        )
    tag = tag_key(query.tag.replace("\x00", ""))[:80]
    if tag:
        stmt = stmt.where(
            sa.exists().where(ProfileTag.profile_id == Profile.id, ProfileTag.key == tag)
        )
    return stmt


def _counted_tags(base) -> list[tuple[str, str, int]]:
    """The most used tags among ``base``'s people, with how many people use each."""
    people = base.with_only_columns(Profile.id).where(Profile.id.is_not(None)).subquery()
    rows = db.session.execute(
        sa.select(
            ProfileTag.key,
            sa.func.min(ProfileTag.label),
            sa.func.count(sa.distinct(ProfileTag.profile_id)),
        )
        .where(ProfileTag.profile_id.in_(sa.select(people.c.id)))
        .group_by(ProfileTag.key)
        .order_by(sa.func.count(sa.distinct(ProfileTag.profile_id)).desc(), ProfileTag.key)
        .limit(FILTER_TAGS)
    ).all()
    return [tuple(r) for r in rows]


def _filter_tags(base, key: tuple) -> list[tuple[str, str, int]]:
    """``_counted_tags``, kept EVENTNET_DIRECTORY_TAGS_SECONDS per process under ``key``.

    The counts read every tag of every person in the directory (some 33,000 rows at a
    2,000-person conference): more than the rest of the page together. They only label the
    filter's choices, so a minute old is fine; the cards and the results are always read
    fresh, so a person who hides themselves leaves the list at once."""
    seconds = current_app.config.get("EVENTNET_DIRECTORY_TAGS_SECONDS", 0)
    if seconds <= 0:
        return _counted_tags(base)
    return kept("directory-tags", key, lambda: _counted_tags(base), seconds)


def _page(base, query: Query, with_mode: bool, key: tuple) -> Page:
    """Count, one page of people, their cards with tags, and the tags to filter by: four
    queries however many people the page shows (three while the tags are kept)."""
    filtered = _filtered(base, query)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(filtered.subquery()))
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(max(1, query.page), pages)
    rows = db.session.execute(
        filtered.order_by(User.name, User.id).offset((page - 1) * PER_PAGE).limit(PER_PAGE)
    ).all()
    cards = profiles_by_user([row[0].id for row in rows])
    entries = [Entry(row[0], cards.get(row[0].id), row[1] if with_mode else None) for row in rows]
    return Page(entries, total, page, PER_PAGE, _filter_tags(base, key))


def _listed_attendees(event: Event, *columns) -> sa.Select:
    """``columns`` of the event's attendees who are not hidden: the directory and the event
    page's preview list the same people."""
    return (
        sa.select(*columns)
        .select_from(Registration)
        .join(User, User.id == Registration.user_id)
        .outerjoin(Profile, Profile.user_id == User.id)
        .where(Registration.event_id == event.id, attendee_clause(), _not_hidden())
    )


def event_directory_key(event: Event, query: Query) -> tuple:
    """What an event directory page is kept under: it changes with every change to who is
    coming or what their cards say (``event.people_revision``) and with the search."""
    return (
        event.id,
        event.created_at,
        event.people_revision,
        query.search,
        query.tag,
        query.mode,
        query.page,
    )


def event_directory(event: Event, query: Query) -> Page:
    base = _listed_attendees(event, User, Registration.mode)
    if query.mode is not None:
        base = base.where(Registration.mode == query.mode)
    return _page(base, query, with_mode=True, key=("event", event.id, query.mode))


def network_directory(network: Network, query: Query) -> Page:
    base = (
        sa.select(User, Membership.role)
        .select_from(Membership)
        .join(User, User.id == Membership.user_id)
        .outerjoin(Profile, Profile.user_id == User.id)
        .where(Membership.network_id == network.id, _not_hidden())
    )
    return _page(base, query, with_mode=False, key=("network", network.id))


@dataclass
class Preview:
    """The event page's "who is coming": how many, and the first few by name."""

    total: int
    users: list[sa.Row]  # (id, name) rows: the page shows names only


PREVIEW_SIZE = 12


def _read_preview(event: Event, size: int) -> Preview:
    rows = db.session.execute(
        _listed_attendees(event, User.id, User.name, sa.func.count().over().label("total"))
        .order_by(User.name, User.id)
        .limit(size)
    ).all()
    return Preview(rows[0].total if rows else 0, rows)


def attendee_preview(event: Event, size: int = PREVIEW_SIZE) -> Preview:
    """Confirmed registrants less the hidden people: a count and ``size`` names.

    Reading them sorts the whole list (some 4 ms at a 2,000-person conference, most of the
    page), so each process keeps them per ``event.people_revision``, which every change to
    who is coming raises in its own transaction (``_raise_people_revisions``): a view after
    the change reads the new list, in every process, with nothing to expire."""
    key = (event.id, event.created_at, event.people_revision, size)  # SQLite reuses ids
    return kept("attendee-preview", key, lambda: _read_preview(event, size))


def _raise_people_revisions(session, _flush_context, _instances) -> None:
    """Before each flush: raise ``people_revision`` of the events whose attendee list the
    flush changes (a registration added, removed or moved between statuses or modes; an attendee
    renamed or removed, their card or its tags made, changed or deleted). Before, not after:
    removing a person removes their registrations with them. In the flush's transaction, so
    the revision moves exactly when the change commits, and not if it rolls back."""
    events: set[int | None] = set()
    people: set[int | None] = set()
    cards: set[int | None] = set()
    for obj in (*session.new, *session.deleted):
        if isinstance(obj, Registration):
            events.add(foreign_id(obj, "event_id", "event"))
        elif isinstance(obj, Profile):
            people.add(foreign_id(obj, "user_id", "user"))
        elif isinstance(obj, ProfileTag):
            cards.add(foreign_id(obj, "profile_id", "profile"))
        elif isinstance(obj, User):
            people.add(obj.id)
    for obj in session.dirty:
        if isinstance(obj, Registration) and (changed(obj, "status") or changed(obj, "mode")):
            events.add(obj.event_id)
        elif isinstance(obj, Profile) and session.is_modified(obj):
            people.add(obj.user_id)
        elif isinstance(obj, ProfileTag) and session.is_modified(obj):
            cards.add(obj.profile_id)
        elif isinstance(obj, User) and changed(obj, "name"):
            people.add(obj.id)
    events.discard(None)
    people.discard(None)
    cards.discard(None)
    if not events and not people and not cards:
        return
    table = Event.__table__
    which = table.c.id.in_(events) if events else sa.false()
    if cards:
        people_of = sa.select(Profile.user_id).where(Profile.id.in_(cards))
        which = sa.or_(which, table.c.id.in_(
            sa.select(Registration.event_id).where(Registration.user_id.in_(people_of))
        ))  # fmt: skip
    if people:
        registered = sa.select(Registration.event_id).where(Registration.user_id.in_(people))
        which = sa.or_(which, table.c.id.in_(registered))
    # Who is coming is not a change to the event (its LAST-MODIFIED).
    raise_revision(session, Event, "people_revision", which)


sa.event.listen(sa.orm.Session, "before_flush", _raise_people_revisions)


# --- people to meet --------------------------------------------------------------------------


@dataclass
class Suggested:
    user: User
    profile: Profile | None
    suggestion: matching.Suggestion


# Where each kind's tags go in _people's tuples; kinds are read as plain strings (no enum
# conversion per row: a big event has tens of thousands of tag rows).
_SLOT = {TagKind.INTEREST.value: 1, TagKind.OFFER.value: 2, TagKind.NEED.value: 3}


def _people(rows) -> dict[int, matching.Person]:
    """Rows of (user id, name, kind value, key, label) → Person values."""
    people: dict[int, tuple] = {}
    for user_id, name, kind, key, label in rows:
        person = people.get(user_id)
        if person is None:
            person = people[user_id] = (name, {}, {}, {})
        if kind is not None:
            person[_SLOT[kind]][key] = label
    return {
        user_id: matching.Person(user_id, name, interests, offers, needs)
        for user_id, (name, interests, offers, needs) in people.items()
    }


def _tag_columns():
    kind = sa.type_coerce(ProfileTag.kind, sa.String())
    return User.id, User.name, kind, ProfileTag.key, ProfileTag.label


def attendees_as_people(event: Event, me: matching.Person) -> dict[int, matching.Person]:
    """The event's confirmed, non-hidden attendees with the tags that can match ``me``'s,
    in one query: only the tags that count are read, so a big event stays quick."""
    wanted = [
        (TagKind.OFFER, list(me.needs)),
        (TagKind.NEED, list(me.offers)),
        (TagKind.INTEREST, list(me.interests)),
    ]
    matches = [
        sa.and_(ProfileTag.kind == kind, ProfileTag.key.in_(keys)) for kind, keys in wanted if keys
    ]
    if not matches:
        return {}
    rows = db.session.execute(
        sa.select(*_tag_columns())
        .select_from(Registration)
        .join(User, User.id == Registration.user_id)
        .join(Profile, Profile.user_id == User.id)
        .join(ProfileTag, ProfileTag.profile_id == Profile.id)
        .where(
            Registration.event_id == event.id,
            attendee_clause(),
            Registration.user_id != me.id,
            Profile.hidden.is_(False),
            sa.or_(*matches),
        )
    )
    return _people(rows)


def person_of(user: User) -> matching.Person:
    rows = db.session.execute(
        sa.select(*_tag_columns())
        .select_from(User)
        .outerjoin(Profile, Profile.user_id == User.id)
        .outerjoin(ProfileTag, ProfileTag.profile_id == Profile.id)
        .where(User.id == user.id)
    )
    return _people(rows).get(user.id) or matching.Person(user.id, user.name)


class NoSuggestions(enum.StrEnum):
    """Why a confirmed attendee sees no people to meet: the page says the true cause."""

    ALONE = "alone"  # nobody else is in the attendee list yet
    NO_TAGS = "no-tags"  # your pitch card has no tags to match on
    NO_MATCH = "no-match"  # others are listed, but no card shares a tag with yours


@dataclass
class Suggestions:
    people: list[Suggested]
    why_none: NoSuggestions | None = None


def _others_listed(event: Event, user) -> bool:
    return (
        db.session.scalar(_listed_attendees(event, User.id).where(User.id != user.id).limit(1))
        is not None
    )


def suggestions(event: Event, user, limit: int = matching.DEFAULT_LIMIT) -> Suggestions:
    """``people_to_meet`` and, when there are none, why: one more query, only then."""
    if not is_confirmed_attendee(event, user):
        return Suggestions([])
    me = person_of(user)
    has_tags = bool(me.interests or me.offers or me.needs)
    ranked = matching.rank(me, attendees_as_people(event, me).values(), limit) if has_tags else []
    if not ranked:
        if not _others_listed(event, user):
            return Suggestions([], NoSuggestions.ALONE)
        return Suggestions([], NoSuggestions.NO_MATCH if has_tags else NoSuggestions.NO_TAGS)
    ids = [s.person.id for s in ranked]
    users = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}
    cards = profiles_by_user(ids)
    return Suggestions([Suggested(users[s.person.id], cards.get(s.person.id), s) for s in ranked])


def people_to_meet(event: Event, user, limit: int = matching.DEFAULT_LIMIT) -> list[Suggested]:
    """Up to ``limit`` of the event's other confirmed, visible attendees who fit ``user``'s
    card best; empty for anyone who is not a confirmed attendee."""
    return suggestions(event, user, limit).people
