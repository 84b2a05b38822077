"""A calendar never shows what its reader may not see (SPEC §3, §5)."""

from __future__ import annotations

import pytest

from eventnet.calendar import services as calendar
from eventnet.events import services as events
from eventnet.events.services import can_see_event
from eventnet.extensions import db
from eventnet.networks.models import Membership
from eventnet.registration import services as registration
from tests.calendar.helpers import by_uid
from tests.factories import add_member, make_event, make_network, make_user, register

JOIN = "https://meet.example/room-7f3a"


def _feed(client, user) -> bytes:
    token = calendar.make_feed_token(user)
    db.session.commit()
    return client.get(f"/cal/{token.secret}.ics").data


@pytest.mark.parametrize(
    ("event_format", "mode", "capacity", "approval", "sees_join_url"),
    [
        ("virtual", None, None, False, True),
        ("hybrid", "online", None, False, True),
        ("hybrid", "in_person", None, False, False),
        ("virtual", None, 0, False, False),  # waitlisted
        ("virtual", None, None, True, False),  # pending approval
    ],
)
def test_join_url_only_for_a_confirmed_person_attending_online(
    client, app, login_as, event_format, mode, capacity, approval, sees_join_url
):
    event = make_event(
        format=event_format,
        join_url=JOIN,
        capacity_online=capacity,
        registration_mode="approval" if approval else "open",
    )
    person = make_user()
    register(event, person, mode)
    assert (JOIN.encode() in _feed(client, person)) is sees_join_url
    login_as(person)
    assert (JOIN.encode() in client.get(f"/e/{event.slug}.ics").data) is sees_join_url
    # Nobody else's file carries it, logged in or not.
    login_as(make_user())
    assert JOIN.encode() not in client.get(f"/e/{event.slug}.ics").data
    client.post("/logout")
    assert JOIN.encode() not in client.get(f"/e/{event.slug}.ics").data
    assert JOIN.encode() not in client.get(f"/n/{event.network.slug}/events.ics").data


def test_join_url_leaves_the_feed_when_the_place_is_cancelled(client, app):
    event = make_event(format="virtual", join_url=JOIN)
    person = make_user()
    mine = register(event, person)
    assert JOIN.encode() in _feed(client, person)
    registration.cancel(mine)
    db.session.commit()
    assert JOIN.encode() not in _feed(client, person)


@pytest.mark.parametrize("private_network", [False, True])
@pytest.mark.parametrize("visibility", ["public", "unlisted", "members"])
@pytest.mark.parametrize("member", [False, True])
@pytest.mark.parametrize("cancelled", [False, True])
def test_personal_feed_agrees_with_who_may_see_the_event(
    client, app, private_network, visibility, member, cancelled
):
    """The feed's one-query rule is the twin of events.services.can_see_event."""
    network = make_network(private=private_network)
    event = make_event(network, visibility=visibility)
    person = make_user()
    membership = add_member(network, person)
    register(event, person)
    if not member:  # registered while a member, then left the network
        db.session.delete(db.session.get(Membership, membership.id))
    if cancelled:
        events.cancel_event(event)
    db.session.commit()
    in_feed = f"event-{event.id}@eventnet.test" in by_uid(_feed(client, person))
    assert in_feed is can_see_event(event, person)


def test_network_feed_lists_no_members_only_event_even_to_members(client, app, login_as):
    network = make_network()
    public = make_event(network)
    members_only = make_event(network, visibility="members")
    member = make_user()
    add_member(network, member)
    login_as(member)
    found = by_uid(client.get(f"/n/{network.slug}/events.ics").data)
    assert set(found) == {f"event-{public.id}@eventnet.test"}
    assert members_only.title.encode() not in client.get(f"/n/{network.slug}/events.ics").data


def test_a_private_networks_events_never_reach_public_feeds(client, app):
    network = make_network(private=True)
    event = make_event(network)
    assert client.get(f"/n/{network.slug}/events.ics").status_code == 404
    assert client.get(f"/e/{event.slug}.ics").status_code == 404


def test_google_calendar_link_carries_no_join_url(client, app, login_as):
    event = make_event(format="virtual", join_url=JOIN)
    person = make_user()
    register(event, person)
    login_as(person)
    html = client.get(f"/e/{event.slug}").get_data(as_text=True)
    google = html.split("https://calendar.google.com/calendar/render?", 1)[1].split('"', 1)[0]
    assert "room-7f3a" not in google
