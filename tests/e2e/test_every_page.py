"""Every HTML page, as each kind of user sees it, on a phone, a tablet and a laptop.

``PAGES`` lists each page (by endpoint) with who looks at it and the path on the demo data
of ``flask seed-demo`` (plus the links the demo's emails would carry). At 320, 390, 768 and
1366 px each page must: not scroll sideways; have no serious or critical axe-core violation;
show a focus ring on every control the Tab key reaches; and give every button, field, nav
link and standalone link a target of at least 24×24 px (WCAG 2.2 2.5.8; links inside a
sentence are exempt). ``test_every_html_page_is_in_the_table`` walks ``app.url_map``, so a
new page fails until it is listed here or excluded with a reason.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from eventnet import create_app
from eventnet.accounts.services import find_by_email, request_password_reset
from eventnet.badges.services import ensure_badge
from eventnet.demo import DEMO_PASSWORD, seed
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.mail.models import Email
from eventnet.mail.preferences import unsubscribe_token
from eventnet.networks import services as networks
from eventnet.networks.models import Network
from eventnet.notifications.models import Audience, Timing
from eventnet.notifications.services.feedback import feedback_token
from eventnet.notifications.services.organiser_messages import MessageData, create_message
from eventnet.registration import services as registration
from tests.conftest import make_test_config
from tests.e2e.conftest import axe_violations, format_violations, migrate, serving
from tests.factories import make_event

pytestmark = pytest.mark.e2e

WIDTHS = (320, 390, 768, 1366)
EVENT = "summer-leadership-conference"
PAST = "spring-term-meet-up"
PRIVATE_EVENT = "new-heads-circle-online"
NETWORK = "midlands-heads"
PRIVATE = "new-heads-circle"
EMAILS = {
    "attendee": "david.chen@northgate.example",
    "organiser": "priya.shah@oakfield.example",
    "admin": "admin@eventnet.example",
}

# (endpoint, role, path); {names} are filled in from the seeded data (see demo_site).
PAGES = [
    ("core.index", "visitor", "/"),
    ("events.show", "visitor", f"/e/{EVENT}"),
    ("networks.show", "visitor", f"/n/{NETWORK}"),
    ("accounts.login", "visitor", "/login"),
    ("accounts.signup", "visitor", "/signup"),
    ("accounts.forgot_password", "visitor", "/forgot-password"),
    ("accounts.email_sign_in", "visitor", "/login/email"),
    ("accounts.sign_in_code", "visitor", "/login/code"),
    ("accounts.reset_password", "visitor", "{reset_link}"),
    ("api.docs", "visitor", "/api/v1/docs"),
    ("badges.scan", "visitor", "/b/{helen_badge}"),
    ("networks.invitation", "visitor", "{network_invitation_link}"),
    ("registration.invitation", "visitor", "{event_invitation_link}"),
    ("notifications.unsubscribe", "visitor", "/unsubscribe/{unsubscribe_token}"),
    ("notifications.feedback", "visitor", f"/e/{PAST}/feedback/{{feedback_token}}"),
    ("core.index", "attendee", "/"),
    ("events.show", "attendee", f"/e/{EVENT}"),
    ("accounts.me", "attendee", "/me"),
    ("registration.my_events", "attendee", "/me/events"),
    ("badges.mine", "attendee", f"/e/{EVENT}/badge"),
    ("badges.code", "attendee", f"/e/{EVENT}/badge-code"),
    ("badges.scan", "attendee", "/b/{helen_badge}"),
    ("badges.scanner", "attendee", "/scan"),
    ("profiles.people_to_meet", "attendee", f"/e/{EVENT}/people-to-meet"),
    ("profiles.event_people", "attendee", f"/e/{EVENT}/people"),
    ("profiles.network_members", "attendee", f"/n/{NETWORK}/members"),
    ("profiles.edit", "attendee", "/me/profile"),
    ("connections.contacts", "attendee", "/me/contacts"),
    ("meetings.mine", "attendee", "/me/meetings"),
    ("meetings.request_meeting", "attendee", f"/e/{EVENT}/meetings/request/{{helen_id}}"),
    ("accounts.settings", "attendee", "/me/settings"),
    ("accounts.delete", "attendee", "/me/delete"),
    ("notifications.preferences_page", "attendee", "/me/emails"),
    ("api_tokens.tokens", "attendee", "/me/tokens"),
    ("networks.create", "attendee", "/networks/new"),
    ("networks.request_to_join", "attendee", f"/n/{PRIVATE}/request/{{request_code}}"),
    ("organise.home", "organiser", "/organise"),
    ("networks.manage", "organiser", f"/organise/n/{NETWORK}"),
    ("events.organiser_list", "organiser", f"/organise/n/{NETWORK}/events"),
    ("events.create", "organiser", f"/organise/n/{NETWORK}/events/new"),
    ("events.show", "organiser", f"/e/{EVENT}"),
    ("registration.dashboard", "organiser", f"/organise/e/{EVENT}"),
    ("events.agenda", "organiser", f"/organise/e/{EVENT}/agenda"),
    ("registration.questions", "organiser", f"/organise/e/{EVENT}/questions"),
    ("registration.edit_question", "organiser", f"/organise/e/{EVENT}/questions/{{question_id}}"),
    ("events.edit", "organiser", f"/organise/e/{EVENT}/edit"),
    ("events.cancel", "organiser", f"/organise/e/{EVENT}/cancel"),
    ("badges.door", "organiser", f"/organise/e/{EVENT}/door"),
    ("badges.kiosk", "organiser", f"/organise/e/{EVENT}/kiosk"),
    ("badges.scan", "organiser", "/b/{david_badge}"),
    ("meetings.settings", "organiser", f"/organise/e/{EVENT}/meetings"),
    ("notifications.organise", "organiser", f"/organise/e/{EVENT}/emails"),
    ("notifications.new_message", "organiser", f"/organise/e/{EVENT}/messages/new"),
    ("notifications.message", "organiser", f"/organise/e/{EVENT}/messages/{{message_id}}"),
    ("core.index", "admin", "/"),
    ("organise.home", "admin", "/organise"),
    ("organise.new_event", "admin", "/organise/new-event"),
    ("networks.manage", "admin", f"/organise/n/{PRIVATE}"),
    ("registration.dashboard", "admin", f"/organise/e/{PRIVATE_EVENT}"),
]

# GET endpoints that are not HTML pages, or not pages of their own.
EXCLUDED = {
    "static": "stylesheets, scripts and images",
    "core.healthz": "plain-text health check for the load balancer",
    "api.openapi_json": "JSON: the OpenAPI description (api.docs renders it)",
    "api.list_events": "JSON API",
    "api.show_event": "JSON API",
    "api.meeting_slots": "JSON API",
    "api.my_registration": "JSON API",
    "api.list_registrations": "JSON API",
    "api.show_registration": "JSON API",
    "api.me": "JSON API",
    "api.my_contacts": "JSON API",
    "api.show_contact": "JSON API",
    "api.my_meetings": "JSON API",
    "api.show_meeting": "JSON API",
    "api.my_profile": "JSON API",
    "api.my_registrations": "JSON API",
    "accounts.export": "JSON download of the person's data",
    "calendar.personal_feed": ".ics calendar feed",
    "calendar.event_file": ".ics calendar file",
    "calendar.network_feed": ".ics calendar feed",
    "calendar.agenda_file": ".ics calendar file (the agenda sessions)",
    "badges.mine_qr": "the badge's QR code, PNG or SVG",
    "badges.mine_pdf": "the badge as a PDF",
    "badges.sheet": "the event's badges as a PDF",
    "sharing.poster": "the event's QR poster as a PDF",
    "connections.contacts_csv": "CSV download",
    "connections.contacts_vcf": ".vcf download",
    "registration.attendees_csv": "CSV download",
    "profiles.photo": "JPEG profile photo",
    "events.cover": "an image, not a page",
    "sharing.event_image": "the event's link-preview PNG (tests/sharing/test_link_previews.py)",
    "sharing.network_image": "the network's link-preview PNG",
    "sharing.site_image": "the site's link-preview PNG",
    "accounts.sign_in_link": (
        "an emailed one-time link: it signs in and redirects, or answers 400 with a page "
        "(tests/accounts/test_sign_in_by_email.py, tests/e2e/test_register_by_email.py)"
    ),
}


def _case_id(row, width):
    endpoint, role, _ = row
    return f"{endpoint}-{role}-{width}"


CASES = [pytest.param(row, width, id=_case_id(row, width)) for row in PAGES for width in WIDTHS]


def test_every_html_page_is_in_the_table(tmp_path):
    app = create_app(make_test_config("sqlite://", tmp_path))
    listed = {endpoint for endpoint, _, _ in PAGES}
    missing = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.redirect_to is not None:
            continue
        if rule.endpoint not in listed and rule.endpoint not in EXCLUDED:
            missing.append(f"{rule.endpoint} ({rule.rule})")
    assert not missing, "GET endpoints neither in PAGES nor in EXCLUDED: " + ", ".join(missing)
    assert not set(EXCLUDED) & listed, "an endpoint is both listed and excluded"
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert set(EXCLUDED) <= endpoints, f"stale exclusions: {set(EXCLUDED) - endpoints}"
    adapter = app.url_map.bind("eventnet.test")
    for endpoint, _role, path in PAGES:
        if path.startswith("{"):  # a whole link out of an email: its endpoint is the page's
            continue
        filled = re.sub(r"\{\w+\}", "1", path)
        assert adapter.match(filled, "GET")[0] == endpoint, f"{path} is not {endpoint}"


def _link(pattern: str) -> str:
    bodies = db.session.scalars(sa.select(Email.text_body).order_by(Email.id.desc()))
    for body in bodies:
        found = re.search(pattern, body)
        if found:
            return found.group(0)
    raise AssertionError(f"no queued email has a link like {pattern}")


def _seed_links() -> dict[str, str]:
    """The demo data plus what its emails would link to: the pages reached by a token."""
    seed()
    people = {email: find_by_email(email) for email in EMAILS.values()}
    helen = find_by_email("helen.marsh@stmarys.example")
    david, priya = people[EMAILS["attendee"]], people[EMAILS["organiser"]]
    event = db.session.scalar(sa.select(Event).where(Event.slug == EVENT))
    past = db.session.scalar(sa.select(Event).where(Event.slug == PAST))
    network = db.session.scalar(sa.select(Network).where(Network.slug == NETWORK))
    private = db.session.scalar(sa.select(Network).where(Network.slug == PRIVATE))
    request_password_reset("sean.murphy@brookvale.example")
    networks.invite(network, priya, "new.head@westfield.example")
    invite_only = make_event(network, title="Trust leaders' dinner", registration_mode="invite")
    registration.invite(invite_only, priya, "guest.head@eastgate.example")
    message = create_message(
        event,
        priya,
        MessageData(
            subject="Parking on the day",
            body="The car park opens at 8:15. Overflow parking is on Canal Street.",
            audience=Audience.CONFIRMED,
            timing=Timing.BEFORE_START,
            offset_minutes=24 * 60,
        ),
    )
    values = {
        "helen_badge": ensure_badge(registration.registration_of(event, helen)).token,
        "david_badge": ensure_badge(registration.registration_of(event, david)).token,
        "helen_id": str(helen.id),
        "request_code": private.request_code,
        "feedback_token": feedback_token(past, david),
        "unsubscribe_token": unsubscribe_token(david, "reminders"),
        "message_id": str(message.id),
        "question_id": str(registration.questions_of(event)[0].id),
    }
    db.session.commit()
    values["reset_link"] = _link(r"/reset-password/[\w.\-]+")
    values["network_invitation_link"] = _link(r"/invitations/[\w\-]+")
    values["event_invitation_link"] = _link(r"/e/[\w\-]+/invitation/[\w\-]+")
    return values


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    """A live server of its own on the seeded demo data (the session's live_server is left
    as the other e2e tests expect it)."""
    tmp = tmp_path_factory.mktemp("every-page")
    config = make_test_config(f"sqlite:///{tmp / 'demo.sqlite3'}", tmp)
    config["RATELIMIT_ENABLED"] = False
    app = create_app(config)
    migrate(app)
    with app.app_context():
        links = _seed_links()
        db.session.remove()
    with serving(app) as live:
        live.links = links
        yield live


@pytest.fixture(scope="module")
def pages_by_role(browser, demo_site):
    """One browser context per role, logged in once; each test only resizes and navigates."""
    opened = {}
    problems: list[str] = []

    def page_for(role: str):
        if role not in opened:
            context = browser.new_context(base_url=demo_site.url)
            context.set_default_timeout(10000)
            page = context.new_page()
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.on(
                "console",
                lambda msg: (
                    problems.append(f"console error: {msg.text}")
                    if msg.type == "error" and not msg.text.startswith("Failed to load resource")
                    else None
                ),
            )
            if role in EMAILS:
                page.goto("/login")
                page.get_by_label("Email").fill(EMAILS[role])
                page.locator("input[type=password]").fill(DEMO_PASSWORD)
                page.locator("main form button[type=submit]").click()
                # Organisers land on their home, everyone else on My space.
                page.wait_for_url(lambda url: url.endswith(("/me", "/organise")))
            opened[role] = page
        return opened[role]

    page_for.problems = problems
    yield page_for
    for page in opened.values():
        page.context.close()


OVERFLOW_JS = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= window.innerWidth) return null;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > window.innerWidth + 0.5 && r.width > 0) {
      const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
      wide.push(`${el.tagName.toLowerCase()}${cls} right=${Math.round(r.right)}`);
    }
  }
  return {scrollWidth: root.scrollWidth, innerWidth: window.innerWidth, wide: wide.slice(0, 6)};
}"""

