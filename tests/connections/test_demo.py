"""seed-demo adds connections with notes at the past event, once."""

import sqlalchemy as sa

from eventnet.connections.models import Connection
from eventnet.demo import seed
from eventnet.extensions import db


def test_seed_demo_adds_connections_with_notes_at_the_past_event_once(app):
    seed()
    db.session.commit()
    seed()
    db.session.commit()
    connections = list(db.session.scalars(sa.select(Connection)))
    # The demo's accepted 1:1 meetings at the summer conference are connections too.
    at_past_event = [c for c in connections if c.event.slug == "spring-term-meet-up"]
    assert len(at_past_event) == 2
    connections = at_past_event
    notes = [c.note_of(c.scanned_by_id) for c in connections]
    assert all(notes)
