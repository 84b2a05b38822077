"""Starting a network from /networks/new: the creator owns it; bad names and addresses are
refused next to their field and create nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from eventnet.extensions import db
from eventnet.networks.models import Network, Role, Visibility
from tests.factories import make_network, make_user
from tests.networks.conftest import field_error, memberships, snapshot, text


def networks() -> list[Network]:
    return list(db.session.scalars(sa.select(Network).order_by(Network.id)))


def test_creator_becomes_owner_and_lands_on_the_manage_page(client, login_as):
    creator = login_as(make_user("Helen Head", "helen@school.example"))

    response = client.post(
        "/networks/new",
        data={"name": "Midlands Heads Network", "description": "Heads in the Midlands"},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/organise/n/midlands-heads-network"
    (network,) = networks()
    assert network.name == "Midlands Heads Network"
    assert network.description == "Heads in the Midlands"
    assert network.visibility is Visibility.PUBLIC
    assert memberships(network) == {creator.email: Role.OWNER}
    assert "Midlands Heads Network is ready" in text(client.get(response.headers["Location"]))


def test_slug_is_made_from_the_name(client, login_as):
    login_as(make_user())
    client.post("/networks/new", data={"name": "  Écoles & Trusts: Leaders' Forum!  "})
    (network,) = networks()
    assert network.name == "Écoles & Trusts: Leaders' Forum!"
    assert network.slug == "ecoles-trusts-leaders-forum"


def test_given_slug_is_used(client, login_as):
    login_as(make_user())
    client.post("/networks/new", data={"name": "Heads", "slug": "west-heads-2025"})
    (network,) = networks()
    assert network.slug == "west-heads-2025"
    assert client.get("/n/west-heads-2025").status_code == 200


def test_private_network_can_be_created(client, login_as):
    login_as(make_user())
    client.post("/networks/new", data={"name": "Heads Only", "private": "y"})
    (network,) = networks()
    assert network.visibility is Visibility.PRIVATE


def test_new_network_page_needs_login(client):
    response = client.get("/networks/new")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert client.post("/networks/new", data={"name": "X"}).status_code == 302
    assert networks() == []


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "Enter the network's name."),
        ({"name": "   "}, "name", "Enter the network's name."),
        ({}, "name", "Enter the network's name."),
        ({"name": "x" * 121}, "name", "120"),
        ({"name": "Heads", "slug": "not a slug"}, "slug", "lower-case letters"),
        ({"name": "Heads", "slug": "-heads"}, "slug", "lower-case letters"),
        ({"name": "Heads", "slug": "heads-"}, "slug", "lower-case letters"),
        ({"name": "Heads", "slug": "héads"}, "slug", "lower-case letters"),
        ({"name": "Heads", "slug": "heads/network"}, "slug", "lower-case letters"),
        ({"name": "Heads", "slug": "x" * 61}, "slug", "60"),
        # A name with no letters or digits makes no address: the user must give one.
        ({"name": "東京"}, "slug", "lower-case letters"),
        ({"name": "Heads", "description": "x" * 2001}, "description", "2000"),
        ({"name": "Heads\x00"}, "name", "control characters"),
        ({"name": "Heads", "description": "Hello\x1b[31m"}, "description", "control characters"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_creates_nothing(
    client, login_as, data, field, message
):
    login_as(make_user())
    response = client.post("/networks/new", data=data)
    assert response.status_code == 400
    assert message in field_error(text(response), field)
    assert networks() == []


@pytest.mark.parametrize("typed", ["midlands-heads", "Midlands-Heads", "MIDLANDS-HEADS"])
def test_a_taken_slug_is_refused_in_any_letter_case(client, login_as, typed):
    existing = make_network(name="Midlands Heads", slug="midlands-heads")
    login_as(make_user())
    before = snapshot()

    response = client.post("/networks/new", data={"name": "Another", "slug": typed})

    assert response.status_code == 400
    assert field_error(text(response), "slug") == "That address is taken by another network."
    assert snapshot() == before
    assert [n.id for n in networks()] == [existing.id]


def test_a_slug_made_from_a_taken_name_is_refused_on_the_slug_field(client, login_as):
    make_network(name="Midlands Heads")
    login_as(make_user())
    response = client.post("/networks/new", data={"name": "MIDLANDS heads"})
    assert response.status_code == 400
    assert field_error(text(response), "slug") == "That address is taken by another network."
    assert len(networks()) == 1


def test_uppercase_slug_is_stored_in_lower_case(client, login_as):
    login_as(make_user())
    client.post("/networks/new", data={"name": "Heads", "slug": "North-Heads"})
    (network,) = networks()
    assert network.slug == "north-heads"


def test_the_form_keeps_what_was_typed_after_an_error(client, login_as):
    login_as(make_user())
    response = client.post(
        "/networks/new", data={"name": "Heads Network", "slug": "bad slug!", "description": "Hi"}
    )
    html = text(response)
    assert 'value="Heads Network"' in html
    assert 'value="bad slug!"' in html
    assert 'aria-invalid="true"' in html
