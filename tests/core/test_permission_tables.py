"""Every /organise/ route is in a permission table (STYLE rule 7), as every /api/v1 route is
in tests/api/test_permissions.py: a new organiser page cannot be added without saying who
may open it. The tables stay in their domain's tests; this reads them."""

from __future__ import annotations

from types import SimpleNamespace

from werkzeug.exceptions import HTTPException

from tests.badges.test_permissions import ACTIONS as BADGE_ACTIONS
from tests.events.test_permissions import GET_URLS as EVENT_GETS
from tests.events.test_permissions import POST_URLS as EVENT_POSTS
from tests.meetings.test_pages_and_permissions import SETTINGS_URL as MEETING_SETTINGS
from tests.networks.test_permissions import ORGANISER_URLS as NETWORK_URLS
from tests.notifications.test_organiser_messages import GET_URLS as EMAIL_GETS
from tests.notifications.test_organiser_messages import POST_URLS as EMAIL_POSTS

# Values that fill any table's placeholders: only the route matters here.
PLACEHOLDERS = {
    "network": "heads",
    "event": "the-event",
    "draft": "draft-event",
    "approval": "approval-event",
    "invite_only": "invite-event",
    "slug": "the-event",
    "session": 1,
    "question": 1,
    "second_question": 1,
    "pending": 1,
    "waitlisted": 1,
    "confirmed": 1,
    "checked_in": 1,
    "registration": 1,
    "message": 1,
    "schedule": 1,
    "token": "a-token",
}

# /organise/ routes not in a table, and why.
NOT_IN_A_TABLE = {
    "/organise": (
        "the person's own list of the networks they organise: it names no network, so there "
        "is nobody else's to refuse (tests/networks/test_permissions.py checks it needs login)"
    ),
    "/organise/new-event": (
        "leads to the event form of a network the person organises, or to starting one; the "
        "form itself is in the table (tests/organise/test_home.py checks it needs login)"
    ),
}


def _network_paths() -> list[tuple[str, str]]:
    cast = SimpleNamespace(
        network=SimpleNamespace(slug="heads"),
        join_request=SimpleNamespace(id=1),
        member_membership=SimpleNamespace(id=1),
    )
    return [(url.method, url.path(cast)) for url in NETWORK_URLS]


def tabled() -> list[tuple[str, str]]:
    """(method, path) of every row of the organiser permission tables."""
    rows = [
        *(("GET", path) for path in EVENT_GETS),
        *(("POST", path) for path, _ in EVENT_POSTS),
        *((method, path) for method, path, _ in BADGE_ACTIONS),
        ("GET", MEETING_SETTINGS),
        ("POST", MEETING_SETTINGS),
        *(("GET", path) for path in EMAIL_GETS),
        *(("POST", path) for path, _ in EMAIL_POSTS),
    ]
    return [(m, p.format(**PLACEHOLDERS)) for m, p in rows] + _network_paths()


def test_every_organiser_route_is_in_a_permission_table(app):
    adapter = app.url_map.bind("localhost")
    covered = set()
    for method, path in tabled():
        try:
            rule, _ = adapter.match(path, method=method, return_rule=True)
        except HTTPException as error:
            raise AssertionError(f"{method} {path} in a permission table is no route") from error
        covered.add((rule.rule, method))
    missing = [
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/organise") and rule.rule not in NOT_IN_A_TABLE
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
        if (rule.rule, method) not in covered
    ]
    assert missing == []
