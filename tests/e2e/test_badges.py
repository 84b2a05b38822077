"""Two attendees in a real browser: one opens the other's badge address, both see the
connection in My contacts; the pages pass axe."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_accessible, log_in

pytestmark = pytest.mark.e2e


def _scene(live_server) -> dict:
    """An event with two confirmed attendees who have pitch cards, made through services."""
    from eventnet.badges.services import ensure_badge
    from eventnet.extensions import db
    from eventnet.profiles.services import ProfileData, update_profile
    from tests.factories import make_event, make_network, make_user, register

    tag = uuid.uuid4().hex[:6]
    with live_server.app.app_context():
        event = make_event(make_network(name=f"Badge Heads {tag}"), title=f"Badge meet-up {tag}")
        people = {}
        for key, name, email, phone in (
            ("ada", "Ada Lovelace", f"ada.{tag}@oakfield.example", "+44 121 496 0001"),
            ("ben", "Ben Okri", f"ben.{tag}@riverside.example", "+44 121 496 0002"),
        ):
            user = make_user(name, f"{key}.{tag}@school.example")
            update_profile(
                user,
                ProfileData(
                    headline="Headteacher",
                    organisation=f"{name.split()[1]} School",
                    pitch="Happy to talk about reading.",
                    contact_email=email,
                    contact_phone=phone,
                ),
            )
            registration = register(event, user)
            people[key] = {"email": user.email, "contact": email}
            people[key]["token"] = ensure_badge(registration).token
        db.session.commit()
        return {"slug": event.slug, "title": event.title, **people}


def test_scanning_a_badge_connects_two_attendees(new_page, live_server):
    scene = _scene(live_server)
    ada = new_page(viewport=PHONE)
    log_in(ada, scene["ada"]["email"])
    ada.goto(f"/e/{scene['slug']}/badge")
    expect(ada.get_by_role("heading", name="My badge")).to_be_visible()
    expect(ada.get_by_role("img", name=re.compile("QR code of your badge"))).to_be_visible()
    assert_accessible(ada, "my badge")

    # Ben "scans" Ada's badge: his phone opens the address the QR holds.
    ben = new_page(viewport=PHONE)
    log_in(ben, scene["ben"]["email"])
    ben.goto(f"/b/{scene['ada']['token']}")
    expect(ben.get_by_role("heading", name="Ada Lovelace", level=1)).to_be_visible()
    expect(ben.get_by_text("Contact exchanged")).to_be_visible()
    expect(ben.get_by_text(scene["ada"]["contact"])).to_be_visible()
    assert_accessible(ben, "scan page")
    ben.get_by_label("My private note").fill("Met at the coffee queue")
    ben.get_by_role("button", name="Save note").click()
    expect(ben.get_by_text("Your note is saved.")).to_be_visible()

    ben.goto("/me/contacts")
    expect(ben.get_by_role("heading", name=scene["title"])).to_be_visible()
    expect(ben.get_by_text(scene["ada"]["contact"])).to_be_visible()
    expect(ben.get_by_label("My private note about Ada Lovelace")).to_have_value(
        "Met at the coffee queue"
    )
    assert_accessible(ben, "Ben's contacts")

    ada.goto("/me/contacts")
    expect(ada.get_by_role("heading", name="Ben Okri")).to_be_visible()
    expect(ada.get_by_text(scene["ben"]["contact"])).to_be_visible()
    expect(ada.get_by_text("Met at the coffee queue")).to_have_count(0)
    assert_accessible(ada, "Ada's contacts")


def test_anonymous_scan_shows_the_public_card_and_a_login_link(new_page, live_server):
    scene = _scene(live_server)
    page = new_page(viewport=PHONE)
    page.goto(f"/b/{scene['ada']['token']}")
    expect(page.get_by_role("heading", name="Badge of Ada Lovelace")).to_be_visible()
    expect(page.get_by_text(scene["ada"]["contact"])).to_have_count(0)
    expect(page.get_by_role("link", name="Log in").last).to_be_visible()
    assert_accessible(page, "public badge page")


def _y4m(png: bytes, path) -> None:
    """A 3-second 640×480 video (YUV4MPEG2, 4:2:0) of the QR centred on white, for
    Chromium's fake camera; made with Pillow, so no ffmpeg is needed."""
    import io

    from PIL import Image

    qr = Image.open(io.BytesIO(png)).convert("L").resize((400, 400), Image.NEAREST)
    frame = Image.new("L", (640, 480), 255)
    frame.paste(qr, (120, 40))
    y, cb, cr = frame.convert("RGB").convert("YCbCr").split()
    half = (320, 240)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with open(path, "wb") as out:
        out.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(30):
            out.write(b"FRAME\n" + planes)


