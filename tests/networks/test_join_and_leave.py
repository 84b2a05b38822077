"""Joining and leaving a public network from its page."""

from __future__ import annotations

from eventnet.networks.models import Role
from tests.factories import add_member, make_network, make_user
from tests.networks.conftest import flashes, login_next, memberships, snapshot, text


def test_public_network_page_is_open_to_everyone_and_listed_on_the_home_page(client):
    network = make_network(name="Midlands Heads", slug="midlands-heads")
    page = text(client.get("/n/midlands-heads"))
    assert "Midlands Heads" in page
    assert "Log in</a> or" in page
    assert 'href="/n/midlands-heads"' in text(client.get("/"))
    assert network.slug == "midlands-heads"


def test_a_logged_in_person_joins_a_public_network(client, login_as):
    network = make_network(name="Midlands Heads", slug="midlands-heads")
    person = login_as(make_user("Priya Deputy", "priya@school.example"))
    assert "Join Midlands Heads" in text(client.get("/n/midlands-heads"))

    response = client.post("/n/midlands-heads/join", follow_redirects=True)

    assert response.status_code == 200
    assert "You are now a member of Midlands Heads." in flashes(text(response))
    assert memberships(network)[person.email] is Role.MEMBER
    assert "You are a member of this network." in text(response)
    assert "Midlands Heads" in text(client.get("/me"))


def test_joining_twice_keeps_one_membership(client, login_as):
    owner = make_user()
    network = make_network(owner)
    person = login_as(make_user())
    client.post(f"/n/{network.slug}/join")
    before = snapshot()
    client.post(f"/n/{network.slug}/join")
    assert snapshot() == before
    assert memberships(network) == {owner.email: Role.OWNER, person.email: Role.MEMBER}


def test_joining_needs_login(client):
    network = make_network()
    before = snapshot()
    response = client.post(f"/n/{network.slug}/join")
    assert login_next(response) == f"/n/{network.slug}/join"
    assert snapshot() == before


def test_joining_a_network_that_does_not_exist_is_404(client, login_as):
    login_as(make_user())
    assert client.post("/n/no-such-network/join").status_code == 404


def test_a_member_leaves(client, login_as):
    owner = make_user()
    network = make_network(owner, name="Midlands Heads")
    person = make_user()
    add_member(network, person)
    login_as(person)

    response = client.post(f"/n/{network.slug}/leave", follow_redirects=True)

    assert "You have left Midlands Heads." in flashes(text(response))
    assert memberships(network) == {owner.email: Role.OWNER}


def test_an_organiser_leaves(client, login_as):
    owner = make_user()
    network = make_network(owner)
    organiser = make_user()
    add_member(network, organiser, Role.ORGANISER)
    login_as(organiser)
    client.post(f"/n/{network.slug}/leave")
    assert memberships(network) == {owner.email: Role.OWNER}


def test_the_last_owner_cannot_leave(client, login_as):
    owner = make_user()
    network = make_network(owner)
    add_member(network, make_user())
    login_as(owner)
    before = snapshot()

    response = client.post(f"/n/{network.slug}/leave", follow_redirects=True)

    assert response.request.path == f"/n/{network.slug}"
    assert (
        "You are the network's only owner: make someone else an owner before you leave."
        in flashes(text(response))
    )
    assert snapshot() == before


def test_an_owner_may_leave_when_another_owner_remains(client, login_as):
    owner = make_user()
    network = make_network(owner)
    co_owner = make_user()
    add_member(network, co_owner, Role.OWNER)
    login_as(owner)
    client.post(f"/n/{network.slug}/leave")
    assert memberships(network) == {co_owner.email: Role.OWNER}


def test_leaving_a_network_you_are_not_in_is_404_and_changes_nothing(client, login_as):
    """There is no membership to end: a missing item, so a 404, as on every view."""
    network = make_network()
    login_as(make_user())
    before = snapshot()
    response = client.post(f"/n/{network.slug}/leave")
    assert response.status_code == 404
    assert snapshot() == before
