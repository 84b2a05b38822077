"""``events.page_revision``: raised with every change to what an event's page shows beside
the event's own row — its agenda and its network's organisers (who they are and their names).

The page keeps both per revision (``eventnet.kept``), read from the event's row on every
view, so a change made by any process shows at once everywhere. The revision moves in a
``before_flush`` hook rather than in each service: agenda sessions, memberships and names
change in many places (the agenda page, roles, join requests, leaving a network, deleting an
account, duplicating an event), and one hook sees them all, in the flush's transaction, so it
moves exactly when the change commits. ``profiles.directory`` does the same for
``people_revision``. The event's own edits (title, cover, description) move ``updated_at``.
"""

from __future__ import annotations

import sqlalchemy as sa

from eventnet.accounts.models import User
from eventnet.db import changed, foreign_id, raise_revision
from eventnet.events.models import AgendaSession, Event
from eventnet.networks.models import Membership


def _raise_page_revisions(session, _flush_context, _instances) -> None:
    events: set[int | None] = set()
    networks: set[int | None] = set()
    people: set[int | None] = set()
    for obj in (*session.new, *session.deleted):
        if isinstance(obj, AgendaSession):
            events.add(foreign_id(obj, "event_id", "event"))
        elif isinstance(obj, Membership):
            networks.add(foreign_id(obj, "network_id", "network"))
        elif isinstance(obj, User) and obj in session.deleted:
            people.add(obj.id)  # their memberships go with the row
    for obj in session.dirty:
        if isinstance(obj, AgendaSession) and session.is_modified(obj):
            events.add(obj.event_id)
        elif isinstance(obj, Membership) and (changed(obj, "role") or changed(obj, "user_id")):
            networks.add(obj.network_id)
        elif isinstance(obj, User) and changed(obj, "name"):
            people.add(obj.id)
    events.discard(None)
    networks.discard(None)
    people.discard(None)
    if not events and not networks and not people:
        return
    table = Event.__table__
    which = table.c.id.in_(events) if events else sa.false()
    if networks:
        which = sa.or_(which, table.c.network_id.in_(networks))
    if people:
        theirs = sa.select(Membership.network_id).where(Membership.user_id.in_(people))
        which = sa.or_(which, table.c.network_id.in_(theirs))
    # The agenda and the organisers are not the event's own row (its LAST-MODIFIED); the
    # calendar files hear of the agenda by their own signal.
    raise_revision(session, Event, "page_revision", which)


sa.event.listen(sa.orm.Session, "before_flush", _raise_page_revisions)
