"""Copy buttons: added by app.js next to a copyable address; without JS the address alone."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def person(live_server):
    from tests.factories import make_user

    with live_server.app.app_context():
        return make_user("Cora Copy", f"{uuid.uuid4().hex[:8]}@school.example").email


def get_feed_address(page) -> None:
    page.goto("/me")
    page.get_by_role("button", name="Get my calendar address").click()


def test_the_copy_button_copies_the_feed_address_and_says_so(new_page, person):
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    log_in(page, person)
    get_feed_address(page)
    address = page.locator("code.feed-address").inner_text().strip()
    assert address.startswith("http")
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == address


def test_without_javascript_there_is_no_copy_button_and_the_address_is_there(new_page, person):
    page = new_page(java_script_enabled=False)
    log_in(page, person)
    get_feed_address(page)
    expect(page.locator("code.feed-address")).to_have_text(re.compile(r"^https?://"))
    expect(page.get_by_role("button", name="Copy")).to_have_count(0)
