"""Event rules: who sees an event, creating and editing it, its life cycle and its agenda."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, fields, replace
from datetime import datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from eventnet.accounts.models import User
from eventnet.db import lock_row, utcnow
from eventnet.errors import DomainError, NotFound, Refusals
from eventnet.events import covers, times
from eventnet.events import page_revision as _page_revision  # noqa: F401 - its flush hook
from eventnet.events.access import can_see_event, listed_events_clause, visible_events_clause
from eventnet.events.models import (
    AgendaSession,
    Event,
    EventFormat,
    EventStatus,
    EventVisibility,
    RegistrationMode,
)
from eventnet.events.signals import (
    agenda_changed,
    event_cancelled,
    event_changed,
    event_duplicated,
    event_published,
)
from eventnet.extensions import db
from eventnet.networks import services as networks
from eventnet.networks.models import Network
from eventnet.signals import answers
from eventnet.text import multi_line, single_line

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
HASHTAG_RE = re.compile(r"^[^\W][\w]{0,58}$")
MAX_CAPACITY = 100_000

# --- who may see what ------------------------------------------------------------------------


def _by_slug() -> sa.Select:
    return (
        sa.select(Event)
        .options(joinedload(Event.network))
        .where(Event.slug == sa.bindparam("slug"))
    )


# Built once (every event address starts here): building it cost about what running it does.
BY_SLUG = _by_slug()


def get_event(slug: str) -> Event:
    # A slug no event can have is not looked up: PostgreSQL refuses some characters (NUL).
    if not SLUG_RE.match(slug):
        raise NotFound("There is no such event.")
    event = db.session.scalar(BY_SLUG, {"slug": slug})
    if event is None:
        raise NotFound("There is no such event.")
    return event


def visible_event(slug: str, user) -> Event:
    """The event, or 404 when it does not exist or ``user`` may not know of it."""
    event = get_event(slug)
    if not can_see_event(event, user):
        raise NotFound("There is no such event.")
    return event


def organised_event(slug: str, user) -> Event:
    """For the organiser area: 404 to anyone who does not organise the event's network."""
    event = get_event(slug)
    if not networks.can_organise(event.network, user):
        raise NotFound("There is no such event.")
    return event


def cover_of(slug: str, token: str, user) -> tuple[Event, bytes]:
    """The event and its cover's JPEG, for ``user`` who may see the event and asks for the
    current cover; 404 for an old token (a replaced or removed cover) as for a hidden event."""
    event = visible_event(slug, user)
    if not event.cover_token or not secrets.compare_digest(
        event.cover_token.encode(), token.encode()
    ):
        raise NotFound("There is no such image.")
    jpeg = cover_jpeg(event)
    if jpeg is None:
        raise NotFound("There is no such image.")
    return event, jpeg


def cover_jpeg(event: Event) -> bytes | None:
    """The cover's bytes: a deferred column, read only when they are sent or drawn on."""
    return db.session.scalar(sa.select(Event.cover).where(Event.id == event.id))


# --- lists -----------------------------------------------------------------------------------


def _upcoming_public(*columns, limit: int) -> sa.Select:
    return (
        sa.select(*columns)
        .where(
            Event.status == EventStatus.PUBLISHED,
            listed_events_clause(None),
            Event.ends_at > utcnow(),
        )
        .order_by(Event.starts_at, Event.id)
        .limit(limit)
    )


def upcoming_public_events(limit: int = 50) -> list[Event]:
    """For the home page: the published events a visitor may see listed, not yet over."""
    return list(
        db.session.scalars(_upcoming_public(Event, limit=limit).options(joinedload(Event.network)))
    )


def upcoming_public_versions(limit: int = 50) -> tuple[tuple, ...]:
    """What ``upcoming_public_events`` would list, as narrow rows that change whenever what
    a card shows does: the event (``updated_at``), its places (``people_revision``), its
    network's name and address. The home page keeps its cards under this key."""
    rows = db.session.execute(
        _upcoming_public(
            Event.id, Event.updated_at, Event.people_revision, Network.slug, Network.name,
            limit=limit,
        ).join(Network, Network.id == Event.network_id)
    )  # fmt: skip
    return tuple(tuple(row) for row in rows)


