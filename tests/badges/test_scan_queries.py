"""A badge scan by an attendee runs a fixed, small number of SQL statements, however many
people attend the event and however many contacts they have exchanged."""

from __future__ import annotations

import sqlalchemy as sa

from eventnet.connections.models import Connection
from eventnet.connections.services import record_scan
from eventnet.extensions import db
from tests.badges.conftest import Scene, make_card
from tests.factories import make_event, make_network, make_user, register

# Who is logged in; the badge with the scanner's standing; the connection (INSERT …
# RETURNING); the scanned person's card with its tags.
FIRST_SCAN = 4
# …and the connection read back, as the INSERT made nothing.
SECOND_SCAN = 5


def crowded_scene(attendees: int) -> Scene:
    """Ada and Ben at an event of ``attendees`` more people, who have all met Ben."""
    organiser = make_user()
    event = make_event(make_network(organiser))
    ada, ben = make_user(), make_user()
    make_card(ada, headline="Headteacher", interests="Phonics, Reading", share_on_scan=False)
    make_card(ben, headline="Deputy head")
    register(event, ada)
    register(event, ben)
    for _ in range(attendees):
        other = make_user()
        make_card(other, headline="Teacher")
        register(event, other)
        record_scan(event, other, ben)
    db.session.commit()
    return Scene(event=event, organiser=organiser, ada=ada, ben=ben)


def scan_statements(client, login_as, count_queries, scene: Scene) -> tuple[int, int]:
    token = scene.badge(scene.ada).token
    login_as(scene.ben)
    counts = []
    for _ in range(2):
        with count_queries() as queries:
            page = client.get(f"/b/{token}")
        assert page.status_code == 200
        assert "Phonics" in page.get_data(as_text=True)  # the card, tags and all
        counts.append(len(queries))
    return counts[0], counts[1]


def test_a_scan_runs_the_same_few_statements_at_a_small_and_a_crowded_event(
    app, client, login_as, count_queries
):
    small = scan_statements(client, login_as, count_queries, crowded_scene(0))
    crowded = scan_statements(client, login_as, count_queries, crowded_scene(25))
    assert small == crowded == (FIRST_SCAN, SECOND_SCAN)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Connection)) == 2 + 25
