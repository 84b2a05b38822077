"""Empty pages say what happened and the one thing to do next, with a link that goes there."""

from __future__ import annotations

import html as markup
import re

import pytest

from eventnet.networks.models import Role
from tests.factories import add_member, make_event, make_network, make_user, register


def empty_states(html: str) -> list[tuple[str, str | None]]:
    """(title, action href) of each empty state on the page."""
    found = []
    for block in html.split('<div class="empty-state">')[1:]:
        block = block.split("</div>")[0]
        title = re.search(r'<p class="empty-state-title">([^<]+)</p>', block).group(1)
        action = re.search(r'<a class="btn btn-secondary" href="([^"]+)">', block)
        found.append((markup.unescape(title), action.group(1) if action else None))
    return found


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def person(app, login_as):
    user = make_user("Nia New")
    login_as(user)
    return user


def test_no_contacts_points_to_my_events_and_a_failed_search_to_all_contacts(client, person):
    assert empty_states(page(client, "/me/contacts")) == [("No contacts yet", "/me/events")]
    assert empty_states(page(client, "/me/contacts?q=zed")) == [
        ('No contact matches "zed"', "/me/contacts")
    ]


def test_no_meetings_points_to_my_events(client, person):
    assert empty_states(page(client, "/me/meetings")) == [("No meetings yet", "/me/events")]


def test_no_events_points_to_finding_one(client, person):
    assert empty_states(page(client, "/me/events")) == [
        ("You are not registered for any upcoming event", "/"),
        ("No past events yet", None),
    ]


def test_my_events_with_one_registration_shows_no_upcoming_empty_state(client, person):
    register(make_event(), person)
    assert empty_states(page(client, "/me/events")) == [("No past events yet", None)]


def test_organising_nothing_points_to_starting_a_network(client, person):
    assert empty_states(page(client, "/organise")) == [
        ("You do not organise any network yet", "/networks/new")
    ]


def test_a_network_without_events_tells_organisers_to_create_one_and_members_to_wait(
    client, login_as
):
    organiser = make_user()
    network = make_network(organiser)
    login_as(organiser)
    assert empty_states(page(client, f"/organise/n/{network.slug}/events")) == [
        ("No events yet", f"/organise/n/{network.slug}/events/new")
    ]
    assert empty_states(page(client, f"/n/{network.slug}")) == [
        ("No upcoming events", f"/organise/n/{network.slug}/events/new")
    ]
    member = make_user()
    add_member(network, member, Role.MEMBER)
    login_as(member)
    html = page(client, f"/n/{network.slug}")
    assert empty_states(html) == [("No upcoming events", None)]
    assert "subscribe to the calendar below" in html
    assert "/events/new" not in html


@pytest.mark.parametrize(
    ("fields", "query", "expected"),
    [
        ({}, "", ("Nobody has registered yet", "/e/{slug}")),
        ({"publish": False}, "", ("Nobody has registered yet", None)),
        ({"registration_mode": "invite"}, "", ("Nobody has registered yet", "#invite-heading")),
        ({}, "?q=zed", ("Nobody matches", "/organise/e/{slug}")),
    ],
    ids=["published", "draft", "invite-only", "search"],
)
def test_a_dashboard_without_registrations_says_why_and_what_to_do(
    client, login_as, fields, query, expected
):
    organiser = make_user()
    event = make_event(make_network(organiser), **fields)
    login_as(organiser)
    html = page(client, f"/organise/e/{event.slug}{query}")
    title, href = expected
    assert (title, href and href.format(slug=event.slug)) in empty_states(html)
    if fields.get("publish") is False:
        assert "Publish it (the button above)" in html
