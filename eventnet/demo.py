"""Demo data for `flask seed-demo`: school leaders and their networks. Idempotent."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import sqlalchemy as sa
from PIL import Image, ImageDraw

from eventnet.accounts.models import User
from eventnet.accounts.services import create_user, find_by_email
from eventnet.accounts.sign_in import passwordless_user
from eventnet.connections.demo import seed_connections
from eventnet.db import utcnow
from eventnet.events import services as events
from eventnet.events.models import Event, EventFormat, EventVisibility, RegistrationMode
from eventnet.extensions import db
from eventnet.meetings.demo import seed_meetings
from eventnet.networks.accents import DEFAULT, PALETTE
from eventnet.networks.models import Membership, Network, Role, Visibility
from eventnet.notifications.demo import seed_due_emails
from eventnet.profiles.demo import seed_cards
from eventnet.registration import services as registration
from eventnet.registration.models import (
    AttendanceMode,
    QuestionKind,
    Registration,
    RegistrationStatus,
)

DEMO_PASSWORD = "demo-password"  # noqa: S105 - documented in the README, demo data only

PEOPLE = [
    ("admin@eventnet.example", "Site Admin", True),
    ("priya.shah@oakfield.example", "Priya Shah", False),
    ("tom.okafor@riverside-trust.example", "Tom Okafor", False),
    ("helen.marsh@stmarys.example", "Helen Marsh", False),
    ("david.chen@northgate.example", "David Chen", False),
    ("amara.jones@hillcrest.example", "Amara Jones", False),
    ("sean.murphy@brookvale.example", "Seán Murphy", False),
]

# Someone who registered from an event page and never chose a password: they sign in with
# "Email me a sign-in link" on /login (the link and code arrive in the outbox).
PASSWORDLESS = ("niamh.kelly@ashgrove.example", "Niamh Kelly")

NETWORKS = [
    {
        "slug": "midlands-heads",
        "name": "Midlands Heads Network",
        "description": "Headteachers and system leaders across the Midlands meeting each term "
        "to share what works: curriculum, wellbeing, recruitment and school improvement.",
        "visibility": Visibility.PUBLIC,
        "members": {
            "priya.shah@oakfield.example": Role.OWNER,
            "tom.okafor@riverside-trust.example": Role.ORGANISER,
            "helen.marsh@stmarys.example": Role.MEMBER,
            "david.chen@northgate.example": Role.MEMBER,
            "amara.jones@hillcrest.example": Role.MEMBER,
        },
    },
    {
        "slug": "new-heads-circle",
        "name": "New Heads Peer Circle",
        "description": "A private peer-support group for headteachers in their first three "
        "years. What is said in the circle stays in the circle.",
        "visibility": Visibility.PRIVATE,
        "members": {
            "helen.marsh@stmarys.example": Role.OWNER,
            "amara.jones@hillcrest.example": Role.MEMBER,
            "sean.murphy@brookvale.example": Role.MEMBER,
        },
    },
]


def _person(email: str, name: str, admin: bool) -> User:
    user = find_by_email(email)
    if user is None:
        user = create_user(email, name, DEMO_PASSWORD, is_admin=admin)
    return user


def seed() -> str:
    people = {email: _person(email, name, admin) for email, name, admin in PEOPLE}
    passwordless_user(*PASSWORDLESS)
    created = 0
    for spec in NETWORKS:
        network = db.session.scalar(sa.select(Network).where(Network.slug == spec["slug"]))
        if network is None:
            network = Network(
                slug=spec["slug"],
                name=spec["name"],
                description=spec["description"],
                visibility=spec["visibility"],
            )
            db.session.add(network)
            created += 1
        for email, role in spec["members"].items():
            user = people[email]
            exists = (
                db.session.scalar(
                    sa.select(Membership.id).where(
                        Membership.network_id == network.id, Membership.user_id == user.id
                    )
                )
                if network.id
                else None
            )
            if exists is None:
                db.session.add(Membership(network=network, user=user, role=role))
        db.session.flush()
    new_events = _seed_events(people)
    new_cards = seed_cards(people)
    new_connections = seed_connections(people)
    new_meetings = seed_meetings(people)
    # Last, so the emails see every connection and meeting: a tick right after delivers them.
    seed_due_emails([spec["slug"] for spec in EVENTS])
    return (
        f"demo data ready: {len(people)} people, {len(NETWORKS)} networks "
        f"({created} new), {len(EVENTS)} events ({new_events} new), "
        f"{new_cards} new pitch cards; "
        f"{new_connections} new connections; "
        f"{new_meetings} new meetings; "
        f"every demo password is {DEMO_PASSWORD!r}; "
        f"{PASSWORDLESS[0]} has none and signs in by emailed link"
    )


# Events around the day the demo is loaded: (days from today, start hour, hours long).
EVENTS = [
    {
        "slug": "spring-term-meet-up",
        "network": "midlands-heads",
        "when": (-21, 16, 2),
        "title": "Spring term meet-up: recruitment and retention",
        "description": "Three heads share what kept their staff last year, then we swap notes "
        "in small groups.\n\n- **16:00** Welcome and coffee\n- **16:20** Three short talks\n"
        "- **17:15** Round tables",
        "format": "in_person",
        "venue_name": "Oakfield Academy",
        "venue_address": "1 School Lane, Birmingham B15 2TT",
        "capacity_in_person": 40,
        "hashtag": "MHNspring",
        "attendees": {
            "helen.marsh@stmarys.example": "checked_in",
            "david.chen@northgate.example": "checked_in",
            "amara.jones@hillcrest.example": "confirmed",
        },
    },
    {
        "slug": "summer-leadership-conference",
        "network": "midlands-heads",
        "when": (21, 9, 7),
        "title": "Summer leadership conference",
        "description": "A day on **school improvement across trusts**: keynotes in the hall, "
        "streamed for those who join online, and 1:1 networking over lunch.",
        "format": "hybrid",
        "venue_name": "Riverside Conference Centre",
        "venue_address": "Canal Street, Nottingham NG1 7EH",
        "join_url": "https://meet.example/mhn-summer-conference",
        "capacity_in_person": 3,
        "capacity_online": 50,
        "hashtag": "MHN2026",
        "sessions": [
            (0, 1, "Welcome and keynote", "Hall", "Priya Shah"),
            (1, 3, "Workshops: curriculum and wellbeing", "Rooms 1–3", ""),
            (4, 6, "Trust partnerships panel", "Hall", "Tom Okafor"),
        ],
        "register": [
            ("helen.marsh@stmarys.example", "in_person"),
            ("david.chen@northgate.example", "in_person"),
            ("amara.jones@hillcrest.example", "in_person"),
            ("sean.murphy@brookvale.example", "in_person"),  # waitlisted
            ("tom.okafor@riverside-trust.example", "in_person"),  # waitlisted
            ("priya.shah@oakfield.example", "online"),
        ],
    },
    {
        "slug": "new-heads-circle-online",
        "network": "new-heads-circle",
        "when": (10, 19, 1),
        "title": "New heads' circle (online)",
        "description": "Our monthly hour together: one dilemma, three perspectives. "
        "What is said in the circle stays in the circle.",
        "format": "virtual",
        "join_url": "https://meet.example/new-heads-circle",
        "visibility": "members",
        "register": [
            ("amara.jones@hillcrest.example", None),
            ("sean.murphy@brookvale.example", None),
        ],
    },
    {
        "slug": "curriculum-roundtable",
        "network": "midlands-heads",
        "when": (14, 15, 2),
        "title": "Curriculum roundtable for deputies",
        "description": "A small group, so organisers approve each request.",
        "format": "in_person",
        "venue_name": "St Mary's Primary School",
        "venue_address": "Church Road, Leicester LE1 5AA",
        "capacity_in_person": 12,
        "registration_mode": "approval",
        "register": [
            ("david.chen@northgate.example", None),
            ("amara.jones@hillcrest.example", None),
        ],
    },
]


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = int(hex_colour.lstrip("#"), 16)
    return value >> 16, (value >> 8) & 0xFF, value & 0xFF


def demo_cover(network: Network, variant: int) -> bytes:
    """A cover drawn here, not downloaded: a diagonal wash from the network's accent to its
    soft tint, with a few pale circles placed by ``variant`` (so events differ)."""
    accent = PALETTE.get(network.accent) or PALETTE[DEFAULT]
    dark, light = _rgb(accent.hover), _rgb(accent.soft)
    width, height = 1600, 900
    # A 2 × 2 image stretched smoothly is a gradient with no per-pixel loop.
    corners = Image.new("RGB", (2, 2))
    corners.putdata([dark, _rgb(accent.accent), _rgb(accent.accent), light])
    image = corners.resize((width, height), Image.Resampling.BILINEAR)
    overlay = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for n in range(5):
        radius = 90 + ((variant * 37 + n * 53) % 5) * 45
        x = (variant * 311 + n * 367) % width
        y = (variant * 173 + n * 229) % height
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(255, 255, 255, 46))
    draw.rounded_rectangle((120, 640, 760, 700), radius=30, fill=(255, 255, 255, 70))
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _seed_events(people: dict[str, User]) -> int:
    """The issue-3 demo events; an event whose slug exists is left as it is."""

    zone = "Europe/London"
    today = utcnow().astimezone(events.times.zone(zone)).date()
    created = 0
    for spec in EVENTS:
        if db.session.scalar(sa.select(Event.id).where(Event.slug == spec["slug"])):
            continue
        network = db.session.scalar(sa.select(Network).where(Network.slug == spec["network"]))
        owner = next(m.user for m in network.memberships if m.role is Role.OWNER)
        days, hour, hours = spec["when"]
        start = datetime.combine(today + timedelta(days=days), datetime.min.time()).replace(
            hour=hour
        )
        event = events.create_event(
            network,
            owner,
            events.EventData(
                title=spec["title"],
                slug=spec["slug"],
                description=spec["description"],
                starts_at=start,
                ends_at=start + timedelta(hours=hours),
                timezone=zone,
                format=EventFormat(spec["format"]),
                venue_name=spec.get("venue_name", ""),
                venue_address=spec.get("venue_address", ""),
                join_url=spec.get("join_url", ""),
                capacity_in_person=spec.get("capacity_in_person"),
                capacity_online=spec.get("capacity_online"),
                visibility=EventVisibility(spec.get("visibility", "public")),
                registration_mode=RegistrationMode(spec.get("registration_mode", "open")),
                hashtag=spec.get("hashtag", ""),
            ),
            # Upcoming events have a cover; the past one is left plain.
            cover=demo_cover(network, created) if days >= 0 else None,
        )
        for begin, end, title, room, speaker in spec.get("sessions", []):
            events.add_session(
                event,
                events.SessionData(
                    title,
                    start + timedelta(hours=begin),
                    start + timedelta(hours=end),
                    room,
                    speaker,
                ),
            )
        events.publish(event)
        # The past event's people registered back then: rows, not the (closed) register().
        for email, state in spec.get("attendees", {}).items():
            db.session.add(
                Registration(
                    event=event,
                    user=people[email],
                    status=RegistrationStatus.CONFIRMED,
                    mode=AttendanceMode.IN_PERSON,
                    registered_at=event.starts_at - timedelta(days=14),
                    revision=1,
                    checked_in_at=event.starts_at + timedelta(minutes=5)
                    if state == "checked_in"
                    else None,
                )
            )
        asked = _ask_questions(event) if days >= 0 else []
        for n, (email, mode) in enumerate(spec.get("register", [])):
            answers = {q.id: answer for q, answer in zip(asked, DEMO_ANSWERS[n % 3], strict=True)}
            registration.register(event, people[email], mode, answers=answers)
        db.session.flush()
        created += 1
    return created


# What the upcoming events ask (both optional, so anyone can register in one go) and what
# the demo people answer, in turn (None: left blank).
DEMO_QUESTIONS = [
    ("Dietary needs", QuestionKind.TEXT, []),
    (
        "Which session interests you most?",
        QuestionKind.CHOICE,
        ["Keynotes and talks", "Workshops", "Networking and 1:1s"],
    ),
]
DEMO_ANSWERS = [
    ("Vegetarian", "Workshops"),
    (None, "Networking and 1:1s"),
    ("No nuts, please", "Keynotes and talks"),
]


def _ask_questions(event: Event) -> list:
    return [
        registration.add_question(event, registration.QuestionData(prompt, kind, choices))
        for prompt, kind, choices in DEMO_QUESTIONS
    ]
