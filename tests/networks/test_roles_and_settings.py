"""Owners manage roles, members and settings; organisers cannot; a network always keeps an
owner."""

from __future__ import annotations

import pytest

from eventnet.extensions import db
from eventnet.networks import services as networks
from eventnet.networks.models import Membership, Role, Visibility
from tests.factories import add_member, make_network, make_user
from tests.networks.conftest import field_error, flashes, memberships, snapshot, text

MANAGE = "/organise/n/midlands-heads"


def role_url(membership) -> str:
    return f"{MANAGE}/members/{membership.id}/role"


def remove_url(membership) -> str:
    return f"{MANAGE}/members/{membership.id}/remove"


def owner_membership(cast):
    return next(m for m in cast.network.memberships if m.user_id == cast.owner.id)


@pytest.mark.parametrize("kind", ["owner", "admin"])
@pytest.mark.parametrize("role", [Role.ORGANISER, Role.OWNER])
def test_owners_and_admins_promote_a_member(client, act_as, private_cast, kind, role):
    act_as(private_cast.user(kind))
    response = client.post(
        role_url(private_cast.member_membership), data={"role": role.value}, follow_redirects=True
    )
    assert "Role changed." in flashes(text(response))
    assert memberships(private_cast.network)[private_cast.member.email] is role


def test_a_promoted_organiser_gets_the_organiser_area(client, act_as, private_cast):
    act_as(private_cast.owner)
    client.post(role_url(private_cast.member_membership), data={"role": "organiser"})
    act_as(private_cast.member)
    assert client.get(MANAGE).status_code == 200
    assert "Midlands Heads Network" in text(client.get("/organise"))


def test_an_owner_demotes_an_organiser_who_loses_the_organiser_area(client, act_as, private_cast):
    organiser = next(m for m in private_cast.network.memberships if m.role is Role.ORGANISER)
    act_as(private_cast.owner)
    client.post(role_url(organiser), data={"role": "member"})
    assert memberships(private_cast.network)[private_cast.organiser.email] is Role.MEMBER
    act_as(private_cast.organiser)
    assert client.get(MANAGE).status_code == 404


def test_an_owner_removes_a_member(client, act_as, private_cast):
    act_as(private_cast.owner)
    response = client.post(remove_url(private_cast.member_membership), follow_redirects=True)
    assert "Member removed." in flashes(text(response))
    assert private_cast.member.email not in memberships(private_cast.network)
    act_as(private_cast.member)
    assert client.get("/n/midlands-heads").status_code == 404


def test_an_organiser_cannot_change_roles_or_remove_members(client, act_as, private_cast):
    act_as(private_cast.organiser)
    before = snapshot()
    assert (
        client.post(role_url(private_cast.member_membership), data={"role": "owner"}).status_code
        == 403
    )
    assert client.post(remove_url(private_cast.member_membership)).status_code == 403
    assert (
        client.post(role_url(owner_membership(private_cast)), data={"role": "member"}).status_code
        == 403
    )
    assert snapshot() == before


def test_organisers_see_members_but_no_role_controls(client, act_as, private_cast):
    act_as(private_cast.organiser)
    page = text(client.get(MANAGE))
    assert "mina@heads.example" in page
    assert "Set role" not in page
    assert "Save settings" not in page
    act_as(private_cast.owner)
    page = text(client.get(MANAGE))
    assert "Set role" in page
    assert "Save settings" in page


def test_the_last_owner_cannot_be_demoted(client, act_as, private_cast):
    act_as(private_cast.owner)
    before = snapshot()
    response = client.post(
        role_url(owner_membership(private_cast)), data={"role": "organiser"}, follow_redirects=True
    )
    assert "A network needs at least one owner" in flashes(text(response))
    assert snapshot() == before


def test_the_last_owner_cannot_be_removed_even_by_a_site_admin(client, act_as, private_cast):
    act_as(private_cast.admin)
    before = snapshot()
    response = client.post(remove_url(owner_membership(private_cast)), follow_redirects=True)
    assert "A network needs at least one owner" in flashes(text(response))
    assert snapshot() == before


def test_an_owner_can_step_down_once_there_is_another_owner(client, act_as, private_cast):
    act_as(private_cast.owner)
    client.post(role_url(private_cast.member_membership), data={"role": "owner"})
    client.post(role_url(owner_membership(private_cast)), data={"role": "member"})
    roles = memberships(private_cast.network)
    assert roles[private_cast.owner.email] is Role.MEMBER
    assert roles[private_cast.member.email] is Role.OWNER


def test_a_co_owner_may_be_removed(client, act_as, private_cast):
    co_owner = make_user()
    co_membership = add_member(private_cast.network, co_owner, Role.OWNER)
    act_as(private_cast.owner)
    client.post(remove_url(co_membership))
    assert co_owner.email not in memberships(private_cast.network)


