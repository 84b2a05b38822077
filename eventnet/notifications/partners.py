"""Whom an attendee exchanged contacts or met with at an event, for the follow-up email.

The connections (issue 5) and meetings (issue 8) packages each register a source here:

    @partner_source
    def connections_at(event, user) -> list[Partner]: ...

A source returns the people ``user`` connected with at ``event``, with the contact details
*shared with that user* (only what the exchange gave them) and ``user``'s own note. The
follow-up merges the sources by person, so someone met twice appears once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from eventnet.accounts.models import User
from eventnet.events.models import Event


@dataclass
class Partner:
    user: User
    how: set[str] = field(default_factory=set)  # "exchanged contacts", "met"
    contact: dict[str, str] = field(default_factory=dict)  # {"email": …, "phone": …} shared
    note: str = ""
    profile: object | None = None  # eventnet.profiles Profile, filled in by partners_of


PartnerSource = Callable[[Event, User], list[Partner]]
partner_sources: list[PartnerSource] = []


def partner_source(fn: PartnerSource) -> PartnerSource:
    if fn not in partner_sources:
        partner_sources.append(fn)
    return fn


def _profiles(user_ids: list[int]) -> dict[int, object]:
    try:
        from eventnet.profiles.models import Profile
    except ImportError:  # profiles not installed: cards show names only
        return {}
    import sqlalchemy as sa

    from eventnet.extensions import db

    rows = db.session.scalars(sa.select(Profile).where(Profile.user_id.in_(user_ids)))
    return {p.user_id: p for p in rows}


def partners_of(event: Event, user: User) -> list[Partner]:
    """Everyone ``user`` connected with at ``event`` by any registered source, by name."""
    merged: dict[int, Partner] = {}
    for source in partner_sources:
        for partner in source(event, user):
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
