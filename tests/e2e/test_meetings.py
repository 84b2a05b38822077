"""1:1 meetings in a real browser: an organiser sets them up, one attendee asks another,
who accepts; both then see the table and the time in their agenda."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, PHONE, assert_accessible, log_in

pytestmark = pytest.mark.e2e


def setting_up(live_server) -> dict:
    """An organiser's published event a week ahead and two confirmed attendees, made through
    the services (the event journey itself has its own browser test)."""
    from eventnet.accounts.services import create_user
    from eventnet.db import utcnow
    from eventnet.events import services as events
    from eventnet.events.services import EventData
    from eventnet.extensions import db
    from eventnet.networks.services import create_network
    from eventnet.registration.services import register

    tag = uuid.uuid4().hex[:6]
    with live_server.app.app_context():
        people = {
            who: create_user(f"{who}.{tag}@school.example", name, PASSWORD)
            for who, name in (
                ("olive", "Olive Organiser"),
                ("priya", "Priya Shah"),
                ("tom", "Tom Okafor"),
            )
        }
        network = create_network(people["olive"], name=f"Heads {tag}", slug=f"heads-{tag}")
        day = (utcnow() + timedelta(days=7)).date()
        event = events.create_event(
            network,
            people["olive"],
            EventData(
                title="Summer leadership meet-up",
                starts_at=datetime.combine(day, time(9)),
                ends_at=datetime.combine(day, time(17)),
                timezone="Europe/London",
            ),
        )
        events.publish(event)
        register(event, people["priya"])
        register(event, people["tom"])
        db.session.commit()
        return {"slug": event.slug, **{who: u.email for who, u in people.items()}}


def test_request_accept_and_both_see_the_meeting(new_page, live_server):
    world = setting_up(live_server)
    slug = world["slug"]

    organiser = new_page()
    log_in(organiser, world["olive"])
    organiser.goto(f"/organise/e/{slug}/meetings")
    assert_accessible(organiser, "meeting settings")
    organiser.get_by_label("Attendees can book 1:1 meetings at this event").check()
    organiser.get_by_label("Meeting windows").fill("12:00-13:00")
    organiser.get_by_label("Slot length").select_option("20")
    organiser.get_by_label("Number of tables for in-person meetings").fill("3")
    organiser.get_by_role("button", name="Save meeting settings").click()
    expect(organiser.get_by_text("Meeting settings saved.")).to_be_visible()

    priya = new_page(viewport=PHONE)
    log_in(priya, world["priya"])
    priya.goto(f"/e/{slug}/people")
    priya.get_by_role("link", name="Request a meeting with Tom Okafor").click()
    expect(priya.get_by_role("heading", name="Request a meeting with Tom Okafor")).to_be_visible()
    assert_accessible(priya, "request a meeting")
    priya.get_by_label(re.compile(r"12:20–12:40")).check()
    priya.get_by_label("Message").fill("Shall we compare notes on assessment?")
    priya.get_by_role("button", name="Send request").click()
    expect(priya).to_have_url(re.compile(r"/me/meetings$"))
    expect(priya.get_by_text("Waiting for their answer")).to_be_visible()

    tom = new_page()
    log_in(tom, world["tom"])
    tom.goto("/me/meetings")
    expect(tom.get_by_text("Shall we compare notes on assessment?")).to_be_visible()
    assert_accessible(tom, "my meetings with a request")
    tom.get_by_label("Reply to Priya Shah (optional)").fill("Gladly!")
    tom.get_by_role("button", name="Accept the meeting with Priya Shah").click()
    expect(tom.get_by_text("Meeting accepted")).to_be_visible()

    for page, other in ((tom, "Priya Shah"), (priya, "Tom Okafor")):
        page.goto("/me/meetings")
        expect(page.get_by_role("heading", name=f"12:20–12:40 with {other}")).to_be_visible()
        expect(page.get_by_text("Table 1", exact=True)).to_be_visible()
        expect(page.get_by_text("Accepted", exact=True)).to_be_visible()
        assert_accessible(page, "my meetings")
