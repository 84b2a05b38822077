"""A missing item is a 404 on every view, never a redirect with a flash.

Every address with a part in it (a slug, an id, a token) is asked for with that part naming
nothing, by a site admin who owns the network and organises the event around it, so no
permission stands in the way: what answers is the lookup. The list is checked against the
app's URL map, so a new route is either in it or in ``NOT_HERE`` with its reason.
"""

from __future__ import annotations

import pytest
from werkzeug.exceptions import HTTPException

from eventnet.api.services import create_token
from eventnet.extensions import db
from tests.factories import make_event, make_network, make_user

MISSING_ID = 2147483647  # the largest id a URL may carry: no row has it
MISSING = "no-such-thing"

# (method, path): {network} and {event} exist and the caller organises them; {other} is a
# public network the caller is not a member of; {id} and {missing} name nothing.
PAGES = [
    # networks
    ("GET", "/n/{missing}"),
    ("POST", "/n/{missing}/join"),
    ("POST", "/n/{missing}/leave"),
    ("POST", "/n/{other}/leave"),  # not a member: no membership to end
    ("GET", "/n/{missing}/members"),
    ("GET", "/n/{missing}/events.ics"),
    ("GET", "/n/{network}/request/{missing}"),
    ("POST", "/n/{network}/request/{missing}"),
    ("GET", "/n/{missing}/request/{missing}"),
    ("GET", "/invitations/{missing}"),
    ("POST", "/invitations/{missing}"),
    ("GET", "/organise/n/{missing}"),
    ("GET", "/organise/n/{missing}/events"),
    ("GET", "/organise/n/{missing}/events/new"),
    ("POST", "/organise/n/{missing}/events/new"),
    ("POST", "/organise/n/{missing}/invite"),
    ("POST", "/organise/n/{missing}/settings"),
    ("POST", "/organise/n/{missing}/request-link"),
    ("POST", "/organise/n/{missing}/accent"),
    ("POST", "/organise/n/{network}/requests/{id}/approve"),
    ("POST", "/organise/n/{network}/requests/{id}/decline"),
    ("POST", "/organise/n/{missing}/requests/{id}/approve"),
    ("POST", "/organise/n/{network}/members/{id}/role"),
    ("POST", "/organise/n/{network}/members/{id}/remove"),
    ("POST", "/organise/n/{missing}/members/{id}/remove"),
    # events and registration
    ("GET", "/e/{missing}"),
    ("GET", "/e/{missing}.ics"),
    ("GET", "/e/{missing}/agenda.ics"),
    ("POST", "/e/{missing}/register"),
    ("POST", "/e/{missing}/register-by-email"),
    ("POST", "/e/{missing}/cancel-registration"),
    ("POST", "/e/{event}/cancel-registration"),  # not registered: nothing to cancel
    ("POST", "/e/{missing}/attendance-mode"),
    ("POST", "/e/{event}/attendance-mode"),  # not registered: nothing to change
    ("GET", "/e/{event}/invitation/{missing}"),
    ("POST", "/e/{event}/invitation/{missing}"),
    ("GET", "/e/{missing}/invitation/{missing}"),
    ("GET", "/e/{missing}/people"),
    ("GET", "/e/{missing}/people-to-meet"),
    ("GET", "/organise/e/{missing}"),
    ("GET", "/organise/e/{missing}/edit"),
    ("POST", "/organise/e/{missing}/edit"),
    ("POST", "/organise/e/{missing}/publish"),
    ("GET", "/organise/e/{missing}/cancel"),
    ("POST", "/organise/e/{missing}/cancel"),
    ("POST", "/organise/e/{missing}/duplicate"),
    ("POST", "/organise/e/{missing}/delete"),
    ("GET", "/organise/e/{missing}/agenda"),
    ("POST", "/organise/e/{missing}/agenda"),
    ("POST", "/organise/e/{event}/agenda/{id}/delete"),
    ("POST", "/organise/e/{missing}/agenda/{id}/delete"),
    ("GET", "/organise/e/{missing}/questions"),
    ("POST", "/organise/e/{missing}/questions"),
    ("GET", "/organise/e/{event}/questions/{id}"),
    ("POST", "/organise/e/{event}/questions/{id}"),
    ("GET", "/organise/e/{missing}/questions/{id}"),
    ("POST", "/organise/e/{event}/questions/{id}/delete"),
    ("POST", "/organise/e/{event}/questions/{id}/move"),
    ("POST", "/organise/e/{missing}/questions/{id}/move"),
    ("GET", "/organise/e/{missing}/attendees.csv"),
    ("GET", "/organise/e/{missing}/poster.pdf"),
    ("POST", "/organise/e/{missing}/invite"),
    ("POST", "/organise/e/{event}/registrations/{id}/approve"),
    ("POST", "/organise/e/{event}/registrations/{id}/decline"),
    ("POST", "/organise/e/{event}/registrations/{id}/promote"),
    ("POST", "/organise/e/{event}/registrations/{id}/check-in"),
    ("POST", "/organise/e/{event}/registrations/{id}/undo-check-in"),
    ("POST", "/organise/e/{missing}/registrations/{id}/check-in"),
    # badges
    ("GET", "/e/{missing}/badge"),
    ("GET", "/e/{event}/badge"),  # not registered: no badge
    ("GET", "/e/{event}/badge.png"),
    ("GET", "/e/{event}/badge.svg"),
    ("GET", "/e/{event}/badge.pdf"),
    ("POST", "/e/{event}/badge/reissue"),
    ("GET", "/e/{missing}/badge-code"),
    ("POST", "/e/{missing}/badge-code"),
    ("GET", "/b/{missing}"),
    ("POST", "/b/{missing}"),
    ("POST", "/b/{missing}/check-in"),
    ("POST", "/b/{missing}/undo-check-in"),
    ("GET", "/organise/e/{missing}/door"),
    ("POST", "/organise/e/{missing}/door"),
    ("GET", "/organise/e/{missing}/kiosk"),
    ("POST", "/organise/e/{missing}/kiosk/1/check-in"),
    ("POST", "/organise/e/{event}/kiosk/{id}/check-in"),
    ("POST", "/organise/e/{event}/kiosk/{id}/undo"),
    ("GET", "/organise/e/{missing}/badges.pdf"),
    ("POST", "/organise/e/{event}/registrations/{id}/reissue-badge"),
    # event covers: a stale token is as missing as a missing event
    ("GET", "/e/{event}/cover/{missing}.jpg"),
    ("GET", "/e/{missing}/cover/{missing}.jpg"),
    # link-preview pictures: an old version is as missing as a missing event or network
    ("GET", "/e/{event}/og/{missing}.png"),
    ("GET", "/e/{missing}/og/{missing}.png"),
    ("GET", "/n/{network}/og/{missing}.png"),
    ("GET", "/n/{missing}/og/{missing}.png"),
    ("GET", "/og/{missing}.png"),
    # profiles, contacts, calendar
    ("GET", "/photos/{missing}.jpg"),
    ("POST", "/me/contacts/{id}/note"),
    ("POST", "/me/contacts/{id}/share"),
    ("POST", "/me/contacts/{id}/ignore"),
    ("POST", "/me/contacts/{id}/remove"),
    ("GET", "/cal/{missing}.ics"),
    # meetings
    ("GET", "/e/{event}/meetings/request/{id}"),
    ("POST", "/e/{event}/meetings/request/{id}"),
    ("GET", "/e/{missing}/meetings/request/{id}"),
    ("GET", "/organise/e/{missing}/meetings"),
    ("POST", "/organise/e/{missing}/meetings"),
    ("POST", "/me/meetings/{id}/accept"),
    ("POST", "/me/meetings/{id}/decline"),
    ("POST", "/me/meetings/{id}/cancel"),
    # emails
    ("GET", "/unsubscribe/{missing}"),
    ("POST", "/unsubscribe/{missing}"),
    ("GET", "/e/{event}/feedback/{missing}"),
    ("POST", "/e/{event}/feedback/{missing}"),
    ("GET", "/e/{missing}/feedback/{missing}"),
    ("GET", "/organise/e/{missing}/emails"),
    ("POST", "/organise/e/{missing}/emails/retry"),
    ("POST", "/organise/e/{missing}/emails/schedules"),
    ("POST", "/organise/e/{event}/emails/schedules/{id}/remove"),
    ("GET", "/organise/e/{event}/messages/{id}"),
    ("POST", "/organise/e/{event}/messages/{id}/cancel"),
    ("GET", "/organise/e/{missing}/messages/new"),
    ("POST", "/organise/e/{missing}/messages/new"),
    # API tokens page
    ("POST", "/me/tokens/{id}/revoke"),
]

