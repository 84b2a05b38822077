"""A visitor on a phone registers from the event page with a name and an address, and
confirms by the emailed link (opened in the phone's mail browser) or by the 6-digit code:
three screens, no password."""

from __future__ import annotations

import re
import uuid

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_accessible

pytestmark = pytest.mark.e2e


def event_for(live_server) -> str:
    from tests.factories import make_event, make_network, make_user

    tag = uuid.uuid4().hex[:6]
    with live_server.app.app_context():
        owner = make_user("Priya Shah", f"priya.{tag}@oakfield.example")
        event = make_event(
            make_network(owner, name=f"Midlands Heads {tag}"),
            title=f"Summer leadership conference {tag}",
            capacity_in_person=30,
            venue_name="Oakfield Academy",
        )
        return event.slug


def sign_in_email(live_server, address: str) -> tuple[str, str]:
    """The link and the code of the latest sign-in email to ``address``, from the outbox."""
    from eventnet.extensions import db
    from eventnet.mail.models import Email

    with live_server.app.app_context():
        body = db.session.scalar(
            sa.select(Email.text_body)
            .where(Email.to_address == address, Email.dedupe_key.like("sign-in:%"))
            .order_by(Email.id.desc())
            .limit(1)
        )
    link = re.search(r"https?://\S+(/login/link/\S+)", body).group(1)
    code = re.search(r"^(\d{6})$", body, re.M).group(1)
    return link, code


def screens(page) -> list[str]:
    """Every page the person saw (a 200 document), in order; redirects are not screens."""
    seen: list[str] = []
    page.on(
        "response",
        lambda r: (
            seen.append(r.url)
            if r.request.resource_type == "document" and r.status == 200
            else None
        ),
    )
    return seen


def register_as_visitor(page, slug: str, name: str) -> str:
    address = f"{name.split()[0].lower()}.{uuid.uuid4().hex[:8]}@stmarys.example"
    page.goto(f"/e/{slug}")
    assert page.locator("input[type=password]").count() == 0
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your email").fill(address)
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert page.locator("input[type=password]").count() == 0
    assert_accessible(page, "check your email")
    return address


def expect_registered(page) -> None:
    card = page.get_by_role("region", name="You're going")
    expect(card.get_by_text("You are registered")).to_be_visible()
    assert page.locator("input[type=password]").count() == 0


def test_a_visitor_registers_by_name_and_email_and_the_link_on_another_browser(
    live_server, new_page
):
    slug = event_for(live_server)
    asking = new_page(viewport=PHONE)
    seen = screens(asking)
    address = register_as_visitor(asking, slug, "Helen Marsh")
    link, _ = sign_in_email(live_server, address)

    # Phones open mail links in a browser of their own: no cookie from the page that asked.
    mail_browser = new_page(viewport=PHONE)
    seen_there = screens(mail_browser)
    mail_browser.goto(link)
    expect(mail_browser).to_have_url(re.compile(rf"/e/{slug}$"))
    expect_registered(mail_browser)
    assert_accessible(mail_browser, "event page after the link")

    journey = seen + seen_there
    assert len(journey) == 3, journey
    assert journey[0].endswith(f"/e/{slug}")
    assert journey[1].endswith("/login/code")
    assert journey[2].endswith(f"/e/{slug}")

    # Used once: the same link again says so, and signs nobody in.
    third = new_page(viewport=PHONE)
    third.goto(link)
    expect(third.get_by_text("This sign-in link has already been used.")).to_be_visible()


def test_a_visitor_registers_and_types_the_code_in_a_fresh_browser(live_server, new_page):
    slug = event_for(live_server)
    phone = new_page(viewport=PHONE)
    seen = screens(phone)
    address = register_as_visitor(phone, slug, "Sean Murphy")
    _, code = sign_in_email(live_server, address)
    phone.get_by_label("6-digit code").fill(code)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone).to_have_url(re.compile(rf"/e/{slug}$"))
    expect_registered(phone)
    assert len(seen) == 3, seen
