"""The world `make bench-http` loads, built through eventnet's own services (as a person and
an organiser would make it), so the rows are the ones the app writes.

A public network of 100 upcoming published events: a conference of 2,000 confirmed
attendees, each with a pitch card (headline, organisation, interests, offers, needs) and a
badge; a "registration rush" event with room for everyone; 98 ordinary meet-ups. People:
the network's owner, the 2,000 attendees (the first ones also log in to scan badges and to
read the directory), and a pool of would-be registrants each holding an API token, so that
every measured registration POST registers somebody new. One attendee has a personal
calendar feed.

Passwords use argon2's cheapest profile (EVENTNET_CHEAP_PASSWORD_HASHING, as the tests do):
thousands of full-cost hashes would take minutes. The server is run without that setting.
"""

from __future__ import annotations

import random
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

ATTENDEES = 2_000
EVENTS = 100
PASSWORD = "bench-password"  # noqa: S105 - a throwaway database, made and read by the bench
ZONE = "Europe/London"
TAG_POOL = [
    "assessment", "wellbeing", "phonics", "recruitment", "retention", "curriculum", "SEND",
    "inclusion", "behaviour", "attendance", "governance", "Ofsted preparation", "maths mastery",
    "reading", "early years", "EAL", "safeguarding", "finance", "estates", "flexible working",
    "leadership coaching", "distributed leadership", "trust partnerships", "CPD", "oracy",
    "digital strategy", "parental engagement", "transition", "pupil premium", "workload",
]  # fmt: skip
ROLES = ["Headteacher", "Deputy head", "CEO", "Director of education", "SENCo", "Business lead"]
DESCRIPTION = (
    "A day on **school improvement across trusts**: keynotes in the hall, workshops in the "
    "rooms around it, and 1:1 networking over lunch.\n\n- **09:00** Welcome and coffee\n"
    "- **09:30** Keynote\n- **11:00** Workshops\n- **13:00** Lunch and 1:1s\n\n"
    "See [the venue's page](https://venue.example/riverside) for directions."
)


@dataclass
class World:
    """What the load needs to know about the seeded database (kept beside it as JSON)."""

    network: str
    conference: str
    rush_event: str
    other_event: str
    password: str
    # Attendees who log in: [0] reads the pages, all of them scan badges.
    scanner_emails: list[str] = field(default_factory=list)
    # Badges of attendees who never scan, so nobody scans their own badge.
    badge_tokens: list[str] = field(default_factory=list)
    # One API token per person not yet registered for the rush event.
    registrant_tokens: list[str] = field(default_factory=list)
    feed_secret: str = ""

    def to_json(self) -> dict:
        return asdict(self)


def _tags(rng: random.Random) -> list[str]:
    return rng.sample(TAG_POOL, rng.randint(3, 8))


def _event_data(title: str, slug: str, start: datetime, **extra):
    from eventnet.events import services as events
    from eventnet.events.models import EventFormat

    return events.EventData(
        title=title,
        slug=slug,
        description=DESCRIPTION,
        starts_at=start,
        ends_at=start + timedelta(hours=extra.pop("hours", 2)),
        timezone=ZONE,
        format=EventFormat.IN_PERSON,
        venue_name="Riverside Conference Centre",
        venue_address="Canal Street, Nottingham NG1 7EH",
        hashtag="Bench",
        **extra,
    )


def _events(network, owner) -> tuple:
    """The conference, the rush event and 98 meet-ups, all published and upcoming."""
    from eventnet.events import services as events

    today = datetime.now().date()  # noqa: DTZ005 - wall-clock dates in ZONE, as organisers type
    day = datetime.combine(today + timedelta(days=30), datetime.min.time())
    conference = events.create_event(
        network,
        owner,
        _event_data(
            "Summer leadership conference",
            "summer-conference",
            day.replace(hour=9),
            hours=8,
            capacity_in_person=ATTENDEES + 500,
        ),
    )
    events.add_session(
        conference,
        events.SessionData(
            "Welcome and keynote", day.replace(hour=9), day.replace(hour=10), "Hall", "Bench"
        ),
    )
    rush = events.create_event(
        network,
        owner,
        _event_data(
            "Registration rush",
            "registration-rush",
            day.replace(hour=14),
            capacity_in_person=100_000,
        ),
    )
    meetups = [
        events.create_event(
            network,
            owner,
            _event_data(
                f"Termly meet-up {n}",
                f"meet-up-{n}",
                datetime.combine(today + timedelta(days=2 + n * 3), datetime.min.time()).replace(
                    hour=16
                ),
            ),
        )
        for n in range(EVENTS - 2)
    ]
    for event in (conference, rush, *meetups):
        events.publish(event)
    return conference, rush, meetups


def _person(n: int, kind: str):
    from eventnet.accounts.services import create_user

    return create_user(f"{kind}{n:05}@bench.example", f"{kind.title()} {n:05}", PASSWORD)


def _attendee(n: int, conference, rng: random.Random):
    from eventnet.profiles import services as profiles
    from eventnet.registration import services as registration

    user = _person(n, "attendee")
    profiles.update_profile(
        user,
        profiles.ProfileData(
            headline=rng.choice(ROLES),
            organisation=f"School {n % 400:03} Academy Trust",
            location="Nottingham",
            pitch="Happy to talk about what worked for us, and to learn what worked for you.",
            interests=_tags(rng),
            offers=_tags(rng),
            needs=_tags(rng),
        ),
    )
    return registration.register(conference, user)


def seed(scanners: int, registrants: int, log=print) -> World:
    """Build the world in the app context's database (empty, migrated) and commit it."""
    from eventnet.api import services as api
    from eventnet.badges import services as badges
    from eventnet.calendar import services as calendar
    from eventnet.extensions import db
    from eventnet.networks import services as networks

    rng = random.Random(2026)
    started = time.perf_counter()
    owner = _person(0, "organiser")
    network = networks.create_network(
        owner, name="Bench Heads Network", slug="bench-heads", description="For the bench."
    )
    conference, rush, meetups = _events(network, owner)
    db.session.commit()
    attendees = []
    for n in range(ATTENDEES):
        attendees.append(_attendee(n, conference, rng))
        if n % 250 == 249:
            db.session.commit()
            log(f"  {n + 1} attendees ({time.perf_counter() - started:.0f} s)")
    badge_of = badges.ensure_badges(attendees)
    db.session.commit()
    log(f"  {len(badge_of)} badges ({time.perf_counter() - started:.0f} s)")
    world = World(
        network=network.slug,
        conference=conference.slug,
        rush_event=rush.slug,
        other_event=meetups[0].slug,
        password=PASSWORD,
        scanner_emails=[r.user.email for r in attendees[:scanners]],
        badge_tokens=[badge_of[r.id].token for r in attendees[scanners:]],
        feed_secret=calendar.make_feed_token(attendees[0].user).secret,
    )
    for n in range(registrants):
        _, secret = api.create_token(_person(n, "registrant"), "bench")
        world.registrant_tokens.append(secret)
        if n % 1000 == 999:
            db.session.commit()
            log(f"  {n + 1} registrants ({time.perf_counter() - started:.0f} s)")
    db.session.commit()
    log(f"seeded in {time.perf_counter() - started:.0f} s")
    return world