def upcoming_events_of(network: Network, user) -> list[Event]:
    """For the network page: its published events not yet over that ``user`` may see;
    unlisted events never, not even to organisers (the page is the network's shop window)."""
    return list(
        db.session.scalars(
            sa.select(Event)
            .options(joinedload(Event.network))
            .where(
                Event.network_id == network.id,
                Event.status == EventStatus.PUBLISHED,
                Event.visibility != EventVisibility.UNLISTED,
                visible_events_clause(user),
                Event.ends_at > utcnow(),
            )
            .order_by(Event.starts_at, Event.id)
        )
    )


def usual_zone(network: Network) -> str | None:
    """The time zone of the network's latest event: the one its next event most likely needs."""
    return db.session.scalar(
        sa.select(Event.timezone)
        .where(Event.network_id == network.id)
        .order_by(Event.created_at.desc(), Event.id.desc())
        .limit(1)
    )


def events_for_organisers(network: Network) -> list[Event]:
    """Every event of the network, drafts and past ones too, latest first."""
    return list(
        db.session.scalars(
            sa.select(Event)
            .where(Event.network_id == network.id)
            .order_by(Event.starts_at.desc(), Event.id.desc())
        )
    )


def listed_events_for(
    user, network: Network | None = None, when: str | None = None, *, limit: int, offset: int = 0
) -> list[Event]:
    """For the API's list: the events ``user`` may see listed (``access.is_listed_for``);
    ``when`` is "upcoming" (soonest first) or "past" (latest first)."""
    stmt = sa.select(Event).options(joinedload(Event.network)).where(listed_events_clause(user))
    if network is not None:
        stmt = stmt.where(Event.network_id == network.id)
    now = utcnow()
    if when == "past":
        stmt = stmt.where(Event.ends_at <= now).order_by(Event.starts_at.desc(), Event.id.desc())
    else:
        if when == "upcoming":
            stmt = stmt.where(Event.ends_at > now)
        stmt = stmt.order_by(Event.starts_at, Event.id)
    return list(db.session.scalars(stmt.limit(limit).offset(offset)))


# --- creating and editing --------------------------------------------------------------------


@dataclass
class EventData:
    """What an organiser enters for an event; times are wall-clock in ``timezone``."""

    title: str
    starts_at: datetime
    ends_at: datetime
    timezone: str = times.DEFAULT_ZONE
    slug: str = ""
    description: str = ""
    format: EventFormat = EventFormat.IN_PERSON
    venue_name: str = ""
    venue_address: str = ""
    join_url: str = ""
    capacity_in_person: int | None = None
    capacity_online: int | None = None
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    visibility: EventVisibility = EventVisibility.PUBLIC
    registration_mode: RegistrationMode = RegistrationMode.OPEN
    hashtag: str = ""

    @classmethod
    def of(cls, event: Event) -> EventData:
        """The event as the organiser would enter it again (for duplicating and forms)."""
        wall = {
            name: times.wall_clock(getattr(event, name), event.timezone)
            for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")
        }
        values = {f.name: getattr(event, f.name) for f in fields(cls)}
        return cls(**{**values, **wall})


def slugify(text: str) -> str:
    return networks.slugify(text)[:80].strip("-") or "event"


def _slug_taken(slug: str, event: Event | None) -> bool:
    taken = db.session.scalar(sa.select(Event.id).where(Event.slug == slug))
    return taken is not None and (event is None or taken != event.id)


def _free_slug(base: str) -> str:
    base = slugify(base)
    slug, n = base, 1
    while _slug_taken(slug, None):
        n += 1
        suffix = f"-{n}"
        slug = base[: 80 - len(suffix)].rstrip("-") + suffix
    return slug


def _check_slug(slug: str, event: Event | None) -> str:
    slug = slug.strip().lower()
    if not SLUG_RE.match(slug):
        raise DomainError(
            "Use 1–80 lower-case letters, digits and hyphens, starting and ending with a "
            "letter or digit.",
            "slug",
        )
    if _slug_taken(slug, event):
        raise DomainError("That address is taken by another event.", "slug")
    return slug


def _check_capacity(value: int | None, field: str) -> int | None:
    if value is None:
        return None
    if not 0 <= value <= MAX_CAPACITY:
        raise DomainError(f"Enter a number from 0 to {MAX_CAPACITY}, or leave it empty.", field)
    return value


