"""The Python checks of ``events/access.py`` and ``registration/access.py`` agree with their SQL
twins on every viewer × event visibility × event status × network privacy, and both give the
truth table written out here (so a rule wrong in both twins alike still fails)."""

from __future__ import annotations

import itertools

import pytest
import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from eventnet.db import utcnow
from eventnet.events import access
from eventnet.events import services as events
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.networks.models import Role
from eventnet.registration.access import attendee_clause, is_attendee
from eventnet.registration.models import AttendanceMode, Registration, RegistrationStatus
from tests.factories import add_member, make_event, make_network, make_user

PRIVACIES = ("public", "private")
VISIBILITIES = ("public", "members", "unlisted")
STATUSES = ("draft", "published", "cancelled")
CELLS = list(itertools.product(PRIVACIES, VISIBILITIES, STATUSES))
VIEWERS = (
    "anonymous",
    "stranger",
    "member",
    "organiser",
    "owner",
    "admin",
    "organiser elsewhere",
    "attendee, not a member",
)

# --- the truth table, written independently of the code -------------------------------------

EVERYTHING = set(CELLS)
# What anyone may see: a published or cancelled event, neither members-only nor in a private
# network. Unlisted events open by link, so they are seen but not listed.
OPEN_TO_ALL = {("public", v, s) for v in ("public", "unlisted") for s in ("published", "cancelled")}
MEMBERS_SEE = {(p, v, s) for p, v, s in CELLS if s != "draft"}
SEEN = {
    "anonymous": OPEN_TO_ALL,
    "stranger": OPEN_TO_ALL,
    "member": MEMBERS_SEE,
    "organiser": EVERYTHING,
    "owner": EVERYTHING,
    "admin": EVERYTHING,
    "organiser elsewhere": OPEN_TO_ALL,
    "attendee, not a member": OPEN_TO_ALL,
}
LISTED = {
    "anonymous": {c for c in OPEN_TO_ALL if c[1] == "public"},
    "stranger": {c for c in OPEN_TO_ALL if c[1] == "public"},
    "member": {c for c in MEMBERS_SEE if c[1] != "unlisted"},
    "organiser": EVERYTHING,
    "owner": EVERYTHING,
    "admin": EVERYTHING,
    "organiser elsewhere": {c for c in OPEN_TO_ALL if c[1] == "public"},
    "attendee, not a member": {c for c in OPEN_TO_ALL if c[1] == "public"},
}


def _registration(event: Event, user, status=RegistrationStatus.CONFIRMED, checked_in=False):
    """A row as the registration services leave it (drafts and members-only events cannot be
    registered for by a non-member, yet a person may keep a place after leaving)."""
    registration = Registration(
        event=event,
        user=user,
        status=status,
        mode=AttendanceMode.IN_PERSON,
        checked_in_at=utcnow() if checked_in else None,
    )
    db.session.add(registration)
    return registration


@pytest.fixture
def world(app):
    """Two networks alike but for privacy, one event per cell, and a person of each role."""
    owner, organiser, member, attendee = (make_user() for _ in range(4))
    networks = {p: make_network(owner, private=p == "private") for p in PRIVACIES}
    for network in networks.values():
        add_member(network, organiser, Role.ORGANISER)
        add_member(network, member, Role.MEMBER)
    elsewhere = make_user()
    add_member(make_network(), elsewhere, Role.ORGANISER)
    cells = {}
    for privacy, visibility, status in CELLS:
        event = make_event(
            networks[privacy],
            title=f"{privacy} network, {visibility}, {status}",
            visibility=visibility,
            publish=status != "draft",
        )
        if status == "cancelled":
            events.cancel_event(event)
        _registration(event, attendee)
        cells[event.id] = (privacy, visibility, status)
    db.session.commit()
    viewers = {
        "anonymous": AnonymousUserMixin(),
        "stranger": make_user(),
        "member": member,
        "organiser": organiser,
        "owner": owner,
        "admin": make_user(admin=True),
        "organiser elsewhere": elsewhere,
        "attendee, not a member": attendee,
    }
    return cells, viewers, networks


