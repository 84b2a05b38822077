"""Every organiser action on badges × every kind of user (STYLE rule 7): organisers get the
answer of the action done (never a refusal that looks like an outsider's 404), everyone else
a 404 or the login page, and nothing changes."""

from __future__ import annotations

import pytest

from eventnet.registration.services import registration_of
from tests.badges.conftest import add_organiser
from tests.factories import make_network, make_user
from tests.rows import every_row

# (method, path template, status for an organiser)
ACTIONS = [
    ("GET", "/organise/e/{slug}/badges.pdf", 200),
    ("GET", "/organise/e/{slug}/door", 200),
    ("POST", "/organise/e/{slug}/door", 302),  # a real badge's code: on to its scan page
    ("POST", "/organise/e/{slug}/registrations/{registration}/reissue-badge", 302),
    ("POST", "/b/{token}/check-in", 409),  # the event is a week away: asks to confirm
    ("GET", "/organise/e/{slug}/kiosk", 200),
    ("POST", "/organise/e/{slug}/kiosk/{registration}/check-in", 409),  # likewise
    ("POST", "/organise/e/{slug}/kiosk/{registration}/undo", 302),
    ("POST", "/b/{token}/undo-check-in", 302),
]
# Who; what they get on organiser URLs (anonymous: sent to log in; others: 404).
PEOPLE = ["anonymous", "attendee", "other_network_organiser", "organiser", "admin"]


@pytest.fixture
def visitor(scene, login_as, request):
    kind = request.param
    if kind == "anonymous":
        return kind
    person = {
        "attendee": lambda: scene.ben,
        "other_network_organiser": lambda: make_network(make_user()).memberships[0].user,
        "organiser": lambda: add_organiser(scene.event.network),
        "admin": lambda: make_user(admin=True),
    }[kind]()
    login_as(person)
    return kind


@pytest.mark.parametrize("visitor", PEOPLE, indirect=True)
@pytest.mark.parametrize(("method", "path", "organiser_status"), ACTIONS)
def test_organiser_actions(scene, client, visitor, method, path, organiser_status):
    badge = scene.badge(scene.ada)
    token_before = badge.token
    url = path.format(
        slug=scene.event.slug,
        token=badge.token,
        registration=registration_of(scene.event, scene.ada).id,
    )
    before = every_row()
    response = client.open(url, method=method, data={"code": badge.short_code})
    if visitor in ("organiser", "admin"):
        assert response.status_code == organiser_status
        return
    if visitor == "anonymous":
        assert response.status_code in (302, 404)
        if response.status_code == 302:
            assert "/login" in response.headers["Location"]
    else:
        assert response.status_code == 404
    assert every_row() == before
    assert scene.badge(scene.ada).token == token_before
    assert registration_of(scene.event, scene.ada).checked_in_at is None


def test_an_organiser_reissues_a_badge(scene, client, login_as):
    old = scene.badge(scene.ada).token
    login_as(scene.organiser)
    registration = registration_of(scene.event, scene.ada)
    client.post(f"/organise/e/{scene.event.slug}/registrations/{registration.id}/reissue-badge")
    assert scene.badge(scene.ada).token != old
    login_as(scene.ben)
    assert client.get(f"/b/{old}").status_code == 404


def test_an_attendee_cannot_reissue_someone_else_s_badge(scene, client, login_as):
    old = scene.badge(scene.ada).token
    login_as(scene.ben)
    client.post(f"/e/{scene.event.slug}/badge/reissue")
    assert scene.badge(scene.ada).token == old
