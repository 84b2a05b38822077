"""Calendar rules: which events each file and feed holds, for whom, and the feed tokens.

Each feed is one query plus the serialisation (``ical.py``); the single-event file asks the
events and registration services who may see the event and whether the person is confirmed.
The public files (a network's feed, an event's file for whoever has no place at it) are kept
serialised with their ETag (``copies.py``) until a signal says what they show has changed.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit

import icalendar
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import contains_eager, joinedload, undefer

from eventnet.accounts.models import User
from eventnet.calendar import copies, ical, links
from eventnet.calendar.models import CalendarCopy, FeedToken
from eventnet.calendar.signals import personal_feed_built
from eventnet.db import lock_row, utcnow
from eventnet.errors import NotFound
from eventnet.events import services as events
from eventnet.events.access import organises_event_clause, visible_events_clause
from eventnet.events.models import Event, EventStatus, EventVisibility
from eventnet.extensions import db
from eventnet.mail.services import Attachment
from eventnet.networks import services as networks
from eventnet.networks.models import Network
from eventnet.networks.models import Visibility as NetworkVisibility
from eventnet.registration import access
from eventnet.registration import services as registrations
from eventnet.registration.models import AttendanceMode, Registration, RegistrationStatus
from eventnet.signals import answers
from eventnet.urls import absolute_url

# A network feed keeps recent past events (so a cancellation reaches subscribers before the
# copy ages out); a personal feed keeps a year of the person's own history.
NETWORK_FEED_PAST = timedelta(days=90)
PERSONAL_FEED_PAST = timedelta(days=365)
IN_CALENDARS = (EventStatus.PUBLISHED, EventStatus.CANCELLED)  # drafts never leave eventnet
SECRET_BYTES = 24  # 192 bits
CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class CalendarFile:
    """A rendered file and what the HTTP layer needs for caching and download. A stored copy
    gives its bytes through ``load`` (read only when the client's copy is not current)."""

    content: bytes | Callable[[], bytes | None]
    last_modified: datetime
    etag: str
    filename: str = ""  # set for single-event downloads
    personal: bool = False  # depends on who asks: never in a shared cache

    @property
    def body(self) -> bytes | None:
        """None only from a stored copy that a change emptied since it was read."""
        return self.content if isinstance(self.content, bytes) else self.content()


def site() -> ical.Site:
    """This installation as the files name it: built once per base URL and sender (the
    settings can change under tests), then read from the app's extensions."""
    config = current_app.config
    settings = (config["EVENTNET_BASE_URL"], config.get("EVENTNET_MAIL_FROM") or "")
    built = current_app.extensions.setdefault("eventnet.calendar_sites", {})
    if settings not in built:
        built[settings] = _site(*settings)
    return built[settings]


def _site(base_url: str, mail_from: str) -> ical.Site:
    base = base_url.rstrip("/")
    host = urlsplit(base).hostname or "eventnet.invalid"
    # One URL build for all events of a feed: slugs are [a-z0-9-], nothing to escape.
    prefix = absolute_url("events.show", slug="x")[:-1]
    sender = parseaddr(mail_from)[1]
    return ical.Site(
        host=host,
        base_url=base,
        event_url_prefix=prefix,
        organiser_email=sender or f"no-reply@{host}",
    )


def etag(body: bytes) -> str:
    """Output is deterministic (DTSTAMP is the last change), so its hash is a strong ETag."""
    return hashlib.sha256(body).hexdigest()[:32]


# --- one person's side of an event -----------------------------------------------------------


WAITING = {
    RegistrationStatus.WAITLISTED: "on the waitlist",
    RegistrationStatus.PENDING: "awaiting the organisers' approval",
}


def attendance_of(
    registration: Registration | None,
    user: User | None = None,
    *,
    event: Event | None = None,
    organiser: bool | None = None,
) -> ical.Attendance:
    """How an event shows in ``user``'s own calendar (``user`` defaults to the registrant).
    The join link as ``registration.access`` decides, as on the event page and in emails;
    ``organiser`` as there, for callers that know it already."""
    event = event or registration.event
    user = user or registration.user
    active = registration is not None and registration.status.is_active
    join_url = access.join_link_for(
        event, user, registration if active else None, organiser=organiser
    )
    if not active:
        return ical.Attendance(join_url=join_url) if join_url else ical.PUBLIC
    confirmed = registration.status is RegistrationStatus.CONFIRMED
    return ical.Attendance(
        tentative=not confirmed,
        waiting=WAITING.get(registration.status, ""),
        online=registration.mode is AttendanceMode.ONLINE,
        join_url=join_url,
        changed_at=registration.status_changed_at,
        email=user.email,
        name=user.name,
    )


# --- /e/<event>.ics --------------------------------------------------------------------------


def _event_and_copy(slug: str, user) -> tuple[Event, CalendarCopy | None]:
    """``events.visible_event`` and the file's stored copy, bytes and all (a few kilobytes),
    in one query."""
    if not events.SLUG_RE.match(slug):
        raise NotFound("There is no such event.")
    row = db.session.execute(
        sa.select(Event, CalendarCopy)
        .options(joinedload(Event.network), undefer(CalendarCopy.body))
        .outerjoin(CalendarCopy, CalendarCopy.event_id == Event.id)
        .where(Event.slug == slug)
    ).first()
    if row is None or not events.can_see_event(row[0], user):
        raise NotFound("There is no such event.")
    return row[0], row[1]


def stored_event_file(slug: str, user) -> CalendarFile | None:
    """A visitor's ``event_file`` from its stored copy, in one narrow query; None when it
    must be built (or someone signed in asks: they may have a place or a join link)."""
    if getattr(user, "is_authenticated", False) or not events.SLUG_RE.match(slug):
        return None
    row = copies.read(copies.EVENT_FILE, slug=slug)
    if row is None or not copies.usable(row, copies.site_key(site())):
        return None
    return CalendarFile(
        content=row.body,
        last_modified=row.last_modified,
        etag=row.etag,
        filename=f"{slug}.ics",
    )


def event_file(slug: str, user) -> CalendarFile:
    """The event as ``user`` may see it; their own registration decides the join URL."""
    event, copy = _event_and_copy(slug, user)
    if event.status not in IN_CALENDARS:
        raise NotFound("There is no such event.")
    registration = registrations.registration_of(event, user)
    attendance = attendance_of(registration, user, event=event)
    here = site()
    if attendance is not ical.PUBLIC:  # their own join link or place: built for them alone
        body = ical.to_bytes(ical.event_file(event, here, attendance))
        return CalendarFile(
            content=body,
            last_modified=max(filter(None, [event.updated_at, attendance.changed_at])),
            etag=etag(body),
            filename=f"{event.slug}.ics",
            personal=True,
        )
    # Everyone else sees the same file: the stored copy, built when missing.
    key, owner = copies.site_key(here), CalendarCopy.event_id
    if not copies.usable(copy, key):
        body = ical.to_bytes(ical.event_file(event, here))
        copies.keep(
            owner,
            event.id,
            copy,
            body=body,
            etag=etag(body),
            site=key,
            last_modified=event.updated_at,
        )
        return CalendarFile(
            content=body,
            last_modified=event.updated_at,
            etag=etag(body),
            filename=f"{event.slug}.ics",
        )
    return CalendarFile(
        content=lambda: copy.body,
        last_modified=copy.last_modified,
        etag=copy.etag,
        filename=f"{event.slug}.ics",
    )


def agenda_file(slug: str, user) -> CalendarFile:
    """The event's agenda sessions, the same for everyone who may see the event; 404 when it
    has none. Built on each request (a download, not a polled feed): its ETag still answers
    304, and Last-Modified is the build, since removing a session changes no timestamp."""
    event, _ = _event_and_copy(slug, user)
    if event.status not in IN_CALENDARS or not event.sessions:
        raise NotFound("This event has no agenda sessions.")
    body = ical.to_bytes(ical.agenda_file(event, site()))
    return CalendarFile(
        content=body,
        last_modified=utcnow(),
        etag=etag(body),
        filename=f"{event.slug}-agenda.ics",
        personal=event.visibility is not EventVisibility.PUBLIC or event.network.is_private,
    )


@dataclass(frozen=True)
class EventLinks:
    """Every way to put one event in a calendar, for its page."""

    ics: str
    webcal: str
    google: str
    outlook_com: str
    office_365: str
    agenda_ics: str  # empty when the event has no sessions
    agenda_sessions: int


def event_links(event: Event, sessions: int | None = None) -> EventLinks:
    """``sessions``: how many the agenda has, when the caller has read it already."""
    here = site()
    if sessions is None:
        sessions = len(event.sessions)
    ics = absolute_url("calendar.event_file", slug=event.slug)
    return EventLinks(
        ics=ics,
        webcal="webcal://" + ics.split("://", 1)[1],
        google=links.google_calendar_url(event, here),
        outlook_com=links.outlook_url(event, here, links.OUTLOOK_COM),
        office_365=links.outlook_url(event, here, links.OFFICE_365),
        agenda_ics=absolute_url("calendar.agenda_file", slug=event.slug) if sessions else "",
        agenda_sessions=sessions,
    )


# --- /n/<network>/events.ics -----------------------------------------------------------------


def _network_and_copy(slug: str, user) -> tuple[Network, CalendarCopy | None]:
    """``networks.visible_network`` and the feed's stored copy (without its bytes) in one
    query: a conditional request for an unchanged feed costs this and nothing else."""
    if not networks.SLUG_RE.match(slug):
        raise NotFound("There is no such network.")
    row = db.session.execute(
        sa.select(Network, CalendarCopy)
        .outerjoin(CalendarCopy, CalendarCopy.network_id == Network.id)
        .where(Network.slug == slug)
    ).first()
    if row is None or not networks.can_see(row[0], user):
        raise NotFound("There is no such network.")
    return row[0], row[1]


def stored_network_feed(slug: str, user) -> CalendarFile | None:
    """``network_feed`` from its stored copy, in one narrow query (the bytes only for a 200:
    a second one, which gives None if a change emptied the copy in between); None when it
    must be built, or the network is private (``network_feed`` asks who may see it)."""
    if not networks.SLUG_RE.match(slug):
        return None
    row = copies.read(copies.NETWORK_FEED, slug=slug)
    if (
        row is None
        or row.network_visibility is NetworkVisibility.PRIVATE
        or not copies.usable(row, copies.site_key(site()))
    ):
        return None
    return CalendarFile(
        content=lambda: copies.body_of(row.id, row.generation),
        last_modified=row.last_modified,
        etag=row.etag,
    )


def network_feed(slug: str, user) -> CalendarFile:
    """The network's public events, upcoming and recent, cancelled ones as CANCELLED.

    Members-only and unlisted events never appear, not even to members; a private network's
    feed is 404 to whoever may not see the network (calendar apps send no login).
    """
    network, copy = _network_and_copy(slug, user)
    here = site()
    key, owner = copies.site_key(here), CalendarCopy.network_id
    if copies.usable(copy, key):
        return CalendarFile(
            content=lambda: copy.body,
            last_modified=copy.last_modified,
            etag=copy.etag,
            personal=network.is_private,
        )
    rows = list(
        db.session.scalars(
            sa.select(Event)
            .where(
                Event.network_id == network.id,
                Event.status.in_(IN_CALENDARS),
                Event.ends_at >= utcnow() - NETWORK_FEED_PAST,
            )
            .order_by(Event.starts_at, Event.id)
        )
    )
    # Events that left the feed (made members-only) count too, so If-Modified-Since sees it.
    last_modified = max((e.updated_at for e in rows), default=network.created_at)
    shown = [e for e in rows if e.visibility is EventVisibility.PUBLIC]
    calendar = ical.feed(
        network.name,
        [ical.event_component(e, here) for e in shown],
        description=f"Events of {network.name} on eventnet",
    )
    body = ical.to_bytes(calendar)
    # Rebuilt when the first event leaves the window, with no change to tell of it.
    fresh_until = min((e.ends_at + NETWORK_FEED_PAST for e in rows), default=None)
    copies.keep(
        owner,
        network.id,
        copy,
        body=body,
        etag=etag(body),
        site=key,
        last_modified=last_modified,
        fresh_until=fresh_until,
    )
    return CalendarFile(
        content=body, last_modified=last_modified, etag=etag(body), personal=network.is_private
    )


# --- /cal/<feed-token>.ics -------------------------------------------------------------------


@dataclass(frozen=True)
class FeedPart:
    components: list[icalendar.Event]
    last_modified: datetime | None


def _registered_events(user: User, here: ical.Site) -> FeedPart:
    """Events the person is confirmed at, or waiting for (TENTATIVE)."""
    rows = list(
        db.session.execute(
            sa.select(Registration, organises_event_clause(user))
            .join(Registration.event)
            .join(Event.network)
            .options(contains_eager(Registration.event).contains_eager(Event.network))
            .where(
                Registration.user_id == user.id,
                Event.status.in_(IN_CALENDARS),
                Event.ends_at >= utcnow() - PERSONAL_FEED_PAST,
                visible_events_clause(user),
            )
            .order_by(Event.starts_at, Event.id)
        )
    )
    # Cancelled registrations leave the feed but count for Last-Modified.
    last_modified = max(
        (max(r.event.updated_at, r.status_changed_at) for r, _ in rows), default=None
    )
    components = [
        ical.event_component(r.event, here, attendance_of(r, user, organiser=organises))
        for r, organises in rows
        if r.status.is_active
    ]
    return FeedPart(components, last_modified)


def _token_by_secret(secret: str) -> FeedToken:
    if not (16 <= len(secret) <= 64) or not secret.replace("-", "").replace("_", "").isalnum():
        raise NotFound("There is no such calendar feed.")
    token = db.session.scalar(
        sa.select(FeedToken).options(joinedload(FeedToken.user)).where(FeedToken.secret == secret)
    )
    if token is None:
        raise NotFound("There is no such calendar feed.")
    return token


def personal_feed(secret: str) -> CalendarFile:
    """The token holder's events (and, later, meetings). Nothing about who asks matters: the
    secret is the permission, and only what its owner may see today is in it."""
    token = _token_by_secret(secret)
    here = site()
    # The registered events, then what other packages add (accepted 1:1 meetings, SPEC §5),
    # each part one query.
    parts = [
        _registered_events(token.user, here),
        *answers(personal_feed_built.send(token.user, site=here)),
    ]
    components = [c for part in parts for c in part.components]
    components.sort(key=lambda c: (c.decoded("dtstart"), str(c["uid"])))
    last_modified = max([token.issued_at, *(p.last_modified for p in parts if p.last_modified)])
    calendar = ical.feed(f"My events on eventnet ({token.user.name})", components)
    body = ical.to_bytes(calendar)
    return CalendarFile(content=body, last_modified=last_modified, etag=etag(body), personal=True)


# --- feed tokens -----------------------------------------------------------------------------


def feed_token_of(user: User) -> FeedToken | None:
    return db.session.scalar(sa.select(FeedToken).where(FeedToken.user_id == user.id))


def make_feed_token(user: User) -> FeedToken:
    """The person's feed token, made on first use (concurrent first uses make one)."""
    lock_row(db.session, User, user.id)
    token = feed_token_of(user)
    if token is None:
        token = FeedToken(user_id=user.id, secret=secrets.token_urlsafe(SECRET_BYTES))
        db.session.add(token)
        db.session.flush()
    return token


def revoke_feed_token(user: User) -> FeedToken:
    """A new secret; the old address answers 404 from now on."""
    token = make_feed_token(user)
    token.secret = secrets.token_urlsafe(SECRET_BYTES)
    token.issued_at = utcnow()
    db.session.flush()
    return token


@dataclass(frozen=True)
class FeedLinks:
    https: str
    webcal: str


def feed_links(token: FeedToken) -> FeedLinks:
    url = absolute_url("calendar.personal_feed", secret=token.secret)
    return FeedLinks(https=url, webcal="webcal://" + url.split("://", 1)[1])


def network_feed_links(network: Network) -> FeedLinks:
    url = absolute_url("calendar.network_feed", slug=network.slug)
    return FeedLinks(https=url, webcal="webcal://" + url.split("://", 1)[1])


# --- emails ----------------------------------------------------------------------------------


def _attachment(event: Event, calendar: icalendar.Calendar, method: str) -> Attachment:
    return Attachment(
        filename=f"{event.slug}.ics",
        content_type=f"text/calendar; method={method}; charset=utf-8",
        data=ical.to_bytes(calendar),
    )


def invitation_attachment(
    registration: Registration, *, organiser: bool | None = None
) -> Attachment:
    """For emails that confirm a place: METHOD:REQUEST, so mail apps offer "add to calendar".
    ``organiser`` as for ``attendance_of``, from callers that send many."""
    event = registration.event
    attendance = attendance_of(registration, organiser=organiser)
    calendar = ical.invitation(event, site(), attendance, stamp=utcnow())
    return _attachment(event, calendar, "REQUEST")


def cancellation_attachment(registration: Registration) -> Attachment:
    """For the event-cancelled email: METHOD:CANCEL with the event's raised SEQUENCE."""
    event = registration.event
    calendar = ical.invitation(event, site(), attendance_of(registration), stamp=utcnow())
    return _attachment(event, calendar, "CANCEL")


# --- the account registries ------------------------------------------------------------------


def export_feed_token(user: User) -> dict:
    """Whether a feed address exists and since when; not the secret itself, which an export
    file passed around would leak. Deleting the account deletes it (foreign key cascade)."""
    token = feed_token_of(user)
    return {
        "has_feed_address": token is not None,
        "made_at": token.created_at.isoformat() if token else None,
        "current_address_since": token.issued_at.isoformat() if token else None,
    }
