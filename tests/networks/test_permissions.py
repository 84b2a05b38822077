"""Every organiser URL × every kind of person (STYLE rule 7, after pretix's
tests/control/test_permissions.py).

- anonymous: sent to log in (302), before anything is looked up, so the answer is the same
  for a network that does not exist and says nothing about it;
- a plain member, or an organiser of another network: 404, the organiser area of a network
  you do not organise does not exist for you;
- the network's organiser: the organiser pages, but 403 on owner-only actions (roles,
  removing members, settings);
- owners and site admins: everything.

A refused request changes nothing (every network table and the outbox are compared); an
allowed one does change something, which shows the refused ones were real attempts.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from eventnet.networks.models import Role
from tests.networks.conftest import Cast, login_next, make_cast, snapshot


@dataclass(frozen=True)
class Url:
    name: str
    method: str
    owners_only: bool = False

    def path(self, cast: Cast, slug: str | None = None) -> str:
        slug = slug or cast.network.slug
        return {
            "manage": f"/organise/n/{slug}",
            "invite": f"/organise/n/{slug}/invite",
            "settings": f"/organise/n/{slug}/settings",
            "approve": f"/organise/n/{slug}/requests/{cast.join_request.id}/approve",
            "decline": f"/organise/n/{slug}/requests/{cast.join_request.id}/decline",
            "set_role": f"/organise/n/{slug}/members/{cast.member_membership.id}/role",
            "remove": f"/organise/n/{slug}/members/{cast.member_membership.id}/remove",
            "request_link": f"/organise/n/{slug}/request-link",
            "accent": f"/organise/n/{slug}/accent",
        }[self.name]

    def data(self, cast: Cast) -> dict:
        return {
            "invite": {"email": "new.head@school.example", "role": "member"},
            "settings": {
                "settings-name": "Renamed Network",
                "settings-slug": cast.network.slug,
                "settings-description": "changed",
            },
            "set_role": {"role": Role.ORGANISER.value},
            "accent": {"accent-accent": "teal"},
        }.get(self.name, {})


ORGANISER_URLS = [
    Url("manage", "GET"),
    Url("invite", "POST"),
    Url("approve", "POST"),
    Url("decline", "POST"),
    Url("request_link", "POST"),
    Url("accent", "POST"),
    Url("settings", "POST", owners_only=True),
    Url("set_role", "POST", owners_only=True),
    Url("remove", "POST", owners_only=True),
]

KINDS = ["anonymous", "member", "other_organiser", "organiser", "owner", "admin"]


def expected_status(url: Url, kind: str) -> int:
    if kind == "anonymous":
        return 302  # to the login page
    if kind in ("member", "other_organiser"):
        return 404
    if kind == "organiser" and url.owners_only:
        return 403
    return 200 if url.method == "GET" else 302  # a page, or back to it after the action


def send(client, url: Url, cast: Cast, slug: str | None = None):
    return client.open(url.path(cast, slug), method=url.method, data=url.data(cast))


@pytest.mark.parametrize("private", [True, False], ids=["private", "public"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("url", ORGANISER_URLS, ids=lambda u: f"{u.method}-{u.name}")
def test_organiser_area_permissions(app, client, act_as, url, kind, private):
    cast = make_cast(private=private)
    act_as(cast.user(kind))
    before = snapshot()

    response = send(client, url, cast)

    expected = expected_status(url, kind)
    assert response.status_code == expected, response.get_data(as_text=True)
    if kind == "anonymous":
        assert login_next(response) == url.path(cast)
    refused = kind == "anonymous" or expected in (403, 404)
    if refused or url.method == "GET":
        assert snapshot() == before
    else:
        assert snapshot() != before, "an allowed action should have changed something"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("url", ORGANISER_URLS, ids=lambda u: f"{u.method}-{u.name}")
def test_organiser_urls_of_a_missing_network_answer_like_a_foreign_one(
    app, client, act_as, url, kind
):
    """No one can tell a network they do not organise from one that does not exist."""
    cast = make_cast(private=True)
    act_as(cast.user(kind))
    before = snapshot()

    response = send(client, url, cast, slug="no-such-network")

    if kind == "anonymous":
        assert login_next(response) == url.path(cast, "no-such-network")
    else:
        assert response.status_code == 404
    assert snapshot() == before


def test_the_organise_overview_needs_login(client):
    assert login_next(client.get("/organise")) == "/organise"
