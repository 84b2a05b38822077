"""Typing a badge code instead of scanning; rate limits on codes and on /b/ lookups."""

from __future__ import annotations

import pytest

from eventnet.extensions import db
from tests.conftest import make_test_config
from tests.factories import make_event, make_user, register


def test_a_code_opens_the_badge_for_an_attendee_of_the_event(scene, client, login_as):
    badge = scene.badge(scene.ada)
    login_as(scene.ben)
    slug = scene.event.slug
    assert "Enter a badge code" in client.get(f"/e/{slug}/badge-code").get_data(as_text=True)
    for typed in (
        badge.short_code,
        badge.short_code_display,
        badge.short_code.lower(),
        f" {badge.short_code[:4]} {badge.short_code[4:]} ",
    ):
        response = client.post(f"/e/{slug}/badge-code", data={"code": typed})
        assert response.status_code == 302, typed
        assert response.headers["Location"].endswith(f"/b/{badge.token}")


def test_a_code_of_another_event_is_not_found(scene, client, login_as):
    other = make_event(scene.event.network)
    stranger_badge = _badge(register(other))
    login_as(scene.ben)
    page = client.post(
        f"/e/{scene.event.slug}/badge-code", data={"code": stranger_badge.short_code}
    )
    assert page.status_code == 404
    assert "No badge of this event has that code" in page.get_data(as_text=True)


@pytest.mark.parametrize("typed", ["ABC", "ABCDEFGH1", "ABCD0FGH", "IIIIIIII", ""])
def test_malformed_codes_get_a_message_next_to_the_field(scene, client, login_as, typed):
    login_as(scene.ben)
    page = client.post(f"/e/{scene.event.slug}/badge-code", data={"code": typed})
    assert page.status_code == 400
    assert 'aria-invalid="true"' in page.get_data(as_text=True)


def test_codes_are_only_for_logged_in_attendees(scene, client, login_as):
    code = scene.badge(scene.ada).short_code
    url = f"/e/{scene.event.slug}/badge-code"
    assert client.post(url, data={"code": code}).status_code == 302
    assert "/login" in client.post(url, data={"code": code}).headers["Location"]
    login_as(make_user())
    assert client.get(url).status_code == 404
    assert client.post(url, data={"code": code}).status_code == 404


def _badge(registration):
    from eventnet.badges.services import ensure_badge

    badge = ensure_badge(registration)
    db.session.commit()
    return badge


class TestLimits:
    @pytest.fixture
    def app_config(self, database_url, tmp_path):
        config = make_test_config(database_url, tmp_path)
        config["EVENTNET_BADGE_CODE_LIMITS"] = "5 per minute"
        config["EVENTNET_BADGE_SCAN_LIMITS"] = "8 per minute"
        return config

    def test_typing_codes_is_rate_limited_per_person(self, scene, client, login_as):
        login_as(scene.ben)
        url = f"/e/{scene.event.slug}/badge-code"
        statuses = [client.post(url, data={"code": "AAAAAAAA"}).status_code for _ in range(6)]
        assert statuses == [404] * 5 + [429]
        # Even the right code waits now: guessing cannot go on.
        right = scene.badge(scene.ada).short_code
        assert client.post(url, data={"code": right}).status_code == 429

    def test_badge_lookups_are_rate_limited(self, scene, client):
        token = scene.badge(scene.ada).token
        wrong = token[:-1] + ("y" if token.endswith("x") else "x")  # never the real token
        statuses = [client.get(f"/b/{wrong}").status_code for _ in range(8)]
        assert statuses == [404] * 8
        assert client.get(f"/b/{token}").status_code == 429