def test_the_camera_scanner_opens_the_badge_it_sees(browser, live_server, tmp_path):
    """Chromium's fake camera shows Ada's badge QR; the scan page (jsQR, as Linux Chromium
    has no BarcodeDetector) opens her badge address and Ben is connected to her."""
    from eventnet.badges.models import Badge
    from eventnet.extensions import db
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    scene = _scene(live_server)
    with live_server.app.app_context():
        png = db.session.scalar(db.select(Badge.qr_png).where(Badge.token == scene["ada"]["token"]))
    video = tmp_path / "badge.y4m"
    _y4m(png, video)
    problems: list[str] = []
    # A browser of its own, with a fake camera, from the session's Playwright.
    camera_browser = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera_browser.new_context(base_url=live_server.url, viewport=PHONE)
        context.grant_permissions(["camera"], origin=live_server.url)
        context.set_default_timeout(10000)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on(
            "console",
            # As in conftest: Chromium's own /favicon.ico request is no error of ours.
            lambda msg: (
                problems.append(msg.text)
                if msg.type == "error" and not msg.text.startswith("Failed to load resource")
                else None
            ),
        )
        log_in(page, scene["ben"]["email"])
        page.goto("/scan")
        assert_accessible(page, "scanner page")
        page.get_by_role("button", name="Start the camera").click()
        page.wait_for_url(f"**/b/{scene['ada']['token']}", timeout=15000)
        expect(page.get_by_text("Contact exchanged")).to_be_visible()
        expect(page.get_by_text(scene["ada"]["contact"])).to_be_visible()
    finally:
        camera_browser.close()
    assert not problems, problems


# Every control in the page's main part, with its size and how wide main's column is.
CONTROL_SIZES_JS = """() => {
  const column = document.querySelector('main').getBoundingClientRect();
  const style = getComputedStyle(document.querySelector('main'));
  const inner = column.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return {inner, scroll: document.documentElement.scrollWidth, controls: [...document
    .querySelectorAll('main a[href], main button, main input:not([type=hidden])')]
    .filter(el => el.getClientRects().length)
    .map(el => ({text: (el.innerText || el.name || '').trim(), button: el.matches('.btn, button'),
                 width: el.getBoundingClientRect().width,
                 height: el.getBoundingClientRect().height}))};
}"""


def assert_door_sized(page) -> None:
    """On a phone at the door: nothing scrolls sideways, every button spans the column, and
    every control is at least 44 px tall (WCAG 2.5.5's size, for a hurried thumb)."""
    sizes = page.evaluate(CONTROL_SIZES_JS)
    assert sizes["scroll"] <= PHONE["width"]
    small = [c for c in sizes["controls"] if c["height"] < 43.99]
    assert not small, f"under 44 px tall: {small}"
    narrow = [c for c in sizes["controls"] if c["button"] and c["width"] < sizes["inner"] - 1]
    assert not narrow, f"buttons narrower than the {sizes['inner']} px column: {narrow}"


def test_door_check_in_by_badge_code(new_page, live_server):
    """An organiser at the door types a badge code, checks the person in, and is back at the
    door for the next one; a second check-in says when the first was."""
    from eventnet.badges.models import Badge
    from eventnet.extensions import db
    from eventnet.networks.models import Membership, Role
    from tests.factories import make_user

    scene = _scene(live_server)
    with live_server.app.app_context():
        from eventnet.events.models import Event

        event = db.session.scalar(db.select(Event).where(Event.slug == scene["slug"]))
        organiser = make_user("Olu Organiser", f"olu.{uuid.uuid4().hex[:6]}@school.example")
        db.session.add(Membership(network_id=event.network_id, user=organiser, role=Role.ORGANISER))
        db.session.commit()
        email = organiser.email
        code = db.session.scalar(
            db.select(Badge.short_code).where(Badge.token == scene["ada"]["token"])
        )
    page = new_page(viewport=PHONE)
    log_in(page, email)
    page.goto(f"/organise/e/{scene['slug']}/door")
    expect(page.get_by_text("0 of 2 confirmed attendees checked in")).to_be_visible()
    assert_accessible(page, "door page")
    assert_door_sized(page)
    page.get_by_label("Badge code").fill(f"{code[:4].lower()}-{code[4:]}")
    page.get_by_role("button", name="Find badge").click()
    expect(page.get_by_role("heading", name="Check in: Ada Lovelace")).to_be_visible()
    assert_accessible(page, "check-in screen")
    assert_door_sized(page)
    page.get_by_role("button", name="Check in Ada Lovelace").click()
    # The event is a week away: the door asks before checking anyone in.
    expect(page.get_by_text(re.compile(r"The event is on .*; check in anyway\?"))).to_be_visible()
    page.get_by_role("button", name="Check in Ada Lovelace anyway").click()
    expect(page.get_by_text("Ada Lovelace is checked in.")).to_be_visible()
    expect(page.get_by_text("1 of 2 confirmed attendees checked in")).to_be_visible()
    page.goto(f"/b/{scene['ada']['token']}")
    expect(page.get_by_text(re.compile(r"Already checked in at \d\d:\d\d"))).to_be_visible()
    assert_door_sized(page)