def _check_join_url(url: str) -> str:
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        raise DomainError("Enter a web address starting with https://", "join_url")
    return url


def _check_hashtag(tag: str) -> str:
    tag = tag.strip().lstrip("#")
    if tag and not HASHTAG_RE.match(tag):
        raise DomainError("Use letters, digits and underscores only, e.g. #MHN2026.", "hashtag")
    return tag


# The event's texts that may hold several lines; every other one is a single line.
MULTI_LINE_FIELDS = frozenset({"description", "venue_address"})
DATETIME_MESSAGE = "Enter a date and time, e.g. 2026-03-12 18:30."


def _cleaned(data, refusals: Refusals):
    """``data`` (EventData or SessionData) with every text checked: a line break in a title
    or venue (which feeds, emails and badges print on one line) is refused, like NUL. A
    refused text is kept as it was, and its refusal added to ``refusals``."""
    texts = {}
    for f in fields(data):
        if f.type == "str":
            clean = multi_line if f.name in MULTI_LINE_FIELDS else single_line
            with refusals.checking():
                texts[f.name] = clean(getattr(data, f.name), f.name)
    return replace(data, **texts)


def _utc(wall: datetime | None, zone_name: str, field: str, refusals: Refusals):
    """``wall`` in UTC, or None (with a refusal when it was required and missing)."""
    if wall is None:
        refusals.add(field, DATETIME_MESSAGE)
        return None
    with refusals.checking():
        return times.local_to_utc(wall, zone_name, field)
    return None


def _checked_times(event: Event, data: EventData, refusals: Refusals) -> dict:
    with refusals.checking():
        times.zone(data.timezone)
    if refusals.refused("timezone"):
        return {}
    starts_at = _utc(data.starts_at, data.timezone, "starts_at", refusals)
    ends_at = _utc(data.ends_at, data.timezone, "ends_at", refusals)
    opens_at = closes_at = None
    if data.registration_opens_at is not None:
        opens_at = _utc(
            data.registration_opens_at, data.timezone, "registration_opens_at", refusals
        )
    if data.registration_closes_at is not None:
        closes_at = _utc(
            data.registration_closes_at, data.timezone, "registration_closes_at", refusals
        )
    if starts_at and ends_at and ends_at <= starts_at:
        refusals.add("ends_at", "The event must end after it starts.")
    if closes_at and ends_at and closes_at > ends_at:
        refusals.add("registration_closes_at", "Registration must close by the end of the event.")
    if opens_at and closes_at and closes_at <= opens_at:
        refusals.add("registration_closes_at", "Registration must close after it opens.")
    if starts_at and ends_at:
        for session in event.sessions:
            if session.starts_at < starts_at or session.ends_at > ends_at:
                refusals.add(
                    "starts_at",
                    f"The agenda session “{session.title}” would lie outside these times: "
                    "move or delete it first.",
                )
    return {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "registration_opens_at": opens_at,
        "registration_closes_at": closes_at,
    }


def _checked(event: Event, data: EventData, refusals: Refusals) -> dict:
    """Every rule of ``data`` checked, each refusal added to ``refusals``; the values as they
    would be stored (meaningful only when nothing was refused)."""
    data = _cleaned(data, refusals)
    slug = _checked_slug(event, data, refusals)
    title = data.title.strip()
    if not title:
        refusals.add("title", "Enter the event's title.")
    elif len(title) > 200:
        refusals.add("title", "Use at most 200 characters.")
    values = {"title": title, **_checked_times(event, data, refusals)}
    for name, check in (
        (
            "capacity_in_person",
            lambda: _check_capacity(data.capacity_in_person, "capacity_in_person"),
        ),
        ("capacity_online", lambda: _check_capacity(data.capacity_online, "capacity_online")),
        ("join_url", lambda: _check_join_url(data.join_url)),
        ("hashtag", lambda: _check_hashtag(data.hashtag)),
    ):
        with refusals.checking():
            values[name] = check()
    has_venue = data.format is not EventFormat.VIRTUAL
    is_online = data.format is not EventFormat.IN_PERSON
    # A field that does not apply to the format is emptied, so it can never leak or count.
    return {
        **values,
        "slug": slug,
        "description": data.description.strip(),
        "format": data.format,
        "venue_name": data.venue_name.strip()[:200] if has_venue else "",
        "venue_address": data.venue_address.strip()[:500] if has_venue else "",
        "capacity_in_person": values.get("capacity_in_person") if has_venue else None,
        "join_url": values.get("join_url", "") if is_online else "",
        "capacity_online": values.get("capacity_online") if is_online else None,
        "timezone": data.timezone,
        "visibility": data.visibility,
        "registration_mode": data.registration_mode,
    }


