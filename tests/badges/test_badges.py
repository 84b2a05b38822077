"""Badge tokens, short codes and QR codes: random, reissuable, drawn once, and readable."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from eventnet.badges import qr
from eventnet.badges import services as badges
from eventnet.badges.models import Badge
from eventnet.errors import DomainError
from eventnet.extensions import db
from eventnet.registration.services import cancel, registration_of
from tests.badges.conftest import decode_pdf, decode_pdf_quadrants, decode_png, decode_svg
from tests.factories import make_event, make_user, register

BASE = "http://eventnet.test/b/"


def test_token_is_random_url_safe_and_long_enough(scene):
    badge = scene.badge(scene.ada)
    # token_urlsafe(24): 24 random bytes, 192 bits, in 32 URL-safe characters.
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", badge.token)
    assert badges.TOKEN_BYTES * 8 >= 128


def test_tokens_and_short_codes_are_unique(app):
    tokens = {badges.new_token() for _ in range(2000)}
    assert len(tokens) == 2000
    event = make_event()
    issued = [badges.ensure_badge(register(event)) for _ in range(30)]
    db.session.commit()
    assert len({b.token for b in issued}) == 30
    assert len({b.short_code for b in issued}) == 30


def test_short_code_alphabet_has_no_look_alikes(app):
    for _ in range(500):
        code = badges.new_short_code()
        assert len(code) == 8
        assert not set(code) & set("0O1IL")
        assert set(code) <= set(badges.SHORT_CODE_ALPHABET)


def test_only_confirmed_registrations_get_a_badge(app):
    event = make_event(capacity_in_person=1)
    register(event)
    waitlisted = register(event)
    assert waitlisted.status.value == "waitlisted"
    with pytest.raises(DomainError):
        badges.ensure_badge(waitlisted)


def test_qr_png_and_svg_decode_to_exactly_the_badge_address(scene):
    badge = scene.badge(scene.ada)
    address = BASE + badge.token
    assert decode_png(badge.qr_png) == [address]
    svg = badge.qr_svg.decode()
    assert svg.startswith("<?xml")
    assert "<path" in svg
    assert decode_svg(badge.qr_svg) == [address]


def test_qr_has_a_quiet_zone_and_quartile_error_correction(app):
    matrix = qr.modules("http://eventnet.test/b/abc")
    assert not any(matrix[0])
    assert not any(row[0] for row in matrix)
    assert not any(matrix[3])
    assert any(matrix[4])
    assert qr.ERROR_CORRECTION == qr.qrcode.constants.ERROR_CORRECT_Q


def test_qr_is_drawn_once_per_token(scene, client, login_as, monkeypatch):
    drawn = []  # every computation of a QR code (the costly part), by address
    real_modules = qr.modules
    monkeypatch.setattr(qr, "modules", lambda url: drawn.append(url) or real_modules(url))
    login_as(scene.ada)
    slug = scene.event.slug
    for path in ("badge", "badge.png", "badge.svg", "badge.pdf", "badge"):
        assert client.get(f"/e/{slug}/{path}").status_code == 200
    assert drawn == [BASE + scene.badge(scene.ada).token]  # once, for both images
    login_as(scene.organiser)
    assert client.get(f"/organise/e/{slug}/badges.pdf").status_code == 200
    assert len(drawn) == 2  # Ben's badge was drawn for the sheet; Ada's was reused
    stored = db.session.scalar(
        sa.select(Badge.qr_png).where(
            Badge.registration_id == registration_of(scene.event, scene.ada).id
        )
    )
    assert client.get(f"/organise/e/{slug}/badges.pdf").status_code == 200
    assert len(drawn) == 2
    assert stored == scene.badge(scene.ada).qr_png


def test_reissue_makes_a_new_token_code_and_qr_and_the_old_one_is_404(scene, client, login_as):
    old = scene.badge(scene.ada)
    old_token, old_code, old_png = old.token, old.short_code, old.qr_png
    login_as(scene.ada)
    response = client.post(f"/e/{scene.event.slug}/badge/reissue")
    assert response.status_code == 302
    new = scene.badge(scene.ada)
    assert new.token != old_token
    assert new.short_code != old_code
    assert new.qr_png != old_png
    assert decode_png(new.qr_png) == [BASE + new.token]
    login_as(scene.ben)
    assert client.get(f"/b/{old_token}").status_code == 404
    assert client.get(f"/b/{new.token}").status_code == 200
    page = client.post(f"/e/{scene.event.slug}/badge-code", data={"code": old_code})
    assert page.status_code == 404


def test_unknown_and_malformed_tokens_are_404(scene, client, login_as):
    login_as(scene.ben)
    for token in ("x" * 32, "short", "a" * 65, "%00", "../etc"):
        assert client.get(f"/b/{token}").status_code == 404


def test_a_cancelled_registration_s_badge_stops_working(scene, client, login_as):
    badge = scene.badge(scene.ada)
    cancel(registration_of(scene.event, scene.ada))
    db.session.commit()
    login_as(scene.ben)
    assert client.get(f"/b/{badge.token}").status_code == 404


def test_badge_page_shows_the_qr_and_short_code(scene, client, login_as):
    login_as(scene.ada)
    page = client.get(f"/e/{scene.event.slug}/badge")
    text = page.get_data(as_text=True)
    badge = scene.badge(scene.ada)
    assert badge.short_code_display in text
    assert f"/e/{scene.event.slug}/badge.svg" in text
    assert page.headers["Cache-Control"] == "private, no-store"
    svg = client.get(f"/e/{scene.event.slug}/badge.svg")
    assert svg.mimetype == "image/svg+xml"
    assert svg.data == badge.qr_svg


def test_people_without_a_confirmed_place_have_no_badge_page(scene, client, login_as):
    login_as(make_user())
    assert client.get(f"/e/{scene.event.slug}/badge").status_code == 404
    assert client.get(f"/e/{scene.event.slug}/badge.pdf").status_code == 404


def test_badge_pdf_holds_the_qr_of_exactly_the_badge_address(scene, client, login_as):
    login_as(scene.ada)
    response = client.get(f"/e/{scene.event.slug}/badge.pdf")
    assert response.mimetype == "application/pdf"
    badge = scene.badge(scene.ada)
    assert decode_pdf(response.data) == [[BASE + badge.token]]


def test_organiser_sheet_has_every_confirmed_attendee_sorted_by_name(scene, client, login_as):
    more = [make_user(name) for name in ("Zed Zulu", "cara Cole", "Dev Patel", "Eve Adams")]
    for person in more:
        register(scene.event, person)
    register(scene.event, make_user("Will Wait"), mode=None)
    cancel(registration_of(scene.event, scene.event and more[-1]))  # Eve cancelled: no badge
    db.session.commit()
    login_as(scene.organiser)
    response = client.get(f"/organise/e/{scene.event.slug}/badges.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    people = sorted(
        [scene.ada, scene.ben, *more[:3], _user("Will Wait")], key=lambda u: u.name.casefold()
    )
    expected = [BASE + scene.badge(u).token for u in people]
    # Four badges per A4 page, read one quadrant at a time, in reading order.
    assert decode_pdf_quadrants(response.data) == [expected[:4], expected[4:]]


def _user(name):
    from eventnet.accounts.models import User

    return db.session.scalar(sa.select(User).where(User.name == name))


def test_with_no_confirmed_attendees_there_is_no_blank_sheet_only_a_clear_word(
    scene, client, login_as
):
    empty = make_event(scene.event.network, title="Nobody yet")
    waiting = make_event(scene.event.network, title="Waitlist only", capacity_in_person=0)
    register(waiting, make_user("Will Wait"))  # waitlisted: no badge to print
    login_as(scene.organiser)
    for event in (empty, waiting):
        dashboard = client.get(f"/organise/e/{event.slug}").get_data(as_text=True)
        assert "Print badges: no confirmed attendees yet" in dashboard
        assert f'href="/organise/e/{event.slug}/badges.pdf"' not in dashboard
        response = client.get(f"/organise/e/{event.slug}/badges.pdf")
        assert response.status_code == 302
        assert response.headers["Location"] == f"/organise/e/{event.slug}"
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "No badges to print yet: the event has no confirmed attendees." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Badge)) == 0
    dashboard = client.get(f"/organise/e/{scene.event.slug}").get_data(as_text=True)
    assert f'href="/organise/e/{scene.event.slug}/badges.pdf"' in dashboard
