"""Stored copies of the public calendar files (``models.CalendarCopy``): a request for an
unchanged file reads one row, and a conditional one only its ETag.

``calendar/services.py`` reads the row with the event or network it belongs to (one query;
a network feed's bytes load only for a 200); ``keep`` stores a fresh build if nothing
changed since that read; ``forget_*`` (from ``receivers.py``, on every signal that changes what a
file shows) empties the rows and raises their generation in the sender's transaction.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from functools import lru_cache

import sqlalchemy as sa

from eventnet.calendar import ical
from eventnet.calendar.models import CalendarCopy
from eventnet.db import insert_for, utcnow
from eventnet.events import access
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.networks.models import Network

# --- reading a copy without the ORM: one narrow row, the statements built once -------------

_copies, _events, _networks = CalendarCopy.__table__, Event.__table__, Network.__table__
_COPY = (_copies.c.etag, _copies.c.site, _copies.c.last_modified, _copies.c.fresh_until)

# An event's file as a visitor gets it, bytes and all (a few kilobytes); no row when a
# visitor may not see the event (``events.access`` decides) or nothing is stored yet.
EVENT_FILE = (
    sa.select(*_COPY, _copies.c.body)
    .select_from(_events)
    .join(_copies, _copies.c.event_id == _events.c.id)
    .where(_events.c.slug == sa.bindparam("slug"), access.visible_events_clause(None))
)
# A network's feed: whether it is private, and its copy without the bytes (a 304 needs none).
NETWORK_FEED = (
    sa.select(
        _copies.c.id, _copies.c.generation, _networks.c.visibility.label("network_visibility"),
        *_COPY,
    )
    .select_from(_networks)
    .join(_copies, _copies.c.network_id == _networks.c.id)
    .where(_networks.c.slug == sa.bindparam("slug"))
)  # fmt: skip
BODY = sa.select(_copies.c.body).where(
    _copies.c.id == sa.bindparam("id"), _copies.c.generation == sa.bindparam("generation")
)


def read(statement: sa.Select, **values) -> sa.Row | None:
    """One row of a statement above, on the session's connection (no ORM objects)."""
    return db.session.connection().execute(statement, values).first()


def body_of(copy_id: int, generation: int) -> bytes | None:
    """A copy's bytes, or None when a change emptied it since it was read."""
    return db.session.connection().execute(BODY, {"id": copy_id, "generation": generation}).scalar()


@lru_cache(maxsize=16)
def site_key(site: ical.Site) -> str:
    """The installation a copy was built for: a new base URL or sender rebuilds."""
    return hashlib.sha256(repr(site).encode()).hexdigest()[:16]


def usable(copy: CalendarCopy | sa.Row | None, site: str) -> bool:
    return (
        copy is not None
        and copy.etag is not None
        and copy.site == site
        and (copy.fresh_until is None or utcnow() < copy.fresh_until)
    )


def keep(
    owner: sa.Column,
    owner_id: int,
    seen: CalendarCopy | None,
    *,
    body: bytes,
    etag: str,
    site: str,
    last_modified: datetime,
    fresh_until: datetime | None = None,
) -> None:
    """Store a build made after reading ``seen`` (None: there was no row). A change
    committed since then raised the generation (or made the row): the build is not kept.
    Concurrent first builds insert once (ON CONFLICT DO NOTHING), the others keep nothing."""
    values = {
        "etag": etag,
        "site": site,
        "last_modified": last_modified,
        "fresh_until": fresh_until,
        "body": body,
    }
    if seen is None:
        statement = (
            insert_for(db.session, CalendarCopy)
            .values({owner.key: owner_id, "generation": 0, **values})
            .on_conflict_do_nothing(index_elements=[owner.key])
        )
    else:
        statement = (
            sa.update(CalendarCopy)
            .where(CalendarCopy.id == seen.id, CalendarCopy.generation == seen.generation)
            .values(values)
        )
    db.session.execute(statement, execution_options={"synchronize_session": False})


def _forget(owner: sa.Column, owner_ids: list[int]) -> None:
    """Empty the copies and raise their generation; a row is made where none exists yet, so
    a build that began before this change finds a conflict and keeps nothing."""
    if not owner_ids:
        return
    emptied = {
        "generation": CalendarCopy.generation + 1,
        "etag": None,
        "site": None,
        "last_modified": None,
        "fresh_until": None,
        "body": None,
    }
    statement = insert_for(db.session, CalendarCopy).values(
        [{owner.key: i, "generation": 1} for i in owner_ids]
    )
    statement = statement.on_conflict_do_update(index_elements=[owner.key], set_=emptied)
    db.session.execute(statement)
    # The session's loaded copies are stale now.
    for copy in [o for o in db.session.identity_map.values() if isinstance(o, CalendarCopy)]:
        db.session.expire(copy)


def forget_event(event: Event) -> None:
    """The event's file and its network's feed."""
    _forget(CalendarCopy.event_id, [event.id])
    _forget(CalendarCopy.network_id, [event.network_id])


def forget_network(network_id: int) -> None:
    """The network's feed and every file of its events (they name the network)."""
    _forget(CalendarCopy.network_id, [network_id])
    event_ids = list(db.session.scalars(sa.select(Event.id).where(Event.network_id == network_id)))
    _forget(CalendarCopy.event_id, event_ids)
