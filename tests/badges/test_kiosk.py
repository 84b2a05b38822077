"""The door kiosk: a name search, one tap to check in, undo, and the event-day warning."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from eventnet.db import utcnow
from eventnet.extensions import db
from eventnet.registration.models import Registration
from eventnet.registration.services import registration_of
from tests.factories import make_event, make_user, register


def _words(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def _today(event):
    event.starts_at = utcnow() - timedelta(hours=1)
    event.ends_at = utcnow() + timedelta(hours=1)
    db.session.commit()


def test_kiosk_has_no_site_chrome_but_the_count_and_a_search(scene, client, login_as):
    login_as(scene.organiser)
    page = client.get(f"/organise/e/{scene.event.slug}/kiosk")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "0 / 2 in" in _words(page)
    assert 'class="site-header"' not in html
    assert 'class="skip-link"' in html
    assert "app.css" in html
    assert "Content-Security-Policy" in page.headers


def test_search_by_name_email_or_organisation(scene, client, login_as):
    login_as(scene.organiser)
    url = f"/organise/e/{scene.event.slug}/kiosk"
    assert "Check in Ada Lovelace" in _words(client.get(url, query_string={"q": "ada"}))
    by_org = _words(client.get(url, query_string={"q": "riverside"}))
    assert "Check in Ben Okri" in by_org
    assert "Ada Lovelace" not in by_org
    by_email = _words(client.get(url, query_string={"q": scene.ben.email}))
    assert "Check in Ben Okri" in by_email
    assert "No confirmed attendee matches “100%”" in _words(
        client.get(url, query_string={"q": "100%"})
    )


def test_one_tap_checks_in_and_the_confirmation_can_undo(scene, client, login_as):
    _today(scene.event)
    login_as(scene.organiser)
    slug = scene.event.slug
    ada = registration_of(scene.event, scene.ada)
    done = client.post(f"/organise/e/{slug}/kiosk/{ada.id}/check-in", data={"q": "ada"})
    assert done.status_code == 302
    page = client.get(done.headers["Location"])
    words = _words(page)
    assert "Ada Lovelace is in" in words
    assert "1 / 2 in" in words
    assert re.search(r"In at \d\d:\d\d", words)
    client.post(f"/organise/e/{slug}/kiosk/{ada.id}/undo")
    db.session.expire_all()
    assert registration_of(scene.event, scene.ada).checked_in_at is None
    assert "0 / 2 in" in _words(client.get(f"/organise/e/{slug}/kiosk"))


def test_checking_in_on_another_day_asks_first(scene, client, login_as):
    login_as(scene.organiser)
    slug = scene.event.slug
    ada = registration_of(scene.event, scene.ada)
    day = scene.event.starts_at.astimezone(scene.event.zone)
    asked = client.post(f"/organise/e/{slug}/kiosk/{ada.id}/check-in")
    assert asked.status_code == 409
    assert f"The event is on {day:%a} {day.day} {day:%B}; check in anyway?" in _words(asked)
    db.session.expire_all()
    assert registration_of(scene.event, scene.ada).checked_in_at is None
    client.post(f"/organise/e/{slug}/kiosk/{ada.id}/check-in", data={"confirm": "1"})
    db.session.expire_all()
    assert registration_of(scene.event, scene.ada).checked_in_at is not None


def test_badge_scan_check_in_on_another_day_asks_first(scene, client, login_as):
    login_as(scene.organiser)
    token = scene.badge(scene.ada).token
    asked = client.post(f"/b/{token}/check-in", data={"door": "1"})
    assert asked.status_code == 409
    assert "check in anyway?" in _words(asked)
    assert "Check in Ada Lovelace anyway" in _words(asked)
    db.session.expire_all()
    assert registration_of(scene.event, scene.ada).checked_in_at is None
    done = client.post(f"/b/{token}/check-in", data={"door": "1", "confirm": "1"})
    assert done.headers["Location"].endswith(f"/organise/e/{scene.event.slug}/door")
    db.session.expire_all()
    assert registration_of(scene.event, scene.ada).checked_in_at is not None


def test_another_events_registration_is_404(scene, client, login_as):
    other = make_event(scene.event.network)
    stranger = register(other, make_user("Zed Other"))
    login_as(scene.organiser)
    response = client.post(f"/organise/e/{scene.event.slug}/kiosk/{stranger.id}/check-in")
    assert response.status_code == 404


def _kiosk_statements(client, count_queries, slug) -> int:
    client.get(f"/organise/e/{slug}/kiosk", query_string={"q": "a"})  # warm
    with count_queries() as queries:
        page = client.get(f"/organise/e/{slug}/kiosk", query_string={"q": "a"})
    assert page.status_code == 200
    return len(queries)


def test_kiosk_queries_do_not_grow_with_attendees(scene, client, login_as, count_queries):
    _today(scene.event)
    login_as(scene.organiser)
    slug = scene.event.slug
    for n in range(1):  # 3 attendees
        register(scene.event, make_user(f"Alex Few {n}"))
    few = _kiosk_statements(client, count_queries, slug)
    for n in range(28):
        register(scene.event, make_user(f"Alex Many {n}"))
    some = db.session.scalars(
        sa.select(Registration).where(Registration.event_id == scene.event.id).limit(10)
    )
    for r in some:
        r.checked_in_at = utcnow()
    db.session.commit()
    many = _kiosk_statements(client, count_queries, slug)
    assert many == few
