"""The follow-up's partner sources, answering ``follow_up_partners`` (eventnet/wiring.py):
contact exchanges (connections) and accepted 1:1 meetings (meetings)."""

from __future__ import annotations

from eventnet.accounts.models import User
from eventnet.connections.services import contacts_of
from eventnet.events.models import Event
from eventnet.meetings.services import accepted_partners
from eventnet.notifications.partners import Partner


def exchanged_contacts(event: Event, user: User) -> list[Partner]:
    """Badge scans at ``event``: what the other side shared with ``user``, and ``user``'s note."""
    return [
        Partner(c.person, {"exchanged contacts"}, dict(c.details or {}), c.note or "")
        for c in contacts_of(user)
        if c.connection.event_id == event.id
    ]


def met_in_meetings(event: Event, user: User) -> list[Partner]:
    """Accepted 1:1 meetings at ``event``."""
    return [Partner(other, {"met"}) for other in accepted_partners(user, event)]
