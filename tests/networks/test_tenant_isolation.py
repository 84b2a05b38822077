"""A member — even the owner — of network A cannot see or change anything of private
network B: not its page, not its organiser area, not its members or requests through A's
own URLs."""

from __future__ import annotations

import re

import pytest

from eventnet.networks.models import Role
from tests.networks.conftest import snapshot, text
from tests.networks.test_permissions import ORGANISER_URLS, send

B = "midlands-heads"
A = "trust-leaders"


def people_of_a(cast):
    owner = next(m.user for m in cast.other_network.memberships if m.role is Role.OWNER)
    return {"owner": owner, "organiser": cast.other_organiser, "member": cast.other_member}


@pytest.mark.parametrize("role_in_a", ["owner", "organiser", "member"])
def test_people_of_network_a_cannot_see_private_network_b(client, act_as, private_cast, role_in_a):
    act_as(people_of_a(private_cast)[role_in_a])

    assert client.get(f"/n/{A}").status_code == 200  # their own network: fine
    assert client.get(f"/n/{B}").status_code == 404
    for page in ("/", "/me", "/organise"):
        html = text(client.get(page))
        assert "Midlands Heads" not in html
        assert B not in html


@pytest.mark.parametrize("role_in_a", ["owner", "organiser", "member"])
def test_people_of_network_a_cannot_change_private_network_b(
    client, act_as, private_cast, role_in_a
):
    act_as(people_of_a(private_cast)[role_in_a])
    before = snapshot()

    for url in ORGANISER_URLS:
        assert send(client, url, private_cast).status_code == 404, url.name
    assert client.post(f"/n/{B}/join").status_code == 404
    assert client.post(f"/n/{B}/leave").status_code == 404
    assert (
        client.get(f"/n/{B}/request/{private_cast.other_network.request_code}").status_code == 404
    )

    assert snapshot() == before


def test_network_a_owner_cannot_reach_b_s_members_or_requests_through_a_s_urls(
    client, act_as, private_cast
):
    """Ids belong to their network: B's membership and request ids mean nothing under A."""
    act_as(people_of_a(private_cast)["owner"])
    member_id = private_cast.member_membership.id
    request_id = private_cast.join_request.id
    before = snapshot()

    for path, data in [
        (f"/organise/n/{A}/members/{member_id}/role", {"role": "owner"}),
        (f"/organise/n/{A}/members/{member_id}/remove", {}),
        (f"/organise/n/{A}/requests/{request_id}/approve", {}),
        (f"/organise/n/{A}/requests/{request_id}/decline", {}),
    ]:
        response = client.post(path, data=data)
        assert response.status_code == 404

    assert snapshot() == before


def test_network_a_organiser_cannot_invite_people_into_b(client, act_as, private_cast):
    act_as(private_cast.other_organiser)
    before = snapshot()
    response = client.post(
        f"/organise/n/{B}/invite", data={"email": private_cast.other_member.email}
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_b_s_pages_show_nothing_of_b_to_a_s_people(client, act_as, private_cast):
    """The 404 page for B is the same as for a network that does not exist."""
    act_as(private_cast.other_organiser)
    client.get("/")  # shows, and so clears, the flash messages of logging in
    private = client.get(f"/n/{B}")
    missing = client.get("/n/no-such-network")
    assert private.status_code == missing.status_code == 404

    # The same bytes but for the logout form's CSRF token, which carries a timestamp.
    def without_token(page: str) -> str:
        return re.sub(r'name="csrf_token"[^>]*value="[^"]*"', "csrf", page)

    assert without_token(text(private)) == without_token(text(missing))
