"""No input a user can type into a network URL or form makes a 500, and a refused one
changes nothing. Runs on SQLite and PostgreSQL, which refuse different things (NUL bytes,
integers past 32 bits)."""

from __future__ import annotations

import pytest

from tests.networks.conftest import snapshot

M = "/organise/n/midlands-heads"

WEIRD_SLUGS = [
    "no-such-network",
    "MIDLANDS-HEADS",
    "a%00b",
    "%C3%A9cole",
    "%F0%9F%98%80",
    "x" * 500,
    "a'--",
]


SLUG_URLS = [
    ("GET", "/n/{}"),
    ("POST", "/n/{}/join"),
    ("POST", "/n/{}/leave"),
    ("GET", "/n/{}/request/abc"),
    ("GET", "/organise/n/{}"),
    ("POST", "/organise/n/{}/invite"),
    ("POST", "/organise/n/{}/settings"),
    ("POST", "/organise/n/{}/request-link"),
    ("POST", "/organise/n/{}/members/1/role"),
    ("POST", "/organise/n/{}/requests/1/approve"),
]


@pytest.mark.parametrize("slug", WEIRD_SLUGS)
def test_weird_slugs_are_404(client, act_as, private_cast, slug):
    act_as(private_cast.admin)  # admins may see everything, so nothing is hidden by rights
    before = snapshot()
    for method, template in SLUG_URLS:
        response = client.open(template.format(slug), method=method, data={"role": "owner"})
        assert response.status_code == 404, (method, template)
    assert snapshot() == before


@pytest.mark.parametrize(
    "id_",
    ["abc", "-1", "1.5", "1e3", "%00", "2147483648", "99999999999999999999", "1" * 400, "0x10"],
)
def test_ids_that_are_not_row_ids_are_404(client, act_as, private_cast, id_):
    act_as(private_cast.owner)
    before = snapshot()
    for template in (M + "/members/{}/role", M + "/members/{}/remove", M + "/requests/{}/approve"):
        response = client.post(template.format(id_), data={"role": "owner"})
        assert response.status_code == 404, template
    assert snapshot() == before


@pytest.mark.parametrize("decision", ["accept", "APPROVE", "approve%00", "delete", ""])
def test_unknown_decisions_are_404(client, act_as, private_cast, decision):
    act_as(private_cast.owner)
    before = snapshot()
    path = f"{M}/requests/{private_cast.join_request.id}/{decision}"
    assert client.post(path).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/networks/new", {}),
        ("/networks/new", {"name": "a\x00b"}),
        ("/networks/new", {"name": "Heads", "slug": "a\x00b"}),
        ("/networks/new", {"name": "Heads", "description": "\x00"}),
        (M + "/invite", {}),
        (M + "/invite", {"email": "\x00"}),
        (M + "/invite", {"email": "a@b.example", "role": "\x00"}),
        (M + "/settings", {}),
        (M + "/settings", {"settings-name": "\x00", "settings-slug": "\x00"}),
    ],
)
def test_missing_or_garbage_form_fields_are_a_400_with_nothing_changed(
    client, act_as, private_cast, path, data
):
    act_as(private_cast.owner)
    before = snapshot()
    response = client.post(path, data=data)
    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize(
    "data",
    [{}, {"message": "\x00"}, {"message": "x" * 501}, {"message": ["a", "b"]}],
)
def test_garbage_join_requests_do_not_500(client, act_as, private_cast, data):
    act_as(private_cast.outsider)
    url = f"/n/midlands-heads/request/{private_cast.network.request_code}"
    response = client.post(url, data=data)
    if data == {} or data == {"message": ["a", "b"]}:
        assert response.status_code == 302  # the message is optional
    else:
        assert response.status_code == 400


def test_a_repeated_field_counts_once(client, act_as, private_cast):
    act_as(private_cast.owner)
    response = client.post("/networks/new", data={"name": ["First Name", "Second Name"]})
    assert response.status_code == 302
    assert response.headers["Location"] == "/organise/n/first-name"


@pytest.mark.parametrize(
    "data",
    [{"role": "owner", "extra": "x" * 10_000}, {"role": ["member", "owner"]}],
)
def test_extra_or_repeated_fields_do_not_500(client, act_as, private_cast, data):
    act_as(private_cast.owner)
    response = client.post(f"{M}/members/{private_cast.member_membership.id}/role", data=data)
    assert response.status_code == 302


def test_get_on_post_only_urls_is_405(client, act_as, private_cast):
    act_as(private_cast.owner)
    for path in (
        "/n/midlands-heads/join",
        "/n/midlands-heads/leave",
        M + "/invite",
        M + "/settings",
        M + "/request-link",
        f"{M}/members/{private_cast.member_membership.id}/remove",
    ):
        assert client.get(path).status_code == 405, path