def _sql_ids(clause) -> set[int]:
    return set(db.session.scalars(sa.select(Event.id).where(clause)))


def test_who_sees_an_event_python_and_sql_agree_with_the_table(world):
    cells, viewers, _ = world
    every_event = [db.session.get(Event, event_id) for event_id in cells]
    disagreements = []
    for name, user in viewers.items():
        sql_seen = _sql_ids(access.visible_events_clause(user))
        sql_listed = _sql_ids(access.listed_events_clause(user))
        for event in every_event:
            cell = cells[event.id]
            expected_seen, expected_listed = cell in SEEN[name], cell in LISTED[name]
            found = {
                "can_see_event": access.can_see_event(event, user),
                "visible_events_clause": event.id in sql_seen,
            }
            if set(found.values()) != {expected_seen}:
                disagreements.append((name, cell, "seen", expected_seen, found))
            found = {
                "is_listed_for": access.is_listed_for(event, user),
                "listed_events_clause": event.id in sql_listed,
            }
            if set(found.values()) != {expected_listed}:
                disagreements.append((name, cell, "listed", expected_listed, found))
    assert disagreements == []


def test_the_table_says_what_the_product_promises():
    """A few cells in words, so the table itself cannot drift into nonsense."""
    assert ("public", "public", "published") in LISTED["anonymous"]
    assert ("public", "unlisted", "published") in SEEN["stranger"] - LISTED["stranger"]
    assert ("public", "members", "published") not in SEEN["attendee, not a member"]
    assert ("private", "public", "published") not in SEEN["organiser elsewhere"]
    assert ("private", "members", "cancelled") in LISTED["member"]
    assert ("public", "public", "draft") not in SEEN["member"]
    assert ("private", "unlisted", "draft") in LISTED["owner"]
    assert len(SEEN["anonymous"]) == 4
    assert len(SEEN["member"]) == 12


def test_lists_and_pages_hold_what_the_rule_allows(world):
    """The surfaces that list events show exactly the listed cells (within their own
    filters): the API's list, the home page, the network page."""
    cells, viewers, networks = world
    for name, user in viewers.items():
        listed = {i for i, cell in cells.items() if cell in LISTED[name]}
        published = {i for i in listed if cells[i][2] == "published"}
        if name != "anonymous":
            api = {e.id for e in events.listed_events_for(user, limit=100)}
            assert api == listed, name
        if name in ("anonymous", "stranger"):
            assert {e.id for e in events.upcoming_public_events()} == published, name
        for privacy, network in networks.items():
            on_page = {e.id for e in events.upcoming_events_of(network, user)}
            expected = {
                i
                for i in published
                if cells[i][0] == privacy and cells[i][1] != "unlisted" and cells[i] in SEEN[name]
            }
            if privacy == "public" or name in ("member", "organiser", "owner", "admin"):
                assert on_page == expected, (name, privacy)


ATTENDEE_CASES = [
    (RegistrationStatus.CONFIRMED, False, True),
    (RegistrationStatus.CONFIRMED, True, True),
    (RegistrationStatus.WAITLISTED, False, False),
    (RegistrationStatus.PENDING, False, False),
    (RegistrationStatus.DECLINED, False, False),
    (RegistrationStatus.CANCELLED, False, False),
    (RegistrationStatus.CANCELLED, True, False),  # a place given up after the door
]


def test_who_counts_as_an_attendee_python_and_sql_agree(app):
    event = make_event()
    rows = {
        _registration(event, make_user(), status, checked_in): expected
        for status, checked_in, expected in ATTENDEE_CASES
    }
    db.session.commit()
    in_sql = set(db.session.scalars(sa.select(Registration.id).where(attendee_clause())))
    found = {
        (r.status.value, r.checked_in_at is not None): (is_attendee(r), r.id in in_sql)
        for r in rows
    }
    expected = {
        (r.status.value, r.checked_in_at is not None): (want, want) for r, want in rows.items()
    }
    assert found == expected
    assert is_attendee(None) is False