# The JSON API, with the caller's bearer token.
API = [
    ("GET", "/api/v1/events/{missing}"),
    ("PATCH", "/api/v1/events/{missing}"),
    ("POST", "/api/v1/events/{missing}/publish"),
    ("POST", "/api/v1/events/{missing}/check-in"),
    ("POST", "/api/v1/events/{missing}/connections"),
    ("POST", "/api/v1/events/{missing}/meetings"),
    ("GET", "/api/v1/events/{missing}/meetings/slots?with=1"),
    ("GET", "/api/v1/events/{missing}/registration"),
    ("GET", "/api/v1/events/{event}/registration"),
    ("POST", "/api/v1/events/{missing}/registration"),
    ("DELETE", "/api/v1/events/{missing}/registration"),
    ("DELETE", "/api/v1/events/{event}/registration"),
    ("GET", "/api/v1/events/{missing}/registrations"),
    ("GET", "/api/v1/events/{event}/registrations/{id}"),
    ("POST", "/api/v1/events/{event}/registrations/{id}/approve"),
    ("POST", "/api/v1/events/{event}/registrations/{id}/decline"),
    ("POST", "/api/v1/events/{event}/registrations/{id}/check-in"),
    ("DELETE", "/api/v1/events/{event}/registrations/{id}/check-in"),
    ("GET", "/api/v1/events/{missing}/registrations/{id}"),
    ("GET", "/api/v1/me/contacts/{id}"),
    ("PATCH", "/api/v1/me/contacts/{id}"),
    ("DELETE", "/api/v1/me/contacts/{id}"),
    ("GET", "/api/v1/me/meetings/{id}"),
    ("POST", "/api/v1/me/meetings/{id}/accept"),
    ("POST", "/api/v1/me/meetings/{id}/decline"),
    ("POST", "/api/v1/me/meetings/{id}/cancel"),
]

