"""The event page of a hybrid event with its in-person places full, as a visitor and as a
confirmed attendee, on a phone and a laptop: it fits the screen, passes axe, shows places
per mode and the "You're going" card, and the quiet cancel link still cancels (CSRF on)."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.e2e.test_tables import log_in

pytestmark = pytest.mark.e2e

SIZES = [{"width": 390, "height": 844}, {"width": 1366, "height": 900}]


def hybrid_scene(live_server) -> dict:
    from eventnet.events.models import Event
    from eventnet.extensions import db
    from eventnet.meetings import services as meetings
    from tests.factories import make_event, make_network, make_user, register

    tag = uuid.uuid4().hex[:6]
    day = (datetime.now() + timedelta(days=7)).date()
    with live_server.app.app_context():
        owner = make_user("Priya Shah", f"priya.{tag}@oakfield-academy-trust.example")
        event = make_event(
            make_network(owner, name=f"Leadership Circle {tag}"),
            title=f"Spring leadership conference: leading through change {tag}",
            format="hybrid",
            capacity_in_person=1,
            capacity_online=50,
            venue_name="Oakfield Academy Conference Centre",
            venue_address="12 Long Meadow Road\nBirmingham B15 2TT",
            join_url="https://meet.example/spring-leadership",
            timezone="Europe/London",
            starts_at=datetime.combine(day, time(9)),
            ends_at=datetime.combine(day, time(17)),
            description="A day for heads and deputies: keynotes, workshops and 1:1s.",
        )
        meetings.save_settings(
            db.session.get(Event, event.id),
            meetings.SettingsData(enabled=True, windows="12:00-13:00", table_count=10),
        )
        attendee = make_user("Helen Marsh-Whitcombe", f"helen.{tag}@riverside-trust.example")
        register(event, attendee, mode="in_person")
        register(event, make_user("David Chen", f"david.{tag}@northgate.example"), mode="online")
        db.session.commit()
        return {"slug": event.slug, "attendee": attendee.email}


def fits(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("size", SIZES, ids=["phone", "laptop"])
def test_a_hybrid_event_page_for_a_visitor_and_a_confirmed_attendee(live_server, new_page, size):
    scene = hybrid_scene(live_server)
    visitor = new_page(viewport=size)
    visitor.goto(f"/e/{scene['slug']}")
    expect(visitor.get_by_text("In person: full — join the waitlist")).to_be_visible()
    expect(visitor.get_by_text("Online: 49 left")).to_be_visible()
    expect(visitor.get_by_role("link", name="Map of Oakfield Academy")).to_be_visible()
    assert fits(visitor)
    assert_accessible(visitor, "event page, visitor")

    attendee = new_page(viewport=size)
    log_in(attendee, scene["attendee"])
    attendee.goto(f"/e/{scene['slug']}")
    card = attendee.get_by_role("region", name="You're going")
    for label in ("My badge", "Add to calendar", "People to meet", "Book 1:1s"):
        expect(card.get_by_role("link", name=label, exact=True)).to_be_visible()
    assert fits(attendee)
    assert_accessible(attendee, "event page, confirmed attendee")
    card.get_by_role("button", name="Cancel my registration").click()
    expect(attendee.get_by_text("Your registration is cancelled.")).to_be_visible()
