"""Layout rules of the design system that a page-by-page table does not show: buttons at
their natural width on a laptop and full width on a phone, and the pages a person reaches
by mistake (errors) fitting a phone."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_accessible, log_in

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 900}


def _width(page, selector: str) -> float:
    return page.locator(selector).evaluate("el => el.getBoundingClientRect().width")


def test_a_form_button_is_as_wide_as_its_words_on_a_laptop_and_the_column_on_a_phone(new_page):
    laptop = new_page(viewport=LAPTOP)
    laptop.goto("/login")
    assert _width(laptop, "main form button[type=submit]") < 200
    phone = new_page(viewport=PHONE)
    phone.goto("/login")
    assert _width(phone, "main form button[type=submit]") == _width(phone, "main form input#email")


def test_a_field_stops_at_a_readable_width_on_a_laptop(new_page):
    laptop = new_page(viewport=LAPTOP)
    laptop.goto("/login")
    assert _width(laptop, "main form input#email") <= 40 * 16 * 1.0625 + 1


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390", "1366"])
@pytest.mark.parametrize(
    ("path", "status", "title"),
    [
        ("/no/such/page", 404, "Page not found"),
        ("/logout", 405, "That address is for a button"),
        ("/unsubscribe/not-a-token", 404, "Page not found"),
    ],
)
def test_error_pages_fit_the_screen_and_lead_somewhere(new_page, viewport, path, status, title):
    page = new_page(viewport=viewport)
    response = page.goto(path)
    assert response.status == status
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("main .error-page a.btn")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_accessible(page, f"{status} page")


def test_the_api_docs_fit_a_phone_and_their_code_scrolls_inside_its_own_box(new_page):
    page = new_page(viewport=PHONE)
    page.goto("/api/v1/docs")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    boxes = page.locator("pre.api-schema").evaluate_all(
        """blocks => blocks.map(b => ({wide: b.scrollWidth > b.clientWidth,
                                      scrolls: getComputedStyle(b).overflowX === 'auto',
                                      right: b.getBoundingClientRect().right}))"""
    )
    assert boxes, "no schema blocks"
    assert any(box["wide"] for box in boxes), "no block wider than a phone: nothing checked"
    assert all(box["scrolls"] and box["right"] <= PHONE["width"] for box in boxes)
    expect(page.get_by_role("link", name="GET /api/v1/me", exact=True)).to_be_visible()
    assert_accessible(page, "API docs")


def test_the_first_attendee_sees_why_the_people_list_is_empty_on_a_phone(live_server, new_page):
    from tests.factories import make_event, make_network, make_user, register

    tag = uuid.uuid4().hex[:6]
    with live_server.app.app_context():
        first = make_user("Amara Jones", f"amara.{tag}@hillcrest.example")
        event = make_event(make_network(name=f"Early Birds {tag}"), title=f"Brand new {tag}")
        register(event, first)
        slug, email = event.slug, first.email
    for path, words in (
        (f"/e/{slug}/people", "Nobody else has registered yet"),
        (f"/e/{slug}/people-to-meet", "Nobody else is on the attendee list yet"),
    ):
        page = new_page(viewport=PHONE)
        log_in(page, email)
        page.goto(path)
        empty = page.locator(".empty-state")
        expect(empty.get_by_text(words)).to_be_visible()
        expect(empty.get_by_role("link", name="Edit your pitch card")).to_be_visible()
        expect(page.get_by_text("No suggestions")).to_have_count(0)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert_accessible(page, path)


def test_a_search_button_sits_beside_its_capped_field_on_a_laptop(live_server, new_page):
    from tests.factories import make_user

    tag = uuid.uuid4().hex[:6]
    with live_server.app.app_context():
        email = make_user("Sam Searcher", f"sam.{tag}@school.example").email
    page = new_page(viewport=LAPTOP)
    log_in(page, email)
    page.goto("/me/contacts")
    field = page.locator("main search input[type=search]").bounding_box()
    button = page.locator("main search button[type=submit]").bounding_box()
    assert 0 < button["x"] - (field["x"] + field["width"]) <= 24


def test_a_forms_button_goes_under_its_last_capped_field_on_a_laptop(new_page):
    page = new_page(viewport=LAPTOP)
    page.goto("/forgot-password")
    field = page.locator("main form input#email").bounding_box()
    button = page.locator("main form button[type=submit]").bounding_box()
    assert button["y"] >= field["y"] + field["height"]
