"""The event journey in a real browser: an organiser publishes an event, two people register,
one is waitlisted, the first cancels, the second is promoted and emailed."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_accessible

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery staple"


def sign_up(page, name: str) -> str:
    email = f"{name.split()[0].lower()}.{uuid.uuid4().hex[:8]}@school.example"
    page.goto("/signup")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/me$"))
    return email


def outbox_subjects(live_server, email: str) -> list[str]:
    from eventnet.extensions import db
    from eventnet.mail.models import Email

    with live_server.app.app_context():
        return list(
            db.session.scalars(
                sa.select(Email.subject).where(Email.to_address == email).order_by(Email.id)
            )
        )


def test_publish_register_waitlist_cancel_and_promote(new_page, live_server):
    organiser = new_page()
    sign_up(organiser, "Priya Shah")
    network = f"heads-{uuid.uuid4().hex[:6]}"
    organiser.goto("/networks/new")
    # A name of its own: other journeys share this live server and look for theirs.
    organiser.get_by_label("Name").fill(f"Riverside Trust Heads {network}")
    organiser.get_by_label("Web address").fill(network)
    organiser.get_by_role("button", name="Create the network").click()
    expect(organiser).to_have_url(re.compile(rf"/organise/n/{network}$"))

    organiser.get_by_role("link", name="New event").click()
    assert_accessible(organiser, "new event form")
    day = (datetime.now(UTC) + timedelta(days=30)).date()
    slug = f"meet-up-{uuid.uuid4().hex[:6]}"
    organiser.get_by_label("Title").fill("Spring term meet-up")
    organiser.get_by_label("Web address").fill(slug)
    organiser.get_by_label("Description").fill("We meet at **Oakfield**.")
    organiser.get_by_label("Time zone").select_option("Europe/London")
    organiser.get_by_label(re.compile(r"^Starts")).fill(f"{day}T18:30")
    organiser.get_by_label(re.compile(r"^Ends")).fill(f"{day}T20:30")
    organiser.get_by_label("Venue").fill("Oakfield Academy")
    organiser.get_by_label("Places in person").fill("1")
    organiser.get_by_role("button", name="Save draft").click()
    expect(organiser).to_have_url(re.compile(rf"/organise/e/{slug}$"))
    expect(organiser.get_by_text("Draft saved.")).to_be_visible()
    organiser.get_by_role("button", name="Publish").click()
    expect(organiser.get_by_text("Published: people can now see and register.")).to_be_visible()
    expect(organiser).to_have_url(re.compile(rf"/e/{slug}#share$"))
    assert_accessible(organiser, "event page with its share panel")

    first = new_page()
    sign_up(first, "Helen Marsh")
    first.goto(f"/e/{slug}")
    expect(first.get_by_role("heading", level=1)).to_have_text("Spring term meet-up")
    expect(first.get_by_text("18:30–20:30")).to_be_visible()
    expect(first.get_by_text("1 place left")).to_be_visible()
    assert_accessible(first, "event page")
    first.get_by_role("button", name="Register").click()
    expect(first.get_by_text("You are registered", exact=False).first).to_be_visible()

    second_email = None
    second = new_page(viewport=PHONE)
    second_email = sign_up(second, "David Chen")
    second.goto(f"/e/{slug}")
    expect(second.get_by_text("Full: waitlist")).to_be_visible()
    second.get_by_role("button", name="Join the waitlist").click()
    expect(second.get_by_text(re.compile("You are on the waitlist, number 1"))).to_be_visible()
    assert_accessible(second, "event page, waitlisted, on a phone")

    first.get_by_role("button", name="Cancel my registration").click()
    expect(first.get_by_text("Your registration is cancelled.")).to_be_visible()

    second.reload()
    expect(second.get_by_text("You are registered", exact=False).first).to_be_visible()
    subjects = outbox_subjects(live_server, second_email)
    assert subjects == [
        "You are on the waitlist: Spring term meet-up",
        "A place came free: you are registered for Spring term meet-up",
    ]

    # On a phone the signed-in links sit in the header's "Menu".
    second.get_by_role("navigation", name="Main").get_by_text("Menu").click()
    second.get_by_role("navigation", name="Main").get_by_role("link", name="My events").click()
    expect(second.get_by_role("cell", name=re.compile("^Spring term meet-up"))).to_be_visible()
    expect(second.get_by_role("cell", name="Confirmed")).to_be_visible()
    assert_accessible(second, "my events")

    organiser.goto(f"/organise/e/{slug}")
    assert_accessible(organiser, "event dashboard")
    expect(organiser.get_by_role("cell", name=re.compile("^David Chen"))).to_be_visible()
    expect(organiser.get_by_role("button", name="Check in David Chen")).to_be_visible()
