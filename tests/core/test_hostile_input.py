"""Hostile text through every form and every API body field, then every page, feed, vCard,
CSV and email that shows it: no 500 and no injected line anywhere.

One-line fields (names, titles, venues, tags …) refuse line breaks and control characters
with a message next to the field and change nothing; multi-line fields keep line breaks
but refuse other control characters; 100,000 characters are refused with a length
message; emoji, right-to-left marks, combining characters and formula-looking text are
stored and shown safely. The form table is checked against the app's URL map, so a new
form cannot be forgotten.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import icalendar
import pytest
import sqlalchemy as sa
import vobject

from eventnet.api import fields as api_fields
from eventnet.api.inputs import Body
from eventnet.api.services import create_token
from eventnet.calendar.services import make_feed_token
from eventnet.connections.services import record_scan
from eventnet.db import utcnow
from eventnet.events.services import SessionData, add_session
from eventnet.extensions import db
from eventnet.mail.worker import deliver_due
from eventnet.meetings import services as meetings
from eventnet.notifications.models import Audience, Timing
from eventnet.notifications.services import MessageData, create_message, feedback_token
from eventnet.profiles.services import ProfileData, update_profile
from eventnet.registration.models import AttendanceMode, QuestionKind
from eventnet.registration.services import QuestionData, add_question
from eventnet.text import CONTROL_MESSAGE, ONE_LINE_MESSAGE, safe_cell
from tests.conftest import PASSWORD
from tests.factories import make_event, make_network, make_user, register

# --- the hostile values ----------------------------------------------------------------------

# Refused in a one-line field: each would end an iCal property, a mail header or a vCard line
# early (and NUL is refused by PostgreSQL).
NOT_ONE_LINE = {
    "crlf": "Ann\r\nBcc: evil@attacker.example",
    "lf": "Ann\nX-INJECTED:1",
    "cr": "Ann\rX-INJECTED:1",
    "nul": "Ann\x00Lee",
    "escape": "\x1b[31mAnn",
    "c1-next-line": "Ann\x85X-INJECTED:1",
    "line-separator": "Ann\u2028X-INJECTED:1",
    "paragraph-separator": "Ann\u2029X-INJECTED:1",
    "delete": "Ann\x7f",
    "vertical-tab": "Ann\x0bLee",
}
# Refused in a multi-line field too: control characters that are not line breaks or tabs.
NOT_TEXT = {
    "nul": "Line one\x00",
    "escape": "\x1b[2J",
    "bell": "Ding\x07",
    "delete": "Ann\x7f",
}
# Stored as typed and shown safely, in one-line and multi-line fields alike.
KEPT = {
    "rtl-override": "\u202eexe.txt Ann",
    "combining": "Zoe\u0308 Ni\u0301 Bhriain",
    "emoji": "Ann 💥🎉👩🏽‍🏫",
    "formula": '=HYPERLINK("http://x","y")',
    "arabic": "مدرسة النور",
}
# All of them in one value of 79 characters: long, yet within every field's limit.
ALL_KEPT = " ".join(KEPT.values())
TAG_FIELDS = ("interests", "offers", "needs")
# Kept in a multi-line field: line breaks, and text that would be a property if unescaped.
INJECTION = "First line\r\nX-INJECTED:1\r\nBcc: evil@attacker.example\nLOCATION:Nowhere\rEND"
HUGE = "x" * 100_000


# --- the world the forms act on --------------------------------------------------------------


@pytest.fixture
def app_config(app_config):
    # Hundreds of refused codes, logins and API calls a minute from one test client.
    limits = "100000 per minute"
    return {
        **app_config,
        "EVENTNET_BADGE_CODE_LIMITS": limits,
        "EVENTNET_LOGIN_LIMITS": limits,
        "EVENTNET_API_LIMITS": limits,
        "EVENTNET_SIGN_IN_EMAIL_LIMITS": limits,
        "EVENTNET_SIGN_IN_ADDRESS_LIMITS": limits,
        "EVENTNET_SIGN_IN_CODE_LIMITS": limits,
    }


@dataclass
class World:
    organiser: object
    ada: object
    ben: object
    cy: object
    event: object
    club: object
    connection_id: int
    meeting_id: int
    registration_id: int
    ada_to_ben_slot: str
    question_id: int = 0
    feed_secrets: dict = field(default_factory=dict)
    api_secrets: dict = field(default_factory=dict)


@pytest.fixture
def world(app) -> World:
    organiser = make_user("Olu Organiser")
    ada = make_user("Ada Lovelace")
    ben = make_user("Ben Okri")
    cy = make_user("Cy Outsider")
    network = make_network(organiser, "Heads", slug="heads")
    club = make_network(organiser, "Heads Club", slug="club", private=True)
    day = (utcnow() + timedelta(days=7)).date()
    event = make_event(
        network,
        slug="the-event",
        title="Spring meet-up",
        format="hybrid",
        timezone="UTC",
        starts_at=datetime.combine(day, time(9)),
        ends_at=datetime.combine(day, time(17)),
        venue_name="Oak Hall",
        venue_address="1 Oak Road\nBirmingham",
        join_url="https://meet.example/spring",
        hashtag="Spring26",
    )
    registration = register(event, ada, AttendanceMode.IN_PERSON)
    register(event, ben, AttendanceMode.IN_PERSON)
    update_profile(
        ada,
        ProfileData(
            headline="Headteacher",
            organisation="Oakfield Primary",
            contact_email="ada@oakfield.example",
            contact_phone="+44 7700 900123",
        ),
    )
    add_session(
        event,
        SessionData("Keynote", datetime.combine(day, time(10)), datetime.combine(day, time(11))),
    )
    meetings.save_settings(
        event, meetings.SettingsData(enabled=True, windows="12:00-14:00", table_count=3)
    )
    connection, _ = record_scan(event, ben, ada)
    slot = meetings.free_slots(event, ben, ada)[0]
    meeting = meetings.request_meeting(event, ben, ada, slot.starts_at, "Shall we talk?")
    question = add_question(event, QuestionData("Dietary needs", QuestionKind.TEXT))
    world = World(
        organiser=organiser,
        ada=ada,
        ben=ben,
        cy=cy,
        event=event,
        club=club,
        connection_id=connection.id,
        meeting_id=meeting.id,
        registration_id=registration.id,
        ada_to_ben_slot=meetings.free_slots(event, ada, ben)[0].starts_at.isoformat(),
        question_id=question.id,
    )
    for person in (organiser, ada, ben, cy):
        world.feed_secrets[person.id] = make_feed_token(person).secret
        world.api_secrets[person.id] = create_token(person, "Tests")[1]
    db.session.commit()
    return world


def log_in(client, user) -> None:
    client.post("/logout")
    if user is not None:
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302


def snapshot() -> dict[str, list[str]]:
    """Every row of every table: a refused request must leave all of them as they were."""
    db.session.expire_all()
    return {
        table.name: sorted(repr(tuple(row)) for row in db.session.execute(table.select()))
        for table in db.metadata.sorted_tables
    }


LENGTH_MESSAGE = re.compile(r"\d+ characters")


# --- the table of forms ----------------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    endpoint: str
    actor: str | None  # who posts it: "organiser", "ada", "ben", "cy" or nobody
    path: object  # World -> str
    data: object  # World -> dict, a valid submission
    one_line: tuple[str, ...] = ()
    multi_line: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()  # free-text fields that must take KEPT values as typed
    # "page": refused on the form's page, the message next to the field (4xx);
    # "flash": a form inside a list page, refused with the message flashed on it.
    refusal: str = "page"
    # Address fields answer with their own message ("Enter a valid email address").
    own_message: tuple[str, ...] = ()


def _when(w: World, hour: int, minute: int = 0) -> str:
    return f"{w.event.starts_at.date():%Y-%m-%d}T{hour:02d}:{minute:02d}"


def _event_data(w: World) -> dict:
    return {
        "title": "Summer meet-up",
        "slug": "",
        "description": "We meet.",
        "format": "hybrid",
        "venue_name": "Elm Hall",
        "venue_address": "2 Elm Road",
        "join_url": "https://meet.example/summer",
        "timezone": "UTC",
        "starts_at": _when(w, 9),
        "ends_at": _when(w, 17),
        "visibility": "public",
        "registration_mode": "open",
        "hashtag": "Summer26",
    }


EVENT_ONE_LINE = ("title", "slug", "venue_name", "join_url", "hashtag")
EVENT_MULTI_LINE = ("description", "venue_address")
EVENT_KEPT = ("title", "venue_name", "description", "venue_address")
PROFILE = {
    "headline": "Deputy head",
    "organisation": "Oakfield",
    "location": "Birmingham",
    "pitch": "Hello.",
    "interests": "curriculum, wellbeing",
    "offers": "",
    "needs": "",
    "website_url": "",
    "linkedin_url": "",
    "social_url": "",
    "contact_email": "ada@oakfield.example",
    "contact_phone": "+44 7700 900123",
}

FORMS = [
    Form(
        "registration.register_by_email",
        None,
        lambda w: "/e/the-event/register-by-email",
        lambda w: {"name": "New Visitor", "email": "visitor@school.example"},
        one_line=("name",),
    ),
    Form(
        "accounts.signup",
        None,
        lambda w: "/signup",
        lambda w: {"name": "New Person", "email": "new@school.example", "password": PASSWORD},
        one_line=("name",),
        kept=("name",),
    ),
    Form(
        "accounts.settings",
        "ada",
        lambda w: "/me/settings",
        lambda w: {"action": "name", "name-name": "Ada L"},
        one_line=("name-name",),
        kept=("name-name",),
    ),
    Form(
        "api_tokens.create",
        "ada",
        lambda w: "/me/tokens",
        lambda w: {"name": "CRM sync"},
        one_line=("name",),
        kept=("name",),
    ),
    Form(
        "badges.code",
        "ben",
        lambda w: "/e/the-event/badge-code",
        lambda w: {"code": "ABCD-EFGH"},
        one_line=("code",),
    ),
    Form(
        "badges.door",
        "organiser",
        lambda w: "/organise/e/the-event/door",
        lambda w: {"code": "ABCD-EFGH"},
        one_line=("code",),
    ),
    Form(
        "connections.note",
        "ben",
        lambda w: f"/me/contacts/{w.connection_id}/note",
        lambda w: {"note": "Met at coffee."},
        multi_line=("note",),
        kept=("note",),
        refusal="flash",
    ),
    Form(
        "events.create",
        "organiser",
        lambda w: "/organise/n/heads/events/new",
        _event_data,
        one_line=EVENT_ONE_LINE,
        multi_line=EVENT_MULTI_LINE,
        kept=EVENT_KEPT,
    ),
    Form(
        "events.edit",
        "organiser",
        lambda w: "/organise/e/the-event/edit",
        lambda w: {**_event_data(w), "slug": "the-event"},
        one_line=EVENT_ONE_LINE,
        multi_line=EVENT_MULTI_LINE,
        kept=EVENT_KEPT,
    ),
    Form(
        "events.agenda",
        "organiser",
        lambda w: "/organise/e/the-event/agenda",
        lambda w: {
            "title": "Workshop",
            "starts_at": _when(w, 13),
            "ends_at": _when(w, 14),
            "room": "Room 2",
            "speaker": "Olu",
        },
        one_line=("title", "room", "speaker"),
        kept=("title", "room", "speaker"),
    ),
    Form(
        "registration.questions",
        "organiser",
        lambda w: "/organise/e/the-event/questions",
        lambda w: {"prompt": "Dietary needs?", "kind": "choice", "choices": "Vegan\nNone"},
        one_line=("prompt",),
        multi_line=("choices",),
        kept=("prompt", "choices"),
    ),
    Form(
        "registration.edit_question",
        "organiser",
        lambda w: f"/organise/e/the-event/questions/{w.question_id}",
        lambda w: {"prompt": "Dietary needs?", "kind": "choice", "choices": "Vegan\nNone"},
        one_line=("prompt",),
        multi_line=("choices",),
        kept=("prompt", "choices"),
    ),
    Form(
        "events.cancel",
        "organiser",
        lambda w: "/organise/e/the-event/cancel",
        lambda w: {"message": "Sorry."},
        multi_line=("message",),
        kept=("message",),
    ),
    Form(
        "meetings.settings",
        "organiser",
        lambda w: "/organise/e/the-event/meetings",
        lambda w: {
            "enabled": "y",
            "windows": "12:00-14:00",
            "slot_minutes": "15",
            "place_names": "Table A\nTable B",
            "video_link_pattern": "https://meet.jit.si/spring-{random}",
        },
        one_line=("video_link_pattern",),
        multi_line=("windows", "place_names"),
        kept=("place_names",),
    ),
    Form(
        "meetings.request_meeting",
        "ada",
        lambda w: f"/e/the-event/meetings/request/{w.ben.id}",
        lambda w: {"slot": w.ada_to_ben_slot, "message": "Coffee?"},
        multi_line=("message",),
        kept=("message",),
    ),
    *(
        Form(
            f"meetings.{action}",
            "ben" if action == "cancel" else "ada",
            lambda w, action=action: f"/me/meetings/{w.meeting_id}/{action}",
            lambda w: {"reply": "See you."},
            multi_line=("reply",),
            kept=("reply",),
            refusal="flash",
        )
        for action in ("accept", "decline", "cancel")
    ),
    Form(
        "networks.create",
        "organiser",
        lambda w: "/networks/new",
        lambda w: {"name": "New Network", "slug": "", "description": "About us."},
        one_line=("name", "slug"),
        multi_line=("description",),
        kept=("name", "description"),
    ),
    Form(
        "networks.settings",
        "organiser",
        lambda w: "/organise/n/heads/settings",
        lambda w: {"settings-name": "Heads", "settings-description": "About us."},
        one_line=("settings-name",),
        multi_line=("settings-description",),
        kept=("settings-name", "settings-description"),
    ),
    Form(
        "networks.request_to_join",
        "cy",
        lambda w: f"/n/club/request/{w.club.request_code}",
        lambda w: {"message": "I lead a school."},
        multi_line=("message",),
        kept=("message",),
    ),
    Form(
        "networks.invite",
        "organiser",
        lambda w: "/organise/n/heads/invite",
        lambda w: {"email": "dee@school.example", "role": "member"},
        one_line=("email",),
        own_message=("email",),
    ),
    Form(
        "registration.invite",
        "organiser",
        lambda w: "/organise/e/the-event/invite",
        lambda w: {"email": "dee@school.example"},
        one_line=("email",),
        own_message=("email",),
    ),
    Form(
        "notifications.new_message",
        "organiser",
        lambda w: "/organise/e/the-event/messages/new",
        lambda w: {
            "subject": "Parking",
            "body": "Park behind the hall.",
            "audience": Audience.CONFIRMED.value,
            "timing": Timing.NOW.value,
            "confirm": "1",  # past the "Send to N people?" step
        },
        one_line=("subject",),
        multi_line=("body",),
        kept=("subject", "body"),
    ),
    Form(
        "notifications.feedback",
        None,
        lambda w: f"/e/the-event/feedback/{feedback_token(w.event, w.ada)}",
        lambda w: {"rating": "4", "comment": "Useful."},
        multi_line=("comment",),
        kept=("comment",),
    ),
    Form(
        "profiles.edit",
        "ada",
        lambda w: "/me/profile",
        lambda w: dict(PROFILE),
        one_line=tuple(name for name in PROFILE if name != "pitch"),
        multi_line=("pitch",),
        kept=("headline", "organisation", "location", "interests", "pitch"),
        own_message=("website_url", "linkedin_url", "social_url", "contact_email", "contact_phone"),
    ),
]

# POST routes with no text a person types, or whose text is never stored or shown.
NO_TEXT = {
    "accounts.login": "an address and a password, only looked up",
    "accounts.email_sign_in": "an address, only looked up",
    "accounts.sign_in_code": "six digits, compared with a hash",
    "accounts.logout": "a button",
    "accounts.forgot_password": "an address, only looked up",
    "accounts.reset_password": "passwords: hashed, never shown",
    "accounts.delete": "a password and a tick box",
    "api_tokens.revoke": "a button",
    "badges.exchange": "a button",
    "badges.check_in": "a button",
    "badges.undo_check_in": "a button",
    "badges.kiosk_check_in": "a button (q, the search to return to, is only echoed escaped)",
    "badges.kiosk_undo": "a button (q, the search to return to, is only echoed escaped)",
    "badges.reissue_mine": "a button",
    "badges.reissue_for": "a button",
    "calendar.make_feed": "a button",
    "calendar.revoke_feed": "a button",
    "connections.act": "buttons",
    "events.publish": "a button",
    "events.delete": "a button",
    "events.duplicate": "a button",
    "events.delete_session": "a button",
    "networks.join": "a button",
    "networks.leave": "a button",
    "networks.invitation": "a button",
    "networks.remove_member": "a button",
    "networks.set_role": "a choice from a list (tests/networks/test_bad_input.py)",
    "networks.new_request_link": "a button",
    "networks.accent": "a choice from a list (tests/networks/test_accents.py)",
    "networks.decide": "buttons",
    "notifications.preferences_page": "tick boxes",
    "notifications.retry": "a button",
    "notifications.add_schedule": "a choice and two numbers",
    "notifications.remove_schedule": "a button",
    "notifications.cancel_message": "a button",
    "notifications.unsubscribe": "a button",
    "registration.register": "a choice from a list (tests/events/test_bad_input.py)",
    "registration.invitation": "a choice from a list (tests/events/test_bad_input.py)",
    "registration.cancel": "a button",
    "registration.change_mode": "a button (its mode, a hidden choice, is checked by the service)",
    "registration.act": "buttons",
    "registration.delete_question": "a button",
    "registration.move_question": "a button (its direction is checked by the service)",
}


def test_every_form_route_is_walked_or_has_no_text(app):
    posted = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.methods & {"POST", "PATCH", "PUT"} and not rule.endpoint.startswith("api.")
    }
    walked = {form.endpoint for form in FORMS}
    assert walked.isdisjoint(NO_TEXT)
    assert posted == walked | set(NO_TEXT), (
        "A form route is neither in FORMS nor in NO_TEXT: "
        f"{sorted(posted - walked - set(NO_TEXT))}; gone: {sorted(walked | set(NO_TEXT) - posted)}"
    )


def _actor(world: World, name: str | None):
    return getattr(world, name) if name else None


def _field_error(html: str, field_id: str) -> str:
    match = re.search(
        rf'<span class="field-error" id="{re.escape(field_id)}-error">(.*?)</span>', html, re.S
    )
    return match.group(1) if match else ""


def _says(html: str, message) -> bool:
    text = html.replace("&#39;", "'").replace("&#34;", '"')
    return bool(message.search(text)) if isinstance(message, re.Pattern) else message in text


def _assert_refused(client, form: Form, world: World, name: str, value: str, message: str):
    data = {**form.data(world), name: value}
    response = client.post(form.path(world), data=data)
    label = f"{form.endpoint} {name}={value[:30]!r}"
    if form.refusal == "flash":
        assert response.status_code == 302, label
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert _says(page, message), label
    else:
        assert 400 <= response.status_code < 500, (label, response.status_code)
        error = _field_error(response.get_data(as_text=True), name)
        assert error, f"{label}: no message next to the field"
        if name not in form.own_message:
            assert _says(error, message), (label, error)


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.endpoint)
def test_form_refuses_control_characters_and_huge_text_next_to_the_field(client, world, form):
    log_in(client, _actor(world, form.actor))
    # Once around all the attempts (a change cannot be undone by a later refusal): every
    # table read per attempt would make this test minutes longer.
    before = snapshot()
    for name in form.one_line:
        for value in NOT_ONE_LINE.values():
            _assert_refused(client, form, world, name, value, ONE_LINE_MESSAGE)
    for name in form.multi_line:
        for value in NOT_TEXT.values():
            _assert_refused(client, form, world, name, value, CONTROL_MESSAGE)
    for name in (*form.one_line, *form.multi_line):
        _assert_refused(client, form, world, name, HUGE, LENGTH_MESSAGE)
    assert snapshot() == before, f"a refused {form.endpoint} changed something"


# --- what shows the values: every page, feed, vCard, CSV and email -------------------------

ICAL_PROPERTIES = {
    "BEGIN", "END", "PRODID", "VERSION", "CALSCALE", "METHOD", "NAME", "X-WR-CALNAME",
    "X-WR-CALDESC", "X-WR-TIMEZONE", "REFRESH-INTERVAL", "X-PUBLISHED-TTL", "UID", "DTSTAMP",
    "CREATED", "LAST-MODIFIED", "SEQUENCE", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION",
    "LOCATION", "URL", "ORGANIZER", "ATTENDEE", "CATEGORIES", "STATUS", "TRANSP", "RELATED-TO",
    "TZID", "TZNAME", "TZOFFSETFROM", "TZOFFSETTO", "RRULE", "RDATE", "X-LIC-LOCATION",
    "ACTION", "TRIGGER",
}  # fmt: skip
VCARD_PROPERTIES = {
    "BEGIN", "END", "VERSION", "FN", "N", "ORG", "TITLE", "EMAIL", "TEL", "URL", "NOTE", "UID",
    "PHOTO", "KIND", "REV", "PRODID",
}  # fmt: skip
MAIL_HEADERS = {
    "from", "to", "subject", "message-id", "date", "mime-version", "content-type",
    "content-transfer-encoding", "list-unsubscribe", "list-unsubscribe-post", "reply-to",
    "auto-submitted", "precedence", "x-auto-response-suppress", "list-id", "in-reply-to",
    "references",
}  # fmt: skip


def _content_lines(text: str) -> list[str]:
    """RFC 5545/6350 lines, unfolded; a bare CR or LF also ends a line here, as it does in
    many parsers, so a value that smuggles one in shows up as a line of its own."""
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    return [line for line in re.split(r"\r\n|\r|\n", unfolded) if line]


def _property_names(text: str) -> set[str]:
    return {re.split(r"[;:]", line, maxsplit=1)[0].upper() for line in _content_lines(text)}


def check_calendar(url: str, body: bytes) -> None:
    text = body.decode()
    assert _property_names(text) <= ICAL_PROPERTIES, (url, _property_names(text) - ICAL_PROPERTIES)
    for component in icalendar.Calendar.from_ical(text).walk():
        assert "X-INJECTED" not in component, url


def check_vcard(url: str, body: bytes) -> None:
    text = body.decode()
    assert _property_names(text) <= VCARD_PROPERTIES, (
        url,
        _property_names(text) - VCARD_PROPERTIES,
    )
    cards = list(vobject.readComponents(text))
    assert len(cards) == text.count("BEGIN:VCARD"), url


def check_csv(url: str, body: bytes) -> None:
    for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))):
        for cell in row:
            assert safe_cell(cell) == cell or cell.startswith("'"), (url, cell)


def check_emails(mail_dir: Path) -> int:
    files = sorted(mail_dir.glob("*.eml"))
    for path in files:
        raw = path.read_bytes()
        message = message_from_bytes(raw, policy=policy.default)
        headers = {name.lower() for name in message}
        assert headers <= MAIL_HEADERS, (path.name, headers - MAIL_HEADERS)
        assert len(message.get_all("To")) == 1, path.name
        assert len(message["To"].addresses) == 1, path.name
        head = raw.split(b"\r\n\r\n", 1)[0]
        assert b"X-INJECTED" not in head, path.name
        assert b"\nBcc" not in head, path.name
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                check_calendar(path.name, part.get_content().encode())
            elif part.get_content_type() in ("text/vcard", "text/x-vcard"):
                check_vcard(path.name, part.get_content().encode())
    return len(files)


def _urls(app, world: World, user) -> list[tuple[str, dict]]:
    """Every GET address the app has, with its parameters filled from the world."""
    values = {
        "connection_id": world.connection_id,
        "meeting_id": world.meeting_id,
        "user_id": world.ben.id,
        "code": world.club.request_code,
        "question_id": world.question_id,
    }
    headers = {}
    if user is not None:
        headers = {"Authorization": f"Bearer {world.api_secrets[user.id]}"}
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        args = {}
        for name in rule.arguments:
            if name == "slug":
                args[name] = (
                    "heads" if rule.rule.startswith(("/n/", "/organise/n/")) else "the-event"
                )
            elif name == "secret" and user is not None:
                args[name] = world.feed_secrets[user.id]
            elif name == "registration_id":
                args[name] = world.registration_id
            elif name in values:
                args[name] = values[name]
        if set(args) != set(rule.arguments):
            continue  # a one-time token (invitations, sign-in links, reset links)
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **args)
        urls.append((url, headers if url.startswith("/api/") else {}))
    return urls


def sweep(app, client, world: World, user, mail_dir: Path) -> set[str]:
    """Fetch everything ``user`` can see and check each file format; then send an organiser
    message to everyone (so each name is in a To header) and check every email sent."""
    seen = set()
    for url, headers in _urls(app, world, user):
        response = client.get(url, headers=headers)
        assert response.status_code < 500, url
        kind = response.mimetype
        seen.add(kind)
        if response.status_code != 200:
            continue
        if kind == "text/calendar":
            check_calendar(url, response.data)
        elif kind == "text/vcard":
            check_vcard(url, response.data)
        elif kind == "text/csv":
            check_csv(url, response.data)
    db.session.refresh(world.event)
    if not world.event.is_cancelled:
        create_message(
            world.event,
            world.organiser,
            MessageData(
                subject=f"About {world.event.title}",
                body="See you there.",
                audience=Audience.CONFIRMED,
                timing=Timing.NOW,
            ),
        )
        db.session.commit()
    report = deliver_due()
    assert report.failed == report.retrying == 0
    assert check_emails(mail_dir) > 0
    return seen


def sweep_as_everyone(app, client, world: World) -> None:
    mail_dir = Path(app.config["EVENTNET_MAIL_DIR"])
    seen = set()
    for person in (world.organiser, world.ada, world.ben):
        log_in(client, person)
        seen |= sweep(app, client, world, person, mail_dir)
    assert {"text/calendar", "text/vcard", "text/csv", "application/pdf"} <= seen


@pytest.mark.parametrize("form", [f for f in FORMS if f.kept], ids=lambda f: f.endpoint)
def test_form_keeps_emoji_rtl_and_formulas_and_every_surface_shows_them_safely(
    app, client, world, form
):
    log_in(client, _actor(world, form.actor))
    data = form.data(world)
    for name in form.kept:
        if name in form.multi_line:
            data[name] = f"{ALL_KEPT}\n{INJECTION}"
        elif name in TAG_FIELDS:
            data[name] = ", ".join(KEPT.values())
        else:
            data[name] = ALL_KEPT
    response = client.post(form.path(world), data=data)
    page = response.get_data(as_text=True)
    assert response.status_code in (200, 302), (response.status_code, page[:3000])
    assert "field-error" not in page
    stored = list(_stored_strings())
    for value in KEPT.values():
        assert any(value in text for text in stored), f"{value!r} was not stored as typed"
    sweep_as_everyone(app, client, world)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _stored_strings():
    """Every text in the database, inside JSON columns too."""
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(table.select()):
            yield from _strings(tuple(row))


# --- the API: every body field ---------------------------------------------------------------


def _api_routes(world: World) -> dict[str, tuple[str, str, str]]:
    """Each body the API declares: which route takes it, and as whom."""
    return {
        "NEW_EVENT": ("POST", "/api/v1/events", "organiser"),
        "EVENT_CHANGES": ("PATCH", "/api/v1/events/the-event", "organiser"),
        "ME_CHANGES": ("PATCH", "/api/v1/me", "ada"),
        "PROFILE_CHANGES": ("PATCH", "/api/v1/me/profile", "ada"),
        "BADGE": ("POST", "/api/v1/events/the-event/check-in", "organiser"),
        "REGISTER": ("POST", "/api/v1/events/the-event/registration", "cy"),
        "MEETING_REQUEST": ("POST", "/api/v1/events/the-event/meetings", "ada"),
        "MEETING_REPLY": ("POST", f"/api/v1/me/meetings/{world.meeting_id}/accept", "ada"),
        "NOTE": ("PATCH", f"/api/v1/me/contacts/{world.connection_id}", "ben"),
    }


BODIES = {name: body for name, body in vars(api_fields).items() if isinstance(body, Body)}


def test_every_api_body_is_walked(world):
    assert set(BODIES) == set(_api_routes(world))


@pytest.mark.parametrize("body_name", sorted(BODIES))
def test_api_refuses_control_characters_in_every_text_field(client, world, body_name):
    method, path, actor = _api_routes(world)[body_name]
    headers = {"Authorization": f"Bearer {world.api_secrets[getattr(world, actor).id]}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200  # token marked used
    texts = {
        name: f for name, f in BODIES[body_name].fields.items() if f.kind in ("string", "tags")
    }
    before = snapshot()
    for name, f in texts.items():
        bad = NOT_TEXT if f.multiline else NOT_ONE_LINE
        for value in [*bad.values(), "\ud800"]:
            value = value[: f.max_length]  # short enough for the length check to pass
            sent = [value] if f.kind == "tags" else value
            response = client.open(path, method=method, json={name: sent}, headers=headers)
            assert response.status_code == 400, (body_name, name, repr(value))
            message = response.get_json()["error"]["fields"][name]
            assert message in (CONTROL_MESSAGE, ONE_LINE_MESSAGE), (body_name, name, message)
        if f.kind == "string":
            response = client.open(path, method=method, json={name: HUGE}, headers=headers)
            assert response.status_code == 400
            assert LENGTH_MESSAGE.search(response.get_json()["error"]["fields"][name])
    assert snapshot() == before, f"a refused {body_name} changed something"


def test_api_keeps_emoji_rtl_and_formulas_and_every_surface_shows_them_safely(app, client, world):
    def call(method, path, actor, body):
        headers = {"Authorization": f"Bearer {world.api_secrets[actor.id]}"}
        response = client.open(path, method=method, json=body, headers=headers)
        assert response.status_code in (200, 201), (path, response.get_json())

    value = ALL_KEPT
    call("PATCH", "/api/v1/me", world.ada, {"name": value})
    call(
        "PATCH",
        "/api/v1/me/profile",
        world.ada,
        {
            "headline": value,
            "organisation": value,
            "pitch": f"{value}\n{INJECTION}",
            "interests": list(KEPT.values()),
        },
    )
    call(
        "PATCH",
        "/api/v1/events/the-event",
        world.organiser,
        {"title": value, "venue_name": value, "description": INJECTION, "venue_address": INJECTION},
    )
    call("PATCH", f"/api/v1/me/contacts/{world.connection_id}", world.ben, {"note": INJECTION})
    stored = list(_stored_strings())
    for kept in KEPT.values():
        assert any(kept in text for text in stored), f"{kept!r} was not stored as typed"
    sweep_as_everyone(app, client, world)


# --- text stored before these checks, or assembled from several fields ---------------------


def test_an_old_title_with_a_line_break_still_gives_a_clean_ics_and_feed(client, world):
    """Rows written before one-line titles were enforced: escaped by icalendar, no 500."""
    db.session.execute(
        sa.text("UPDATE events SET title = :t WHERE slug = 'the-event'"),
        {"t": "Spring\r\nX-INJECTED:1\nBEGIN:VEVENT"},
    )
    db.session.commit()
    log_in(client, world.organiser)
    for url in (
        "/e/the-event.ics",
        "/n/heads/events.ics",
        f"/cal/{world.feed_secrets[world.organiser.id]}.ics",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        check_calendar(url, response.data)
    body = client.get("/e/the-event.ics").data
    assert b"\r\nX-WR-CALNAME:Spring\\nX-INJECTED:1\\nBEGIN:VEVENT\r\n" in body  # escaped
    summary = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]["SUMMARY"]
    assert summary == "Spring\nX-INJECTED:1\nBEGIN:VEVENT"


def test_an_old_name_with_a_line_break_still_gets_its_email_on_one_header_line(app, world):
    db.session.execute(
        sa.text("UPDATE users SET name = :n WHERE id = :id"),
        {"n": "Ada\r\nBcc: evil@attacker.example", "id": world.ada.id},
    )
    db.session.commit()
    db.session.expire_all()
    create_message(
        world.event,
        world.organiser,
        MessageData(subject="Hello", body="Hi.", audience=Audience.CONFIRMED, timing=Timing.NOW),
    )
    db.session.commit()
    report = deliver_due()
    assert report.failed == 0
    check_emails(Path(app.config["EVENTNET_MAIL_DIR"]))
    sent = [
        message_from_bytes(p.read_bytes(), policy=policy.default)
        for p in Path(app.config["EVENTNET_MAIL_DIR"]).glob("*.eml")
    ]
    to_ada = [m for m in sent if m["To"].addresses[0].addr_spec == world.ada.email]
    assert to_ada
    assert all(m["Bcc"] is None for m in sent)
    names = {m["To"].addresses[0].display_name for m in to_ada}
    assert "Ada Bcc: evil@attacker.example" in names  # the message went, on one header line


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("+44 7700 900123", "+44 7700 900123"),
        ("+1 (212) 555-0100", "+1 (212) 555-0100"),
        ("+33 1.23.45.67.89", "+33 1.23.45.67.89"),
        ("0121 496 0000", "0121 496 0000"),
        ("Ada Lovelace", "Ada Lovelace"),
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("-2+3", "'-2+3"),
        ("+1+1", "'+1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("+44 7700 900123=1", "'+44 7700 900123=1"),
        ("+12", "'+12"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\n=1", "'\n=1"),
        ("", ""),
    ],
)
def test_csv_cells_defuse_formulas_but_keep_phone_numbers_as_typed(typed, written):
    assert safe_cell(typed) == written
