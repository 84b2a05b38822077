"""The first journey in a real browser: sign up, log in again, start a network; axe on each page."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, PHONE, assert_accessible, log_in, submit_login

pytestmark = pytest.mark.e2e


def unique_email() -> str:
    return f"ada.{uuid.uuid4().hex[:8]}@school.example"


def sign_up(page, name: str, email: str, password: str = PASSWORD) -> None:
    page.goto("/signup")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/me$"))


def test_sign_up_log_in_again_and_start_a_public_network(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Networking events your community owns"
    )
    assert_accessible(page, "home")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    assert_accessible(page, "sign-up page")

    email = unique_email()
    sign_up(page, "Ada Lovelace", email)
    expect(page.get_by_role("link", name="My space")).to_be_visible()
    expect(page.get_by_role("heading", name="Hello, Ada Lovelace")).to_be_visible()
    assert_accessible(page, "my space")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    expect(page.get_by_role("link", name="My space")).to_have_count(0)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    assert_accessible(page, "login page")
    log_in(page, email.upper())
    expect(page).to_have_url(re.compile(r"/me$"))
    expect(page.get_by_role("link", name="My space")).to_be_visible()

    page.goto("/networks/new")
    assert_accessible(page, "new network form")
    page.get_by_label("Name").fill("Midlands Heads Network")
    page.get_by_label("Web address").fill("midlands-heads-e2e")
    page.get_by_label("About the network").fill("Headteachers supporting each other.")
    expect(page.get_by_role("checkbox", name=re.compile("Private"))).not_to_be_checked()
    page.get_by_role("button", name="Create the network").click()

    expect(page).to_have_url(re.compile(r"/organise/n/midlands-heads-e2e$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Midlands Heads Network")
    expect(page.get_by_text("Public network")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile(r"^Ada Lovelace"))).to_be_visible()
    assert_accessible(page, "manage page")

    page.get_by_role("link", name="Public page").click()
    expect(page).to_have_url(re.compile(r"/n/midlands-heads-e2e$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Midlands Heads Network")
    assert_accessible(page, "network page")

    page.goto("/")
    expect(page.get_by_role("link", name="Midlands Heads Network")).to_be_visible()


def test_wrong_password_is_explained_next_to_the_form(page):
    email = unique_email()
    sign_up(page, "Grace Hopper", email)
    page.get_by_role("button", name="Log out").click()

    submit_login(page, email, "not the password at all")
    form = page.locator("main form")
    alert = form.get_by_role("alert")
    expect(alert.get_by_role("heading")).to_have_text("There is a problem")
    expect(alert.get_by_role("listitem")).to_have_text(
        "That email and password do not match an account."
    )
    expect(page.get_by_role("link", name="My space")).to_have_count(0)
    expect(page.get_by_label("Email")).to_have_value(email)
    assert_accessible(page, "login page with an error")


def test_sign_up_errors_sit_next_to_their_fields(page):
    page.goto("/signup")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_role("button", name="Sign up").click()

    name = page.get_by_label("Name")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_accessible_description(re.compile("Enter your name."))
    expect(page.get_by_label("Email")).to_have_accessible_description(
        re.compile("Enter a valid email address.")
    )
    expect(page.get_by_label(re.compile("^Password"))).to_have_accessible_description(
        re.compile("At least .* characters. Choose a password.")
    )
    assert_accessible(page, "sign-up page with errors")


def test_axe_helper_reports_violations(page):
    page.goto("/")
    page.evaluate("() => document.querySelector('main').append(document.createElement('input'))")
    with pytest.raises(AssertionError, match=r"label \(critical\)"):
        assert_accessible(page)


def test_browser_enforces_the_csp_so_inline_script_never_runs(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        refusals = []
        page.on("console", lambda msg: refusals.append(msg.text) if msg.type == "error" else None)
        page.goto("/")
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.inlineRan = true";
                document.body.append(script);
            }"""
        )
        assert page.evaluate("() => window.inlineRan") is None
        assert any("Content Security Policy" in text for text in refusals), refusals
    finally:
        context.close()


def focused(page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return (e.innerText || e.value || e.getAttribute('aria-label') || '').trim(); }"
    )


def test_keyboard_reaches_skip_link_then_navigation(page):
    page.goto("/login")
    page.keyboard.press("Tab")
    assert focused(page) == "Skip to content"
    skip = page.get_by_role("link", name="Skip to content")
    box = skip.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["y"] >= 0, "the focused skip link must be on screen"

    order = []
    for _ in range(3):
        page.keyboard.press("Tab")
        order.append(focused(page))
    assert order == ["eventnet", "Log in", "Sign up"]

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")


@pytest.mark.parametrize("path", ["/", "/login"])
def test_phone_layout_is_accessible_and_fits_the_screen(new_page, path):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=3)
    page.goto(path)
    assert_accessible(page, f"{path} on a phone")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
