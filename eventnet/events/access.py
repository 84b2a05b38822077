"""Who may see an event, and which events a list shows: each rule in Python and its SQL twin.

The Python checks decide for one event (its page, its file, registering); the SQL twins put
the same rule in a query's WHERE, so a list or a feed stays one query. Every surface asks
here (STYLE.md rule 13); ``tests/events/test_access_agreement.py`` holds each pair to the
other for every viewer × visibility × status × network privacy.

- Organisers of the event's network (and site admins) see all of its events, drafts too.
- Everyone else sees published and cancelled events only: members-only events, and every
  event of a private network, only when they are members of the network.
- Unlisted events open by link: lists show them only to the network's organisers.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from eventnet.events.models import Event, EventStatus, EventVisibility
from eventnet.networks import services as networks
from eventnet.networks.models import Membership, Network, Role, Visibility

ORGANISING_ROLES = [role for role in Role if role.organises]


def can_see_event(event: Event, user) -> bool:
    """Organisers see everything of their network; others see published (or cancelled)
    events they are allowed into: members-only events and private networks are invisible."""
    if networks.can_organise(event.network, user):
        return True
    if event.is_draft:
        return False
    if event.visibility is EventVisibility.MEMBERS or event.network.is_private:
        return networks.membership_of(event.network, user) is not None
    return True


def is_listed_for(event: Event, user) -> bool:
    """Whether a list of events shown to ``user`` may hold ``event``: one they may see, and
    an unlisted one only when they organise it."""
    if not can_see_event(event, user):
        return False
    return event.visibility is not EventVisibility.UNLISTED or networks.can_organise(
        event.network, user
    )


# --- the SQL twins ---------------------------------------------------------------------------
# Each is a boolean expression over ``Event`` (correlated subqueries, so a query needs no join
# for it, and one that joins ``Event.network`` for its own reasons is not disturbed).


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def organises_event_clause(user) -> sa.ColumnElement[bool]:
    """SQL twin of ``networks.can_organise(Event.network, user)``."""
    if not _signed_in(user):
        return sa.false()
    if user.is_admin:
        return sa.true()
    membership = aliased(Membership)
    return (
        sa.select(membership.id)
        .where(
            membership.network_id == Event.network_id,
            membership.user_id == user.id,
            membership.role.in_(ORGANISING_ROLES),
        )
        .exists()
    )


def _member_clause(user) -> sa.ColumnElement[bool]:
    membership = aliased(Membership)
    return (
        sa.select(membership.id)
        .where(membership.network_id == Event.network_id, membership.user_id == user.id)
        .exists()
    )


def _open_to_all(*, listed: bool) -> sa.ColumnElement[bool]:
    """Published or cancelled, in a public network, and neither members-only nor (in
    lists) unlisted."""
    network = aliased(Network)
    hidden = [EventVisibility.MEMBERS] + ([EventVisibility.UNLISTED] if listed else [])
    return sa.and_(
        Event.visibility.not_in(hidden),
        sa.select(network.id)
        .where(network.id == Event.network_id, network.visibility == Visibility.PUBLIC)
        .exists(),
    )


def _clause(user, *, listed: bool) -> sa.ColumnElement[bool]:
    shown = _open_to_all(listed=listed)
    if _signed_in(user):
        if user.is_admin:
            return sa.true()
        member = _member_clause(user)
        if listed:
            member = sa.and_(member, Event.visibility != EventVisibility.UNLISTED)
        shown = sa.or_(shown, member)
    not_draft = sa.and_(Event.status != EventStatus.DRAFT, shown)
    if not _signed_in(user):
        return not_draft
    return sa.or_(organises_event_clause(user), not_draft)


def visible_events_clause(user) -> sa.ColumnElement[bool]:
    """SQL twin of ``can_see_event(Event, user)``."""
    return _clause(user, listed=False)


def listed_events_clause(user) -> sa.ColumnElement[bool]:
    """SQL twin of ``is_listed_for(Event, user)``."""
    return _clause(user, listed=True)