DESCRIBE_JS = """
window.__describe = el => {
  const text = (el.innerText || el.textContent || el.value || el.getAttribute('aria-label')
                || el.name || '')
    .trim().replace(/\\s+/g, ' ').slice(0, 40);
  const id = el.id ? '#' + el.id : '';
  const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
  const type = el.type && el.tagName === 'INPUT' ? `[type=${el.type}]` : '';
  return `${el.tagName.toLowerCase()}${id}${cls}${type} "${text}"`;
};
"""

# The controls Tab should stop at, counted so the test presses Tab just enough times.
FOCUS_SETUP_JS = (
    """() => {"""
    + DESCRIBE_JS
    + """
  window.__focused = [];
  document.addEventListener('focusin', event => {
    const el = event.target;
    const s = getComputedStyle(el);
    const transparent = c => c === 'transparent' || /rgba\\(.*,\\s*0\\)$/.test(c);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
      && !transparent(s.outlineColor);
    const shadow = s.boxShadow !== 'none' && s.boxShadow !== '';
    const r = el.getBoundingClientRect();
    window.__focused.push({what: window.__describe(el), ring: outline || shadow,
                           shown: r.width > 1 && r.height > 1});
  }, true);
  const candidates = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]');
  let count = 0;
  for (const el of candidates) {
    if (el.tabIndex >= 0 && !el.disabled && el.getClientRects().length) count++;
  }
  if (document.activeElement && document.activeElement !== document.body) {
    document.activeElement.blur();
  }
  return count;
}"""
)