def _checked_slug(event: Event, data: EventData, refusals: Refusals) -> str:
    """The address typed, checked; left empty, a new event's is made from its title and an
    existing event keeps its own."""
    if not data.slug.strip():
        return event.slug if event.id is not None else _free_slug(data.title)
    with refusals.checking():
        return _check_slug(data.slug, event if event.id is not None else None)
    return ""


def _checked_cover(upload: bytes | None, refusals: Refusals) -> bytes | None:
    """The uploaded cover re-encoded, or None (with a refusal when it cannot be used)."""
    if upload is None:
        return None
    try:
        return covers.reencode(upload)
    except covers.CoverError as error:
        refusals.add("cover", str(error))
    return None


def _new_cover(jpeg: bytes | None) -> dict:
    """A new cover is a new token: its old address stops answering, the new one never changes."""
    return {"cover": jpeg, "cover_token": secrets.token_urlsafe(24) if jpeg else None}


def _refused_or_checked(
    event: Event, data: EventData, cover: bytes | None = None, remove_cover: bool = False
) -> dict:
    """The values to store for ``data`` (and the uploaded ``cover``, or its removal), or
    every refusal of them raised at once."""
    refusals = Refusals()
    values = _checked(event, data, refusals)
    jpeg = _checked_cover(cover, refusals)
    refusals.raise_if_any()
    if jpeg is not None or (remove_cover and event.cover_token):
        values.update(_new_cover(jpeg))
    return values


def _apply(event: Event, values: dict) -> None:
    """Copy checked ``values`` onto ``event``; a new time or place is a new iCal sequence."""
    place_changed = any(
        getattr(event, name) != values[name] for name in ("venue_name", "venue_address", "format")
    )
    if event.id is not None and (
        place_changed
        or event.starts_at != values["starts_at"]
        or event.ends_at != values["ends_at"]
    ):
        event.sequence = (event.sequence or 0) + 1
    for name, value in values.items():
        setattr(event, name, value)


def check_event(event: Event | None, data: EventData, cover: bytes | None = None) -> None:
    """Raise every refusal ``data`` (and an uploaded ``cover``) would meet, changing nothing:
    for a form that has found mistakes of its own, so the person sees all of them after one
    submit."""
    _refused_or_checked(event or Event(sessions=[]), data, cover)


def create_event(
    network: Network, creator: User, data: EventData, *, cover: bytes | None = None
) -> Event:
    """A new draft event in ``network``; ``cover`` is an uploaded image's bytes."""
    event = Event(network=network, created_by_id=creator.id, status=EventStatus.DRAFT, sequence=0)
    event.sessions = []
    _apply(event, _refused_or_checked(event, data, cover))
    db.session.add(event)
    db.session.flush()
    return event


@dataclass(frozen=True)
class Snapshot:
    """What registrants are told changed: the time and place before an edit."""

    when: str
    place: str
    sequence: int


def snapshot(event: Event) -> Snapshot:
    if event.has_venue:
        place = ", ".join(p for p in (event.venue_name, event.venue_address) if p)
    else:
        place = "Online"
    when = times.format_span(event.starts_at, event.ends_at, event.timezone)
    return Snapshot(when=when, place=place, sequence=event.sequence or 0)


def update_event(
    event: Event, data: EventData, *, cover: bytes | None = None, remove_cover: bool = False
) -> None:
    """Edit an event, then send ``event_changed``: a raised capacity promotes waitlisted
    people at once, and a new time or place is emailed to everyone registered (wiring.py).
    ``cover`` is an uploaded image's bytes; it wins over ``remove_cover``."""
    lock_row(db.session, Event, event.id)
    db.session.refresh(event)
    before = snapshot(event)
    _apply(event, _refused_or_checked(event, data, cover, remove_cover))
    db.session.flush()
    event_changed.send(event, before=before)


