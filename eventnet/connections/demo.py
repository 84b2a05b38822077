"""Demo contact exchanges for `flask seed-demo`: people who met at the past spring meet-up."""

from __future__ import annotations

import sqlalchemy as sa

from eventnet.accounts.models import User
from eventnet.connections import services
from eventnet.events.models import Event
from eventnet.extensions import db

PAST_EVENT = "spring-term-meet-up"
# (scanner, scanned, scanner's note)
EXCHANGES = [
    (
        "helen.marsh@stmarys.example",
        "david.chen@northgate.example",
        "Met at the coffee queue; wants our phonics plan. Send it before half term.",
    ),
    (
        "amara.jones@hillcrest.example",
        "helen.marsh@stmarys.example",
        "Runs a new-heads peer circle: ask about joining.",
    ),
]


def seed_connections(people: dict[str, User]) -> int:
    """Connections with notes at the past event; existing ones are left as they are."""
    event = db.session.scalar(sa.select(Event).where(Event.slug == PAST_EVENT))
    if event is None:
        return 0
    created = 0
    for scanner, scanned, note in EXCHANGES:
        connection, new = services.record_scan(event, people[scanner], people[scanned])
        if new:
            services.set_note(connection, people[scanner], note)
            created += 1
    return created
