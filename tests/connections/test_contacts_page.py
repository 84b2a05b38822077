"""My contacts: grouped by event, searchable, in a fixed number of queries; account hooks."""

from __future__ import annotations

import json
from datetime import timedelta

import sqlalchemy as sa

from eventnet.accounts.signals import account_deleting
from eventnet.connections import services
from eventnet.connections.models import Connection
from eventnet.extensions import db
from tests.badges.conftest import make_card
from tests.conftest import PASSWORD
from tests.factories import make_event, make_user, register


def _meet(event, me, others):
    for other in others:
        services.record_scan(event, me, other)
    db.session.commit()


def test_contacts_are_grouped_by_event_and_searchable(scene, client, login_as):
    start = scene.event.starts_at.replace(tzinfo=None) + timedelta(days=30)
    later = make_event(
        scene.event.network,
        title="Summer conference",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
    )
    carl = make_user("Carl Jung")
    make_card(carl, organisation="Northgate School")
    for person in (scene.ben, carl):
        register(later, person)
    _meet(scene.event, scene.ben, [scene.ada])
    _meet(later, scene.ben, [carl])
    login_as(scene.ben)
    page = client.get("/me/contacts").get_data(as_text=True)
    assert page.index("Summer conference") < page.index("Spring heads meet-up")
    found = client.get("/me/contacts?q=northgate").get_data(as_text=True)
    assert "Carl Jung" in found
    assert "Ada Lovelace" not in found


def test_contacts_page_does_not_query_per_contact(scene, client, login_as, count_queries):
    login_as(scene.ben)
    client.get("/me/contacts")  # warm up

    def queries_for(n: int) -> int:
        people = []
        for i in range(n):
            person = make_user(f"Person {i}")
            make_card(
                person, headline="Head", interests="Reading, Maths", contact_email=f"p{i}@x.example"
            )
            register(scene.event, person)
            people.append(person)
        _meet(scene.event, scene.ben, people)
        with count_queries() as queries:
            assert client.get("/me/contacts").status_code == 200
        return len(queries)

    few = queries_for(2)
    many = queries_for(12)
    assert many == few, (few, many)


def test_export_holds_contacts_and_notes(scene, client, login_as):
    _meet(scene.event, scene.ben, [scene.ada])
    connection = db.session.scalars(sa.select(Connection)).one()
    services.set_note(connection, scene.ben, "Wants our phonics plan")
    db.session.commit()
    login_as(scene.ben)
    data = json.loads(client.get("/me/export.json").data)
    [contact] = data["contacts"]
    assert contact["name"] == "Ada Lovelace"
    assert contact["my_note"] == "Wants our phonics plan"
    assert contact["their_contact_details"]["email"] == "ada@oakfield.example"


def test_deleting_an_account_removes_its_connections(scene, client, login_as):
    _meet(scene.event, scene.ben, [scene.ada])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Connection)) == 1
    account_deleting.send(scene.ada)  # every domain's step, as delete_account runs them
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Connection)) == 0
    login_as(scene.ben)
    assert "Ada Lovelace" not in client.get("/me/contacts").get_data(as_text=True)
    assert PASSWORD
