"""What an organiser sees first at /organise: each network they run, its coming events with
their figures, its drafts and what happened lately. A fixed number of queries however many
networks, events and registrations there are."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from eventnet.accounts.models import User
from eventnet.db import utcnow
from eventnet.events.models import Event, EventStatus
from eventnet.extensions import db
from eventnet.networks.models import JoinRequest, JoinRequestStatus, Network
from eventnet.networks.services import organised_by
from eventnet.registration.models import Registration
from eventnet.registration.services import CANCELLED, Figures, capacity_of, figures_for, modes_of

# Each network's card shows this many coming events (then "all N events") and this many of
# its latest registrations, from this far back.
EVENTS_SHOWN = 5
RECENT_SHOWN = 5
RECENT_DAYS = 14


@dataclass
class Recent:
    """Someone registered for one of the network's events."""

    name: str
    event: Event
    status: str
    at: datetime


@dataclass
class Desk:
    """One network as its organiser sees it on the home page."""

    network: Network
    coming: list[Event] = field(default_factory=list)  # published or cancelled, not over
    drafts: list[Event] = field(default_factory=list)
    coming_total: int = 0
    join_requests: int = 0
    recent: list[Recent] = field(default_factory=list)


@dataclass
class Home:
    desks: list[Desk]
    figures: dict[int, Figures]
    now: datetime

    def days_to_go(self, event: Event) -> int:
        return max(0, (event.starts_at.date() - self.now.date()).days)

    def ago(self, moment: datetime) -> str:
        minutes = int((self.now - moment).total_seconds() // 60)
        for size, unit in ((1440, "day"), (60, "hour"), (1, "minute")):
            if minutes >= size:
                count = minutes // size
                return f"{count} {unit}{'' if count == 1 else 's'} ago"
        return "just now"

    def places(self, event: Event) -> int | None:
        """All places of every mode; None when any mode is unlimited."""
        capacities = [capacity_of(event, mode) for mode in modes_of(event)]
        return None if None in capacities else sum(capacities)


def home_of(user: User) -> Home:
    now = utcnow()
    networks = organised_by(user)
    desks = {network.id: Desk(network) for network in networks}
    if not desks:
        return Home([], {}, now)
    ids = list(desks)
    _add_events(desks, ids, now)
    shown = [event.id for desk in desks.values() for event in (*desk.coming, *desk.drafts)]
    _add_join_requests(desks, ids)
    _add_recent(desks, ids, now)
    return Home(list(desks.values()), figures_for(shown), now)


def _add_events(desks: dict[int, Desk], ids: list[int], now: datetime) -> None:
    """Drafts (any date) and events not over yet, the first few of each kind per network,
    with how many coming events there are in all: one query, a window function numbering
    each network's events of each kind."""
    is_draft = Event.status == EventStatus.DRAFT
    kind = sa.case((is_draft, 0), else_=1)
    numbered = (
        sa.select(
            Event.id.label("event_id"),
            sa.func.row_number()
            .over(partition_by=(Event.network_id, kind), order_by=(Event.starts_at, Event.id))
            .label("place"),
            sa.func.count().over(partition_by=(Event.network_id, kind)).label("total"),
        )
        .where(Event.network_id.in_(ids), sa.or_(is_draft, Event.ends_at > now))
        .subquery()
    )
    rows = db.session.execute(
        sa.select(Event, numbered.c.total)
        .join(numbered, numbered.c.event_id == Event.id)
        .where(numbered.c.place <= EVENTS_SHOWN)
        .order_by(Event.starts_at, Event.id)
    )
    for event, total in rows:
        desk = desks[event.network_id]
        if event.status is EventStatus.DRAFT:
            desk.drafts.append(event)
        else:
            desk.coming.append(event)
            desk.coming_total = total


def _add_join_requests(desks: dict[int, Desk], ids: list[int]) -> None:
    rows = db.session.execute(
        sa.select(JoinRequest.network_id, sa.func.count())
        .where(JoinRequest.network_id.in_(ids), JoinRequest.status == JoinRequestStatus.PENDING)
        .group_by(JoinRequest.network_id)
    )
    for network_id, count in rows:
        desks[network_id].join_requests = count


def _add_recent(desks: dict[int, Desk], ids: list[int], now: datetime) -> None:
    """The latest registrations of each network's events (cancelled ones left out)."""
    numbered = (
        sa.select(
            Registration.id.label("registration_id"),
            sa.func.row_number()
            .over(
                partition_by=Event.network_id,
                order_by=(Registration.registered_at.desc(), Registration.id.desc()),
            )
            .label("place"),
        )
        .join(Event, Event.id == Registration.event_id)
        .where(
            Event.network_id.in_(ids),
            Registration.registered_at > now - timedelta(days=RECENT_DAYS),
            Registration.status != CANCELLED,
        )
        .subquery()
    )
    rows = db.session.execute(
        sa.select(Registration, User.name)
        .join(numbered, numbered.c.registration_id == Registration.id)
        .join(Registration.event)
        .join(User, User.id == Registration.user_id)
        .options(contains_eager(Registration.event))
        .where(numbered.c.place <= RECENT_SHOWN)
        .order_by(Registration.registered_at.desc(), Registration.id.desc())
    )
    for registration, name in rows:
        desks[registration.event.network_id].recent.append(
            Recent(name, registration.event, registration.status.value, registration.registered_at)
        )