@pytest.mark.parametrize(
    "role", ["admin", "", "OWNER", "Owner", " owner", "owner\x00", "1", "null", "é" * 1000]
)
def test_a_garbage_role_is_refused_and_changes_nothing(client, act_as, private_cast, role):
    act_as(private_cast.owner)
    before = snapshot()
    response = client.post(
        role_url(private_cast.member_membership), data={"role": role}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Choose owner, organiser or member." in flashes(text(response))
    assert snapshot() == before


def test_a_missing_role_is_refused_and_changes_nothing(client, act_as, private_cast):
    act_as(private_cast.owner)
    before = snapshot()
    response = client.post(role_url(private_cast.member_membership), follow_redirects=True)
    assert "Choose owner, organiser or member." in flashes(text(response))
    assert snapshot() == before


@pytest.mark.parametrize("membership_id", ["0", "999999", "2147483647"])
def test_an_unknown_member_id_is_404_and_changes_nothing(
    client, act_as, private_cast, membership_id
):
    act_as(private_cast.owner)
    before = snapshot()
    for url in (
        f"{MANAGE}/members/{membership_id}/role",
        f"{MANAGE}/members/{membership_id}/remove",
    ):
        response = client.post(url, data={"role": "owner"})
        assert response.status_code == 404
    assert snapshot() == before


# --- settings --------------------------------------------------------------------------------


def settings(client, **changes):
    data = {
        "settings-name": "Midlands Heads Network",
        "settings-description": "",
        "settings-private": "y",
    }
    data.update({f"settings-{k}": v for k, v in changes.items()})
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(f"{MANAGE}/settings", data=data)


def test_an_owner_renames_the_network_and_makes_it_public(client, act_as, private_cast):
    act_as(private_cast.owner)
    response = settings(client, name="West Midlands Heads", private=None)
    assert response.status_code == 302
    assert response.headers["Location"] == "/organise/n/midlands-heads"
    db.session.refresh(private_cast.network)
    assert private_cast.network.name == "West Midlands Heads"
    assert private_cast.network.visibility is Visibility.PUBLIC
    act_as(None)
    assert client.get("/n/midlands-heads").status_code == 200
    assert "West Midlands Heads" in text(client.get("/"))


def test_making_a_network_private_hides_it(client, act_as, public_cast):
    act_as(public_cast.owner)
    settings(client, private="y")
    act_as(public_cast.outsider)
    assert client.get("/n/midlands-heads").status_code == 404


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "settings-name", "Enter the network's name."),
        ({"name": None}, "settings-name", "Enter the network's name."),
        ({"name": "x" * 121}, "settings-name", "120"),
        ({"name": "Bad\x00Name"}, "settings-name", "control characters"),
        ({"description": "x" * 2001}, "settings-description", "2000"),
    ],
)
def test_bad_settings_are_refused_next_to_the_field(
    client, act_as, private_cast, changes, field, message
):
    act_as(private_cast.owner)
    before = snapshot()
    response = settings(client, **changes)
    assert response.status_code == 400
    assert message in field_error(text(response), field)
    assert snapshot() == before


def test_keeping_its_own_slug_is_not_taken(client, act_as, private_cast):
    act_as(private_cast.owner)
    assert settings(client, description="Heads of the Midlands").status_code == 302
    db.session.refresh(private_cast.network)
    assert private_cast.network.description == "Heads of the Midlands"


def test_the_web_address_never_changes_after_creation(client, act_as, private_cast):
    act_as(private_cast.owner)
    assert settings(client, slug="somewhere-else").status_code == 302
    db.session.refresh(private_cast.network)
    assert private_cast.network.slug == "midlands-heads"
    assert client.get("/n/somewhere-else").status_code == 404


def test_an_organiser_cannot_change_settings(client, act_as, private_cast):
    act_as(private_cast.organiser)
    before = snapshot()
    assert settings(client, name="Hijacked", private=None).status_code == 403
    assert snapshot() == before


def test_organise_lists_only_the_networks_you_organise(client, act_as, private_cast):
    mine = make_network(private_cast.organiser, "Omar's Own Network")
    act_as(private_cast.organiser)
    page = text(client.get("/organise"))
    assert "Midlands Heads Network" in page
    assert mine.name.replace("'", "&#39;") in page
    assert "Trust Leaders" not in page
    act_as(private_cast.member)
    page = text(client.get("/organise"))
    assert "Midlands Heads Network" not in page
    assert "You do not organise any network yet" in page


def test_a_role_is_read_fresh_after_every_change_in_the_same_transaction(app):
    """Pages ask "what is this person's role?" several times and the answer is remembered
    (``db.remembered``), but never across a change: unflushed, flushed, rolled back."""
    owner, person = make_user("Olive Owner"), make_user("Pat Person")
    network = make_network(owner)
    assert networks.role_of(network, person) is None
    membership = Membership(network=network, user=person, role=Role.MEMBER)
    db.session.add(membership)
    assert networks.role_of(network, person) is Role.MEMBER  # pending: flushed by the query
    membership.role = Role.ORGANISER
    assert networks.role_of(network, person) is Role.ORGANISER
    db.session.rollback()
    assert networks.role_of(network, person) is None
    add_member(network, person, Role.ORGANISER)
    assert networks.can_organise(network, person)
