"""The follow-up's partner sources: contact exchanges (connections) and accepted 1:1
meetings (meetings). Each imports its package when called, so eventnet/notifications works
(with nobody listed) in a tree where either package is absent."""

from __future__ import annotations

from eventnet.accounts.models import User
from eventnet.events.models import Event
from eventnet.notifications.partners import Partner, partner_source


@partner_source
def exchanged_contacts(event: Event, user: User) -> list[Partner]:
    """Badge scans at ``event``: what the other side shared with ``user``, and ``user``'s note."""
    try:
        from eventnet.connections.services import contacts_of
    except ImportError:
        return []
    return [
        Partner(c.person, {"exchanged contacts"}, dict(c.details or {}), c.note or "")
        for c in contacts_of(user)
        if c.connection.event_id == event.id
    ]


@partner_source
def met_in_meetings(event: Event, user: User) -> list[Partner]:
    """Accepted 1:1 meetings at ``event``."""
    try:
        from eventnet.meetings.services import accepted_partners
    except ImportError:
        return []
    return [Partner(other, {"met"}) for other in accepted_partners(user, event)]
