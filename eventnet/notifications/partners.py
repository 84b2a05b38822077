"""Whom an attendee exchanged contacts or met with at an event, for the follow-up email.

The follow-up sends ``follow_up_partners(event, user=user)``; the receivers connected in
eventnet/wiring.py (``notifications/sources.py``: contact exchanges, accepted 1:1 meetings)
each return the people ``user`` connected with at ``event``, with the contact details
*shared with that user* (only what the exchange gave them) and ``user``'s own note. The
follow-up merges them by person, so someone met twice appears once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from eventnet.accounts.models import User
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.notifications.signals import follow_up_partners
from eventnet.profiles.models import Profile


@dataclass
class Partner:
    user: User
    how: set[str] = field(default_factory=set)  # "exchanged contacts", "met"
    contact: dict[str, str] = field(default_factory=dict)  # {"email": …, "phone": …} shared
    note: str = ""
    profile: Profile | None = None  # filled in by partners_of


def _profiles(user_ids: list[int]) -> dict[int, Profile]:
    rows = db.session.scalars(sa.select(Profile).where(Profile.user_id.in_(user_ids)))
    return {p.user_id: p for p in rows}


def partners_of(event: Event, user: User) -> list[Partner]:
    """Everyone ``user`` connected with at ``event`` by any source, by name."""
    merged: dict[int, Partner] = {}
    for _source, partners in follow_up_partners.send(event, user=user):
        for partner in partners:
            if partner.user.id == user.id:
                continue
            seen = merged.setdefault(partner.user.id, Partner(user=partner.user))
            seen.how |= partner.how
            seen.contact = {**partner.contact, **seen.contact}
            seen.note = "\n".join(n for n in (seen.note, partner.note) if n)
    profiles = _profiles(list(merged))
    for partner in merged.values():
        partner.profile = profiles.get(partner.user.id)
    return sorted(merged.values(), key=lambda p: (p.user.name.casefold(), p.user.id))
