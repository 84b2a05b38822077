"""The door kiosk in a real browser: ten people checked in by name search on a phone and on
a tablet, counting taps (the goal is two a person: search, then check in), and one undo."""

from __future__ import annotations

import os
import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_accessible, log_in

pytestmark = pytest.mark.e2e

TABLET = {"width": 768, "height": 1024}
LAPTOP = {"width": 1366, "height": 900}
# Where the screenshots go, to be looked at (not compared): a scratch folder by default.
SHOTS = Path(os.environ.get("EVENTNET_SCREENSHOTS", "/tmp/eventnet-screenshots"))  # noqa: S108
SURNAMES = ["Marsh", "Okafor", "Patel", "Quinn", "Rossi", "Santos", "Tanaka", "Umar", "Vance", "Wu"]


def _door(live_server) -> dict:
    """An event happening now with ten confirmed attendees, two more places, an organiser."""
    from eventnet.db import utcnow
    from eventnet.extensions import db
    from eventnet.networks.models import Membership, Role
    from tests.factories import make_event, make_network, make_user, register

    tag = uuid.uuid4().hex[:6]
    now = utcnow().replace(second=0, microsecond=0, tzinfo=None)
    with live_server.app.app_context():
        event = make_event(
            make_network(name=f"Door Heads {tag}"),
            title=f"Door meet-up {tag}",
            starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(hours=2),
        )
        for surname in SURNAMES:
            register(event, make_user(f"Helen {surname}", f"{surname.lower()}.{tag}@x.example"))
        organiser = make_user("Olu Organiser", f"olu.{tag}@school.example")
        db.session.add(Membership(network_id=event.network_id, user=organiser, role=Role.ORGANISER))
        db.session.commit()
        return {"slug": event.slug, "organiser": organiser.email}


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_ten_people_by_name_search_in_two_taps_each(new_page, live_server, viewport):
    door = _door(live_server)
    page = new_page(viewport=viewport)
    log_in(page, door["organiser"])
    page.goto(f"/organise/e/{door['slug']}/kiosk")
    expect(page.get_by_text("0 / 10 in")).to_be_visible()
    assert_accessible(page, "kiosk")
    taps = 0
    search = page.get_by_label("Find a person by name, email or organisation")
    for n, surname in enumerate(SURNAMES, start=1):
        search.fill(surname.lower())
        search.press("Enter")  # tap 1: the search (typing submits by itself after a pause)
        taps += 1
        page.get_by_role("button", name=f"Check in Helen {surname}").click()  # tap 2
        taps += 1
        expect(page.get_by_text(f"Helen {surname} is in")).to_be_visible()
        expect(page.get_by_text(f"{n} / 10 in")).to_be_visible()
    assert taps <= 2 * len(SURNAMES)
    assert_accessible(page, "kiosk after a check-in")
    # The last one was a mistake: the confirmation's Undo.
    page.get_by_role("button", name="Undo", exact=True).click()
    expect(page.get_by_text("Helen Wu is no longer checked in.")).to_be_visible()
    expect(page.get_by_text("9 / 10 in")).to_be_visible()
    search.fill("helen")
    search.press("Enter")
    expect(page.get_by_text(re.compile(r"In at \d\d:\d\d")).first).to_be_visible()
    expect(page.get_by_role("button", name="Check in Helen Wu")).to_be_visible()


def test_typing_searches_by_itself(new_page, live_server):
    door = _door(live_server)
    page = new_page(viewport=PHONE)
    log_in(page, door["organiser"])
    page.goto(f"/organise/e/{door['slug']}/kiosk")
    page.get_by_label("Find a person by name, email or organisation").press_sequentially("tana")
    expect(page.get_by_role("button", name="Check in Helen Tanaka")).to_be_visible()
    expect(page.get_by_role("button", name="Check in Helen Marsh")).to_have_count(0)


def test_kiosk_screenshots(new_page, live_server):
    door = _door(live_server)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for viewport in (PHONE, TABLET, LAPTOP):
        page = new_page(viewport=viewport)
        log_in(page, door["organiser"])
        page.goto(f"/organise/e/{door['slug']}/kiosk?q=helen")
        page.screenshot(path=str(SHOTS / f"kiosk-{viewport['width']}.png"), full_page=True)
        wide = page.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
            " > document.documentElement.clientWidth).map(e => e.tagName + '.' + e.className)"
        )
        assert not wide, f"wider than {viewport['width']} px: {wide}"
