"""Every refusal has one JSON shape and a 4xx status: bad JSON, wrong types, unknown fields,
unknown addresses and methods, too many requests."""

from __future__ import annotations

import pytest

from eventnet.api.models import ApiToken
from tests.conftest import make_test_config
from tests.factories import make_event, make_user, register
from tests.rows import every_row


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert set(error) == {"code", "message", "fields"}
    return error


@pytest.fixture
def organiser_api(api):
    event = make_event()
    return api(event.network.memberships[0].user), event


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        ("{not json", "application/json", 400, "invalid_json"),
        ("[1, 2]", "application/json", 400, "invalid_json"),
        ('"a string"', "application/json", 400, "invalid_json"),
        ("[" * 100_000, "application/json", 400, "invalid_json"),
        ("title=x", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ],
)
def test_malformed_bodies_are_refused(app, organiser_api, body, content_type, status, code):
    caller, event = organiser_api
    response = caller.patch(f"/events/{event.slug}", data=body, content_type=content_type)
    assert _error(response, status)["code"] == code


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": 42}, "title"),
        ({"capacity_in_person": "ten"}, "capacity_in_person"),
        ({"capacity_in_person": True}, "capacity_in_person"),
        ({"capacity_in_person": -1}, "capacity_in_person"),
        ({"capacity_online": 10**30}, "capacity_online"),
        ({"starts_at": "next Tuesday"}, "starts_at"),
        ({"starts_at": "0001-01-01T00:00:00+14:00"}, "starts_at"),
        ({"format": "telepathic"}, "format"),
        ({"title": None}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"start_at": "2031-01-01T10:00:00Z"}, "start_at"),
    ],
)
def test_wrong_types_and_unknown_fields_name_the_field(app, organiser_api, change, field):
    caller, event = organiser_api
    error = _error(caller.patch(f"/events/{event.slug}", json=change), 400)
    assert list(error["fields"]) == [field]


def test_several_bad_fields_are_reported_together(app, organiser_api):
    caller, event = organiser_api
    error = _error(caller.patch(f"/events/{event.slug}", json={"title": 1, "hashtag": []}), 400)
    assert set(error["fields"]) == {"title", "hashtag"}


def test_required_fields_are_named(app, organiser_api):
    caller, event = organiser_api
    error = _error(caller.post("/events", json={}), 400)
    assert set(error["fields"]) == {"network", "title", "starts_at", "ends_at"}


def test_unknown_addresses_and_methods(app, api):
    caller = api(make_user())
    assert _error(caller.get("/nothing-here"), 404)["code"] == "not_found"
    assert _error(caller.delete("/events"), 405)["code"] == "method_not_allowed"


def test_a_refused_change_changes_nothing(app, organiser_api):
    """Not the title it names nor any other row: the refusal is rolled back whole."""
    caller, event = organiser_api
    register(event)  # someone to email, were the refused change sent as news
    before = every_row(skip=[ApiToken])
    response = caller.patch(
        f"/events/{event.slug}", json={"title": "New", "ends_at": "2000-01-01T00:00:00Z"}
    )
    assert _error(response, 400)["fields"]
    assert every_row(skip=[ApiToken]) == before


class TestRateLimits:
    @pytest.fixture
    def app_config(self, database_url, tmp_path):
        return {**make_test_config(database_url, tmp_path), "EVENTNET_API_LIMITS": "3 per minute"}

    def test_each_token_has_its_own_allowance(self, app, api):
        busy, calm = api(make_user()), api(make_user())
        for _ in range(3):
            assert busy.get("/me").status_code == 200
        error = _error(busy.get("/me"), 429)
        assert error["code"] == "too_many_requests"
        assert calm.get("/me").status_code == 200

    def test_requests_without_a_token_are_limited_by_address(self, app, api):
        anonymous = api()
        for _ in range(3):
            assert anonymous.get("/me").status_code == 401
        assert _error(anonymous.get("/me"), 429)["code"] == "too_many_requests"
