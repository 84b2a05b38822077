"""GOV.UK's error summary in a real browser: one submit of the event form with several
mistakes lists them all at the top, each linking to its field; focus starts on the summary,
and what was typed is kept."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_accessible
from tests.e2e.test_events import sign_up

pytestmark = pytest.mark.e2e

# In the order of the page, as the summary lists them.
MISTAKES = {
    "title": "Enter the event's title.",
    "hashtag": "Use letters, digits and underscores only, e.g. #MHN2026.",
    "ends_at": "The event must end after it starts.",
    "join_url": "Enter a web address starting with https://",
    "capacity_in_person": "Enter 0 to 100000.",
}


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_one_submit_lists_every_mistake_and_focuses_the_summary(new_page, viewport):
    page = new_page(viewport=viewport)
    sign_up(page, "Priya Shah")
    network = f"heads-{uuid.uuid4().hex[:6]}"
    page.goto("/networks/new")
    page.get_by_label("Name").fill(f"Riverside Trust Heads {network}")
    page.get_by_label("Web address").fill(network)
    page.get_by_role("button", name="Create the network").click()
    page.get_by_role("link", name="New event").click()

    day = (datetime.now(UTC) + timedelta(days=30)).date()
    page.get_by_label(re.compile(r"^Starts")).fill(f"{day}T18:30")
    page.get_by_label(re.compile(r"^Ends")).fill(f"{day}T17:00")
    page.get_by_label("Format").select_option("hybrid")
    page.get_by_label("Venue").fill("Oakfield Academy")
    page.get_by_label("Online join link").fill("zoom meeting")
    page.get_by_label("Places in person").fill("-5")
    page.get_by_label("Hashtag").fill("#not a tag")
    page.get_by_role("button", name="Save draft").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_text(list(MISTAKES.values()))
    for field, message in MISTAKES.items():
        link = summary.get_by_role("link", name=message)
        expect(link).to_have_attribute("href", f"#{field}")
        expect(page.locator(f"#{field}")).to_have_attribute("aria-invalid", "true")
        expect(page.locator(f"#{field}-error")).to_have_text(message)
    expect(page.get_by_label("Venue")).to_have_value("Oakfield Academy")
    expect(page.get_by_label("Hashtag")).to_have_value("#not a tag")
    assert_accessible(page, "event form with mistakes")

    summary.get_by_role("link", name=MISTAKES["join_url"]).click()
    expect(page.get_by_label("Online join link")).to_be_focused()