# Routes with a part in their address that this test does not ask for, and why.
NOT_HERE = {
    "static": "files on disk; a missing one is Flask's own 404",
    "accounts.reset_password": (
        "the token is a signed, expiring message, not a stored item: a refused one answers "
        "400 with a page that offers a new link (tests/accounts/test_password_reset.py)"
    ),
    "accounts.sign_in_link": (
        "the token names a stored sign-in code only by its hash: an unknown one answers 400 "
        "with a page that offers a new link (tests/accounts/test_sign_in_by_email.py)"
    ),
}

# Bodies the forms and the API need to get past their shape checks to the lookup.
DATA = {
    "/organise/n/{network}/members/{id}/role": {"role": "member"},
}
API_BODY = {
    ("PATCH", "/api/v1/events/{missing}"): {"title": "Changed"},
    ("POST", "/api/v1/events/{missing}/check-in"): {"badge_token": MISSING},
    ("POST", "/api/v1/events/{missing}/connections"): {"badge_token": MISSING},
    ("POST", "/api/v1/events/{missing}/meetings"): {
        "with": 1,
        "starts_at": "2031-06-12T08:00:00+01:00",
    },
    ("PATCH", "/api/v1/me/contacts/{id}"): {"note": "A note"},
}


@pytest.fixture
def world(app):
    admin = make_user("Admin", admin=True)
    network = make_network(admin, slug="heads")
    make_event(network, slug="the-event")
    make_network(make_user(), slug="elsewhere")
    _, secret = create_token(admin, "Tests")
    db.session.commit()
    return admin, secret


def _url(template: str) -> str:
    return template.format(
        network="heads", event="the-event", other="elsewhere", missing=MISSING, id=MISSING_ID
    )


@pytest.mark.parametrize(("method", "template"), PAGES, ids=lambda v: v)
def test_a_missing_item_is_404_on_every_page(client, login_as, world, method, template):
    admin, _ = world
    login_as(admin)
    response = client.open(_url(template), method=method, data=DATA.get(template, {}))
    assert response.status_code == 404, (response.status_code, response.headers.get("Location"))
    with client.session_transaction() as session:
        assert not session.get("_flashes"), "a 404 flashes nothing"


@pytest.mark.parametrize(("method", "template"), API, ids=lambda v: v)
def test_a_missing_item_is_404_in_the_api(client, world, method, template):
    _, secret = world
    body = API_BODY.get((method, template))
    response = client.open(
        _url(template),
        method=method,
        json=body,
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 404, response.get_json()
    assert response.get_json()["error"]["code"] == "not_found"


def test_every_route_with_a_part_in_its_address_is_asked_for(app):
    """A new route must join PAGES or API (or NOT_HERE, with its reason)."""
    adapter = app.url_map.bind("localhost")
    asked = set()
    for method, template in PAGES + API:
        try:
            rule, _ = adapter.match(_url(template).split("?")[0], method=method, return_rule=True)
        except HTTPException as error:
            pytest.fail(f"{method} {template} is no route: {error}")
        asked.add((rule.rule, method))
    forgotten = [
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.arguments and rule.endpoint not in NOT_HERE
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
        if (rule.rule, method) not in asked
    ]
    assert forgotten == []
