"""Pitch cards in a real browser: edit a card, see it rendered, find it in an event's directory
next to the suggested people to meet."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_accessible

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery staple"


def sign_up(page, name: str) -> None:
    page.goto("/signup")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(f"{uuid.uuid4().hex[:8]}@school.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/me$"))


@pytest.fixture
def event_with_a_helper(live_server):
    """A published event where Tom, who can help with assessment, is already registered."""
    from eventnet.extensions import db
    from eventnet.profiles.services import ProfileData, update_profile
    from tests.factories import make_event, make_network, make_user, register

    with live_server.app.app_context():
        event = make_event(make_network(slug=f"heads-{uuid.uuid4().hex[:6]}"))
        tom = make_user("Tom Okafor")
        update_profile(
            tom,
            ProfileData(headline="Director of Education", offers="Assessment", interests="SEND"),
        )
        db.session.commit()
        register(event, tom)
        slug = event.slug
        db.session.remove()
    return slug


def test_edit_a_card_see_it_rendered_and_in_the_event_directory(new_page, event_with_a_helper):
    page = new_page(viewport=PHONE)
    sign_up(page, "Amara Jones")
    page.get_by_role("link", name="My pitch card").click()
    expect(page).to_have_url(re.compile(r"/me/profile$"))
    assert_accessible(page, "empty pitch card form")

    page.get_by_label("Headline (your role)").fill("SENCO")
    page.get_by_label("Organisation").fill("Hillcrest Primary")
    pitch = page.get_by_label("Your pitch")
    pitch.fill("SENCO for 400 children; I want better ways to assess progress.")
    expect(page.get_by_text(re.compile(r"^2\d\d of 300 characters left$"))).to_be_visible()
    page.get_by_label("Interests").fill("send, Wellbeing")
    page.get_by_label("Looking for").fill("assessment")
    page.get_by_label("Website").fill("https://hillcrest.example")
    page.get_by_label("Contact email").fill("amara.private@home.example")
    page.get_by_role("button", name="Save my card").click()

    expect(page.get_by_text("Your pitch card is saved.")).to_be_visible()
    preview = page.locator(".pitch-card-preview")
    expect(preview.get_by_role("heading", name="Amara Jones")).to_be_visible()
    expect(preview.get_by_text("SENCO, Hillcrest Primary")).to_be_visible()
    expect(preview.get_by_role("link", name=re.compile("^Website"))).to_have_attribute(
        "rel", "noopener nofollow"
    )
    expect(preview.get_by_text("amara.private@home.example")).to_have_count(0)
    assert_accessible(page, "saved pitch card")

    page.goto(f"/e/{event_with_a_helper}")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("You are registered", exact=True)).to_be_visible()
    page.get_by_role("link", name="People to meet", exact=True).click()
    suggestions = page.locator(".people-to-meet")
    expect(suggestions.get_by_role("heading", name="Tom Okafor")).to_be_visible()
    expect(
        suggestions.get_by_text("can help with: Assessment; you both follow: SEND")
    ).to_be_visible()
    assert_accessible(page, "people to meet")

    page.get_by_role("link", name="Back to the event").click()
    page.get_by_role("link", name="Browse attendees' pitch cards").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^People at "))
    directory = page.locator(".directory-cards")
    expect(directory.get_by_role("heading", name="Amara Jones")).to_be_visible()
    expect(directory.get_by_role("heading", name="Tom Okafor")).to_be_visible()
    assert_accessible(page, "attendee directory")

    page.get_by_label("Search by name, organisation or tag").fill("hillcrest")
    page.get_by_role("button", name="Search").click()
    expect(directory.get_by_role("heading", name="Amara Jones")).to_be_visible()
    expect(directory.get_by_role("heading", name="Tom Okafor")).to_have_count(0)
    expect(page.get_by_text("amara.private@home.example")).to_have_count(0)
