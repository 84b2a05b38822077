"""Who counts as an event's attendee, and who may see its online join link: one rule each
for pages, the API, feeds and emails, with the SQL twin beside the Python check.

An attendee holds a confirmed place (checking in needs one; cancelling gives it up). Only
attendees have badges, appear in attendee lists and directories, and book 1:1 meetings.

The join link is for the people who will use it: confirmed registrants attending online (every
confirmed registrant of a virtual event; at a hybrid event, those who chose to attend
online), and the event's organisers and site admins. Never for visitors, other members,
in-person attendees, or people waitlisted, awaiting approval, declined or cancelled; never
in a public page or a public feed (STYLE.md rule 13: every surface asks here).
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from eventnet.events.access import ORGANISING_ROLES
from eventnet.events.models import Event, EventFormat
from eventnet.extensions import db
from eventnet.networks.models import Membership
from eventnet.networks.services import can_organise
from eventnet.registration.models import AttendanceMode, Registration, RegistrationStatus


def is_attendee(registration: Registration | None) -> bool:
    """Whether this registration makes its person an attendee: a confirmed place."""
    return registration is not None and registration.status is RegistrationStatus.CONFIRMED


def attendee_clause(registration=Registration) -> sa.ColumnElement[bool]:
    """SQL twin of ``is_attendee(Registration)``, for attendee lists and directories;
    ``registration`` is an alias of ``Registration`` where the query has two."""
    return registration.status == RegistrationStatus.CONFIRMED


def attends_online(registration: Registration | None) -> bool:
    """A confirmed place, online (a virtual event's places are all online)."""
    return is_attendee(registration) and registration.mode is AttendanceMode.ONLINE


def may_see_join_link(
    event: Event,
    user,
    registration: Registration | None = None,
    *,
    organiser: bool | None = None,
) -> bool:
    """Whether ``user`` may see ``event``'s join link.

    ``registration`` is the person's registration at the event, or None when they have
    none. ``organiser`` is whether they organise the event's network (or are a site
    admin), for callers that already know or that ask for many people at once
    (``organiser_check``); left out, the networks domain is asked.
    """
    if not event.join_url or event.format is EventFormat.IN_PERSON:
        return False
    if attends_online(registration):
        return True
    if organiser is None:
        organiser = can_organise(event.network, user)
    return bool(organiser)


def join_link_for(
    event: Event,
    user,
    registration: Registration | None = None,
    *,
    organiser: bool | None = None,
) -> str:
    """The join link when ``user`` may see it, else ""."""
    visible = may_see_join_link(event, user, registration, organiser=organiser)
    return event.join_url if visible else ""


def organiser_check(event: Event) -> Callable[[object], bool]:
    """``can_organise(event.network, user)`` for many people, in one query."""
    organisers = set(
        db.session.scalars(
            sa.select(Membership.user_id).where(
                Membership.network_id == event.network_id,
                Membership.role.in_(ORGANISING_ROLES),
            )
        )
    )
    return lambda user: bool(user.is_admin) or user.id in organisers


def join_links_for(events: list[Event], user) -> dict[int, str]:
    """``join_link_for`` over a list of events (the API's list): by event id, in one query
    for the person's registrations and one organiser check per network."""
    mine: dict[int, Registration] = {}
    if getattr(user, "is_authenticated", False) and events:
        mine = {
            r.event_id: r
            for r in db.session.scalars(
                sa.select(Registration).where(
                    Registration.user_id == user.id,
                    Registration.event_id.in_([e.id for e in events]),
                )
            )
        }
    organises: dict[int, bool] = {}
    links = {}
    for event in events:
        if event.network_id not in organises:
            organises[event.network_id] = can_organise(event.network, user)
        links[event.id] = join_link_for(
            event, user, mine.get(event.id), organiser=organises[event.network_id]
        )
    return links
