"""Two attendees in a real browser: one opens the other's badge address, both see the
connection in My contacts; the pages pass axe."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_accessible

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery staple"


def _scene(live_server) -> dict:
    """An event with two confirmed attendees who have pitch cards, made through services."""
    from eventnet.badges.services import ensure_badge
    from eventnet.extensions import db
    from eventnet.profiles.services import ProfileData, update_profile
    from tests.factories import make_event, make_network, make_user, register

    tag = uuid.uuid4().hex[:6]
    with live_server.app.app_context():
        event = make_event(make_network(name=f"Badge Heads {tag}"), title=f"Badge meet-up {tag}")
        people = {}
        for key, name, email, phone in (
            ("ada", "Ada Lovelace", f"ada.{tag}@oakfield.example", "+44 121 496 0001"),
            ("ben", "Ben Okri", f"ben.{tag}@riverside.example", "+44 121 496 0002"),
        ):
            user = make_user(name, f"{key}.{tag}@school.example")
            update_profile(
                user,
                ProfileData(
                    headline="Headteacher",
                    organisation=f"{name.split()[1]} School",
                    pitch="Happy to talk about reading.",
                    contact_email=email,
                    contact_phone=phone,
                ),
            )
            registration = register(event, user)
            people[key] = {"email": user.email, "contact": email}
            people[key]["token"] = ensure_badge(registration).token
        db.session.commit()
        return {"slug": event.slug, "title": event.title, **people}


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/me$"))


def test_scanning_a_badge_connects_two_attendees(new_page, live_server):
    scene = _scene(live_server)
    ada = new_page(viewport=PHONE)
    log_in(ada, scene["ada"]["email"])
    ada.goto(f"/e/{scene['slug']}/badge")
    expect(ada.get_by_role("heading", name="My badge")).to_be_visible()
    expect(ada.get_by_role("img", name=re.compile("QR code of your badge"))).to_be_visible()
    assert_accessible(ada, "my badge")

    # Ben "scans" Ada's badge: his phone opens the address the QR holds.
    ben = new_page(viewport=PHONE)
    log_in(ben, scene["ben"]["email"])
    ben.goto(f"/b/{scene['ada']['token']}")
    expect(ben.get_by_role("heading", name="Ada Lovelace", level=1)).to_be_visible()
    expect(ben.get_by_text("Contact exchanged")).to_be_visible()
    expect(ben.get_by_text(scene["ada"]["contact"])).to_be_visible()
    assert_accessible(ben, "scan page")
    ben.get_by_label("My private note").fill("Met at the coffee queue")
    ben.get_by_role("button", name="Save note").click()
    expect(ben.get_by_text("Your note is saved.")).to_be_visible()

    ben.goto("/me/contacts")
    expect(ben.get_by_role("heading", name=scene["title"])).to_be_visible()
    expect(ben.get_by_text(scene["ada"]["contact"])).to_be_visible()
    expect(ben.get_by_label("My private note about Ada Lovelace")).to_have_value(
        "Met at the coffee queue"
    )
    assert_accessible(ben, "Ben's contacts")

    ada.goto("/me/contacts")
    expect(ada.get_by_role("heading", name="Ben Okri")).to_be_visible()
    expect(ada.get_by_text(scene["ben"]["contact"])).to_be_visible()
    expect(ada.get_by_text("Met at the coffee queue")).to_have_count(0)
    assert_accessible(ada, "Ada's contacts")


def test_anonymous_scan_shows_the_public_card_and_a_login_link(new_page, live_server):
    scene = _scene(live_server)
    page = new_page(viewport=PHONE)
    page.goto(f"/b/{scene['ada']['token']}")
    expect(page.get_by_role("heading", name="Badge of Ada Lovelace")).to_be_visible()
    expect(page.get_by_text(scene["ada"]["contact"])).to_have_count(0)
    expect(page.get_by_role("link", name="Log in").last).to_be_visible()
    assert_accessible(page, "public badge page")