def publish(event: Event) -> None:
    if event.is_cancelled:
        raise DomainError("A cancelled event cannot be published again.")
    if event.is_published:
        return
    event.status = EventStatus.PUBLISHED
    event.published_at = utcnow()
    db.session.flush()
    event_published.send(event)


def cancel_event(event: Event, message: str = "") -> int:
    """Cancel a published event and send ``event_cancelled``, which emails everyone
    registered or waiting; returns how many were told."""
    if event.is_cancelled:
        raise DomainError("This event is already cancelled.")
    if event.is_draft:
        raise DomainError("A draft has no attendees to tell: delete it instead.")
    message = multi_line(message, "message")[:2000]
    lock_row(db.session, Event, event.id)
    event.status = EventStatus.CANCELLED
    event.cancelled_at = utcnow()
    event.cancellation_message = message
    event.sequence = (event.sequence or 0) + 1
    db.session.flush()
    return sum(answers(event_cancelled.send(event)))


def delete_draft(event: Event) -> None:
    if not event.is_draft:
        raise DomainError("Only drafts can be deleted; cancel a published event instead.")
    db.session.delete(event)
    db.session.flush()


def duplicate(event: Event, creator: User) -> Event:
    """ "Same again next term": a draft copy with the same details and agenda, to re-date."""
    data = EventData.of(event)
    data.slug = ""
    data.title = event.title
    copy = Event(
        network=event.network, created_by_id=creator.id, status=EventStatus.DRAFT, sequence=0
    )
    copy.sessions = []
    _apply(copy, _refused_or_checked(copy, data))
    copy.slug = _free_slug(event.slug)
    copy.description = event.description
    if event.cover_token:
        # The same picture under a token of its own: each event's cover changes on its own.
        cover = db.session.scalar(sa.select(Event.cover).where(Event.id == event.id))
        for name, value in _new_cover(cover).items():
            setattr(copy, name, value)
    for session in event.sessions:
        copy.sessions.append(
            AgendaSession(
                title=session.title,
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                room=session.room,
                speaker=session.speaker,
            )
        )
    db.session.add(copy)
    db.session.flush()
    event_duplicated.send(event, copy=copy)
    return copy


# --- the agenda ------------------------------------------------------------------------------


@dataclass
class SessionData:
    title: str
    starts_at: datetime  # wall-clock in the event's zone
    ends_at: datetime
    room: str = ""
    speaker: str = ""


def _checked_session(event: Event, data: SessionData) -> tuple[SessionData, datetime, datetime]:
    """``data`` cleaned and its times in UTC, or every refusal of it raised at once."""
    refusals = Refusals()
    data = _cleaned(data, refusals)
    if not data.title.strip():
        refusals.add("title", "Enter the session's title.")
    starts_at = _utc(data.starts_at, event.timezone, "starts_at", refusals)
    ends_at = _utc(data.ends_at, event.timezone, "ends_at", refusals)
    if starts_at and ends_at and ends_at <= starts_at:
        refusals.add("ends_at", "The session must end after it starts.")
    if starts_at and ends_at and (starts_at < event.starts_at or ends_at > event.ends_at):
        refusals.add(
            "starts_at",
            "Sessions must lie inside the event: "
            + times.format_span(event.starts_at, event.ends_at, event.timezone)
            + ".",
        )
    refusals.raise_if_any()
    return data, starts_at, ends_at


def check_session(event: Event, data: SessionData) -> None:
    """Raise every refusal ``data`` would meet, adding nothing (see ``check_event``)."""
    _checked_session(event, data)


def add_session(event: Event, data: SessionData) -> AgendaSession:
    data, starts_at, ends_at = _checked_session(event, data)
    title = data.title.strip()
    session = AgendaSession(
        event=event,
        title=title[:200],
        starts_at=starts_at,
        ends_at=ends_at,
        room=data.room.strip()[:120],
        speaker=data.speaker.strip()[:200],
    )
    db.session.add(session)
    db.session.flush()
    agenda_changed.send(event)
    return session


def delete_session(event: Event, session_id: int) -> None:
    session = db.session.get(AgendaSession, session_id)
    if session is None or session.event_id != event.id:
        raise NotFound("There is no such session.")
    db.session.delete(session)
    db.session.flush()
    agenda_changed.send(event)
