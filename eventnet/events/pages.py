"""What the event page reads, in as few queries as the page allows: the event with its
network and, for a signed-in viewer, their registration, membership and the event's meeting
settings in the same query; the organisers, the agenda and the figures kept per revision.

A surface module (like the views): it joins tables of several packages for one page.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload

from eventnet.db import remember_one
from eventnet.errors import NotFound
from eventnet.events import services
from eventnet.events.access import can_see_event
from eventnet.events.models import AgendaSession, Event
from eventnet.extensions import db
from eventnet.kept import kept
from eventnet.meetings.models import MeetingSettings
from eventnet.meetings.views import remember_settings
from eventnet.networks import services as networks
from eventnet.networks.models import Membership
from eventnet.registration import services as registration
from eventnet.registration.models import Registration

_MEMBERSHIP = aliased(Membership)
_REGISTRATION = aliased(Registration)
_SETTINGS = aliased(MeetingSettings)


def _with_the_viewer() -> sa.Select:
    user_id = sa.bindparam("user_id")
    return (
        sa.select(Event, _MEMBERSHIP, _REGISTRATION, _SETTINGS)
        .options(joinedload(Event.network))
        .where(Event.slug == sa.bindparam("slug"))
        .outerjoin(
            _MEMBERSHIP,
            sa.and_(_MEMBERSHIP.network_id == Event.network_id, _MEMBERSHIP.user_id == user_id),
        )
        .outerjoin(
            _REGISTRATION,
            sa.and_(_REGISTRATION.event_id == Event.id, _REGISTRATION.user_id == user_id),
        )
        .outerjoin(_SETTINGS, _SETTINGS.event_id == Event.id)
    )


# Built once, with its parameters bound at each call: building a four-table statement and
# its cache key cost more than running it.
WITH_THE_VIEWER = _with_the_viewer()


def visible_event(slug: str, user) -> Event:
    """``events.services.visible_event`` in one query, the viewer's rows remembered for the
    checks the page makes (``remembered_one``), so none of them asks again."""
    if not getattr(user, "is_authenticated", False):
        return services.visible_event(slug, user)
    if not services.SLUG_RE.match(slug):
        raise NotFound("There is no such event.")
    found = db.session.execute(WITH_THE_VIEWER, {"slug": slug, "user_id": user.id}).one_or_none()
    if found is None:
        raise NotFound("There is no such event.")
    event, membership, mine, settings = found
    session = db.session
    remember_one(session, Membership, membership, network_id=event.network_id, user_id=user.id)
    remember_one(session, Registration, mine, event_id=event.id, user_id=user.id)
    remember_settings(event, settings)
    if not can_see_event(event, user):
        raise NotFound("There is no such event.")
    return event


def _key(event: Event, revision: int) -> tuple:
    # created_at too: SQLite may give a deleted event's id to the next one.
    return (event.id, event.created_at, revision)


def organisers(event: Event) -> networks.Organisers:
    """Kept per ``page_revision``, which role changes and renames raise."""
    return kept(
        "event-organisers",
        _key(event, event.page_revision),
        lambda: networks.organisers_of(event.network),
    )


def agenda(event: Event) -> list:
    """The sessions as plain rows (kept between requests, so no ORM objects), per
    ``page_revision``, which every agenda change raises."""
    columns = (AgendaSession.starts_at, AgendaSession.ends_at, AgendaSession.title,
               AgendaSession.room, AgendaSession.speaker)  # fmt: skip

    def read() -> list:
        return list(
            db.session.execute(
                sa.select(*columns)
                .where(AgendaSession.event_id == event.id)
                .order_by(AgendaSession.starts_at, AgendaSession.id)
            )
        )

    return kept("event-agenda", _key(event, event.page_revision), read)


def figures(event: Event) -> registration.Figures:
    """What the page shows of places, kept per ``people_revision``, which every change to a
    registration's status or mode raises (check-ins do not: the page does not show them)."""
    return kept(
        "event-figures",
        _key(event, event.people_revision),
        lambda: registration.figures(event),
    )