TARGETS_JS = (
    """() => {"""
    + DESCRIBE_JS
    + """
  const small = [];
  const blockOf = el => {
    let node = el.parentElement;
    while (node && getComputedStyle(node).display.startsWith('inline')) node = node.parentElement;
    return node;
  };
  const inSentence = link => {
    if (link.closest('nav')) return false;
    const block = blockOf(link);
    if (!block) return false;
    const rest = block.textContent.replace(link.textContent, '');
    return /[A-Za-z0-9]/.test(rest);
  };
  const big = r => r.width >= 23.99 && r.height >= 23.99;
  const controls = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]');
  for (const el of controls) {
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || !el.getClientRects().length) continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;  // visually hidden (a skip link until focused)
    if (el.tagName === 'A' && inSentence(el)) continue;
    if (big(r)) continue;
    // A checkbox or radio is also clicked through its label.
    if (el.labels && [...el.labels].some(label => big(label.getBoundingClientRect()))) continue;
    small.push(`${window.__describe(el)} is ${Math.round(r.width)}×${Math.round(r.height)}`);
  }
  return small;
}"""
)


@pytest.mark.parametrize(("row", "width"), CASES)
def test_page(pages_by_role, demo_site, row, width):
    endpoint, role, path = row
    page = pages_by_role(role)
    path = path.format(**demo_site.links)
    # A link out of an email must still lead to the page the row names.
    assert demo_site.app.url_map.bind("x").match(path.split("?")[0], "GET")[0] == endpoint
    page.set_viewport_size({"width": width, "height": 844 if width < 700 else 900})
    errors_before = len(demo_site.errors)
    problems_before = len(pages_by_role.problems)
    response = page.goto(path)
    assert response is not None, f"{path} did not load"
    assert response.status == 200, f"{path} as {role} answered {response.status} at {page.url}"
    assert "text/html" in response.headers.get("content-type", "")
    found = []

    # Pasted into a chat, the page previews with a picture that answers (sharing/previews.py).
    preview = page.locator('meta[property="og:image"]').get_attribute("content") or ""
    picture = page.request.get(demo_site.url + urlsplit(preview).path)
    if not preview.startswith("http") or picture.headers.get("content-type") != "image/png":
        found.append(f"og:image {preview!r} answered {picture.status}")

    overflow = page.evaluate(OVERFLOW_JS)
    if overflow:
        found.append(
            f"scrolls sideways: {overflow['scrollWidth']} px wide in a {overflow['innerWidth']} "
            f"px window; too wide: {'; '.join(overflow['wide'])}"
        )

    serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    if serious:
        found.append("axe:\n" + format_violations(serious))

    count = page.evaluate(FOCUS_SETUP_JS)
    for _ in range(min(count, 150)):
        page.keyboard.press("Tab")
    focused = page.evaluate("() => window.__focused")
    no_ring = sorted({f["what"] for f in focused if f["shown"] and not f["ring"]})
    if no_ring:
        found.append("no visible focus ring: " + "; ".join(no_ring))
    if count and not focused:
        found.append(f"Tab reached none of the {count} controls")

    small = page.evaluate(TARGETS_JS)
    if small:
        found.append("targets under 24×24 px: " + "; ".join(small))

    assert not demo_site.errors[errors_before:], f"the server raised {demo_site.errors!r}"
    assert not pages_by_role.problems[problems_before:], pages_by_role.problems[problems_before:]
    assert not found, f"{endpoint} as {role} at {width} px ({path}):\n" + "\n".join(found)
