"""Data tables on a phone: the organiser's dashboard and agenda stack their rows into cards
that fit a 320 and a 390 px screen, each cell labelled by its column, and still pass axe;
on a tablet and a laptop they are plain tables that fit their column."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e


def _scene(live_server) -> dict:
    """A hybrid event with an agenda, people confirmed in person and online, one waitlisted
    and one cancelled, made through services; long names and addresses, as real ones are."""
    from eventnet.events.services import SessionData, add_session
    from eventnet.events.times import wall_clock
    from eventnet.extensions import db
    from eventnet.registration.services import cancel
    from tests.factories import make_event, make_network, make_user, register

    tag = uuid.uuid4().hex[:6]
    with live_server.app.app_context():
        owner = make_user("Priya Shah", f"priya.{tag}@oakfield-academy-trust.example")
        event = make_event(
            make_network(owner, name=f"Table Heads {tag}"),
            title=f"Termly leadership meet-up {tag}",
            format="hybrid",
            capacity_in_person=1,
            timezone="Europe/London",
        )
        for name in ("Helen Marsh-Whitcombe", "Seán Murphy", "Amara Jones"):
            email = f"{name.split()[0].lower()}.{tag}@riverside-multi-academy-trust.example"
            register(event, make_user(name, email), mode="in_person")
        register(event, make_user("David Chen", f"david.{tag}@northgate.example"), mode="online")
        cancel(register(event, make_user("Tom Okafor", f"tom.{tag}@riverside.example"), "online"))
        start = wall_clock(event.starts_at, event.timezone)
        for minutes, title, room, speaker in (
            (0, "Welcome and keynote: leading through change", "Hall", "Priya Shah"),
            (60, "Workshops: curriculum and wellbeing", "Rooms 1–3", ""),
        ):
            add_session(
                event,
                SessionData(
                    title=title,
                    starts_at=start + timedelta(minutes=minutes),
                    ends_at=start + timedelta(minutes=minutes + 45),
                    room=room,
                    speaker=speaker,
                ),
            )
        db.session.commit()
        return {"email": owner.email, "slug": event.slug}


def unlabelled_cells(page) -> list[str]:
    """The data cells of stacked tables that would show no column name on a phone."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.table-stack tbody td')]
            .filter(td => !(td.dataset.label || '').trim())
            .map(td => td.outerHTML)"""
    )


def labels_without_value(page) -> list[str]:
    """Stacked cells on show that hold nothing: a column name over a blank."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.table-stack tbody td')]
            .filter(td => td.offsetParent !== null && !td.innerText.trim()
                          && !td.querySelector('button, a, select, input'))
            .map(td => td.outerHTML)"""
    )


def accessibility_tree(page) -> set[tuple[str, str]]:
    """(role, name) of each node in Chromium's own accessibility tree (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    return {
        (node.get("role", {}).get("value", ""), node.get("name", {}).get("value", ""))
        for node in nodes
    }


def path_of(page_name: str, slug: str) -> str:
    """The organiser's dashboard and agenda, and the public event page's agenda."""
    return {
        "dashboard": f"/organise/e/{slug}",
        "agenda": f"/organise/e/{slug}/agenda",
        "event": f"/e/{slug}",
    }[page_name]


@pytest.fixture(scope="module")
def scene(live_server):
    return _scene(live_server)


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("page_name", ["dashboard", "agenda", "event"])
def test_tables_stack_into_labelled_cards_that_fit_a_phone(new_page, scene, width, page_name):
    page = new_page(viewport={"width": width, "height": 844}, is_mobile=True, has_touch=True)
    log_in(page, scene["email"])
    page.goto(path_of(page_name, scene["slug"]))
    tables = page.locator("table.table-stack")
    assert tables.count() >= 1, f"no stacked table on the {page_name}"

    scroll_width, window_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= window_width, (
        f"the {page_name} is {scroll_width} px wide in a {window_width} px window"
    )
    assert page.locator(".table-stack tbody td").count() > 0
    assert unlabelled_cells(page) == []
    assert labels_without_value(page) == []

    # Each cell shows its column's name; the header row is hidden from sight, not removed.
    first = page.locator(".table-stack tbody td[data-label]").first
    label = first.get_attribute("data-label")
    shown = first.evaluate("td => getComputedStyle(td, '::before').content")
    assert label in shown
    header = page.locator("table.table-stack thead th", has_text=label).first
    expect(header).to_be_attached()
    expect(header).to_have_attribute("scope", "col")
    assert page.locator("table.table-stack thead").first.bounding_box()["width"] <= 1
    # Chromium's own accessibility tree still holds a table with its column headers.
    tree = accessibility_tree(page)
    assert any(role == "table" for role, _ in tree)
    assert ("columnheader", label) in tree
    assert_accessible(page, f"{page_name} at {width} px")


@pytest.mark.parametrize("width", [768, 1366])
@pytest.mark.parametrize("page_name", ["dashboard", "agenda", "event"])
def test_tables_are_plain_tables_that_fit_a_tablet_and_a_laptop(new_page, scene, width, page_name):
    page = new_page(viewport={"width": width, "height": 900})
    log_in(page, scene["email"])
    page.goto(path_of(page_name, scene["slug"]))
    table = page.locator("table.table-stack").last
    assert table.evaluate("t => getComputedStyle(t).display") == "table"
    expect(table.locator("thead th").first).to_be_visible()
    cell = table.locator("tbody td[data-label]").first
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") in ("none", "normal")
    # The table stays inside the page's column, so nothing scrolls sideways.
    overhang = table.evaluate(
        "t => t.getBoundingClientRect().right - t.parentElement.getBoundingClientRect().right"
    )
    assert overhang <= 0, f"the table sticks out of its column by {overhang} px"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
