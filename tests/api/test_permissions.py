"""Every API operation × every kind of caller, as the pages' permission tables do: no token
is 401, another network's things are 404, organisers (and site admins) may act."""

from __future__ import annotations

import pytest

from eventnet.badges import services as badges
from eventnet.registration.services import approve
from tests.factories import make_event, make_network, make_user, register

CALLERS = ["anonymous", "attendee", "other_organiser", "organiser", "admin"]

NEW_EVENT = {
    "title": "Heads' breakfast",
    "starts_at": "2031-06-12T08:00:00+01:00",
    "ends_at": "2031-06-12T10:00:00+01:00",
}

# (method, path, body, expected status for each caller in CALLERS order), run in this order
# on a fresh database per caller (so cancelling comes after checking in).
TABLE = [
    ("GET", "/me", None, [401, 200, 200, 200, 200]),
    ("PATCH", "/me", {"name": "New Name"}, [401, 200, 200, 200, 200]),
    ("GET", "/me/registrations", None, [401, 200, 200, 200, 200]),
    ("GET", "/events", None, [401, 200, 200, 200, 200]),
    ("POST", "/events", "new-event", [401, 404, 404, 201, 201]),
    ("GET", "/events/{event}", None, [401, 200, 200, 200, 200]),
    ("GET", "/events/{private}", None, [401, 404, 404, 200, 200]),
    ("PATCH", "/events/{event}", {"title": "Changed"}, [401, 404, 404, 200, 200]),
    ("POST", "/events/{draft}/publish", None, [401, 404, 404, 200, 200]),
    ("GET", "/events/{event}/registration", None, [401, 200, 404, 404, 404]),
    ("POST", "/events/{open}/registration", None, [401, 201, 201, 201, 201]),
    ("POST", "/events/{private}/registration", None, [401, 404, 404, 201, 201]),
    ("GET", "/events/{event}/registrations", None, [401, 404, 404, 200, 200]),
    ("GET", "/events/{event}/registrations/{attendee}", None, [401, 404, 404, 200, 200]),
    ("POST", "/events/{event}/registrations/{pending}/approve", None, [401, 404, 404, 200, 200]),
    ("POST", "/events/{event}/registrations/{pending2}/decline", None, [401, 404, 404, 200, 200]),
    ("POST", "/events/{event}/registrations/{attendee}/check-in", None, [401, 404, 404, 200, 200]),
    (
        "DELETE",
        "/events/{event}/registrations/{attendee}/check-in",
        None,
        [401, 404, 404, 200, 200],
    ),
    (
        "POST",
        "/events/{event}/check-in",
        {"badge_token": "{buddy_badge}"},
        [401, 404, 404, 200, 200],
    ),
    (
        "POST",
        "/events/{event}/connections",
        {"badge_token": "{buddy_badge}"},
        [401, 201, 404, 404, 404],
    ),
    ("GET", "/me/contacts", None, [401, 200, 200, 200, 200]),
    ("GET", "/me/contacts/2147483647", None, [401, 404, 404, 404, 404]),
    ("GET", "/me/meetings", None, [401, 200, 200, 200, 200]),
    ("POST", "/me/meetings/1/cancel", None, [401, 404, 404, 404, 404]),
    ("GET", "/me/profile", None, [401, 200, 200, 200, 200]),
    ("PATCH", "/me/profile", {"headline": "Head"}, [401, 200, 200, 200, 200]),
    ("DELETE", "/events/{event}/registration", None, [401, 200, 404, 404, 404]),
    ("GET", "/openapi.json", None, [200, 200, 200, 200, 200]),
]


@pytest.fixture
def world(app):
    network = make_network()
    organiser = network.memberships[0].user
    event = make_event(network, registration_mode="approval")
    attendee = make_user()
    attending = register(event, attendee)
    approve(attending)
    pending, pending2 = register(event), register(event)
    buddy = register(event)
    approve(buddy)
    buddy_badge = badges.ensure_badge(buddy)
    from eventnet.extensions import db

    db.session.commit()
    other_network = make_network()
    users = {
        "anonymous": None,
        "attendee": attendee,
        "other_organiser": other_network.memberships[0].user,
        "organiser": organiser,
        "admin": make_user(admin=True),
    }
    places = {
        "event": event.slug,
        "open": make_event(network).slug,
        "draft": make_event(network, publish=False).slug,
        "private": make_event(make_network(organiser, private=True)).slug,
        "attendee": attending.id,
        "pending": pending.id,
        "pending2": pending2.id,
        "buddy_badge": buddy_badge.token,
    }
    return users, places, network


@pytest.mark.parametrize("caller", CALLERS)
def test_permission_table(world, api, caller):
    users, places, network = world
    client = api(users[caller])
    wrong = []
    for method, path, body, expected in TABLE:
        if body == "new-event":
            body = {"network": network.slug, **NEW_EVENT}
        elif body is not None:
            body = {k: v.format(**places) for k, v in body.items()}
        kwargs = {"json": body} if body is not None else {}
        response = client._open(method, path.format(**places), **kwargs)
        if response.status_code != expected[CALLERS.index(caller)]:
            wrong.append((method, path, response.status_code, response.get_json()))
    assert wrong == []
