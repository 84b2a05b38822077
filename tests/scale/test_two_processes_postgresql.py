"""Two app processes and two mail workers on one PostgreSQL with Redis (issue 14): every
guarantee holds across processes — no overbooking, no double booking, no repeated email,
one login limit.

Runs with ``make test-postgres`` (every name here says "postgresql"); skipped when
EVENTNET_TEST_POSTGRES_URL is not set, as in ``make test`` on SQLite.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa

from eventnet.api.services import create_token
from eventnet.extensions import db
from eventnet.mail.models import Email, EmailStatus
from eventnet.meetings.models import Meeting, MeetingBooking, MeetingStatus
from eventnet.registration.models import Registration, RegistrationStatus
from tests.bursts import together
from tests.conftest import POSTGRES_URL
from tests.factories import make_event, make_user
from tests.meetings.conftest import ask, attendee, meeting_event, slot
from tests.scale.deployment import Deployment, deployment

# Under `make test-postgres` (pytest -n auto) each pytest worker that picks up a test here
# starts its own deployment (its own database and Redis database): slower, never shared.
# (xdist's --dist loadgroup would keep them together, but xdist 3.8 ignores xdist_group
# marks under pytest 9.)
pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="EVENTNET_TEST_POSTGRES_URL is not set")

DELIVERY_SECONDS = 60
# After the last message arrives, this long (several passes of each worker) for a repeat.
SETTLE_SECONDS = 1.5
# eventnet/config.py: EVENTNET_LOGIN_LIMITS defaults to "10 per minute;50 per hour".
FAILED_LOGINS_PER_MINUTE = 10


@pytest.fixture(scope="module")
def scale(tmp_path_factory):
    with deployment(POSTGRES_URL, tmp_path_factory.mktemp("scale")) as running:
        yield running


@pytest.fixture
def shared(scale: Deployment):
    """An app context on the deployment's database, for seeding and reading it."""
    with scale.app.app_context():
        yield scale
        db.session.remove()


def token(user) -> str:
    _, secret = create_token(user, "Scale test")
    db.session.commit()
    return secret


def emails_about_registrations(user_ids: list[int]) -> list[Email]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(Email)
            .where(Email.user_id.in_(user_ids), Email.dedupe_key.like("registration-%"))
            .order_by(Email.id)
        )
    )


def assert_delivered_once(scale: Deployment, emails: list[Email]) -> None:
    """Each of these messages reaches the SMTP server exactly once, whichever worker sent it."""
    wanted = {e.message_id for e in emails}
    deadline = time.monotonic() + DELIVERY_SECONDS
    while not wanted <= set(scale.smtp.message_ids()):
        scale.check_running()
        assert time.monotonic() < deadline, "the workers did not deliver every message in time"
        time.sleep(0.1)
    time.sleep(SETTLE_SECONDS)
    received = Counter(m for m in scale.smtp.message_ids() if m in wanted)
    assert received == dict.fromkeys(wanted, 1)
    db.session.expire_all()
    for email in emails:
        db.session.refresh(email)
        assert (email.status, email.attempts) == (EmailStatus.SENT, 1), email


def test_thirty_registrations_through_two_processes_fill_five_places_postgresql(shared):
    event = make_event(capacity_in_person=5)
    people = [make_user() for _ in range(30)]
    tokens = [token(person) for person in people]
    path = f"/events/{event.slug}/registration"

    answers = together(
        shared.app,
        [
            lambda n=n, secret=secret: shared.api(n % 2, "POST", path, secret)
            for n, secret in enumerate(tokens)
        ],
    )

    assert [a.status for a in answers] == [201] * 30, [a.body[:200] for a in answers]
    assert Counter(a.json["status"] for a in answers) == {"confirmed": 5, "waitlisted": 25}
    db.session.expire_all()
    rows = db.session.scalars(sa.select(Registration).where(Registration.event_id == event.id))
    statuses = Counter(r.status for r in rows)
    assert statuses == {RegistrationStatus.CONFIRMED: 5, RegistrationStatus.WAITLISTED: 25}
    # One email each, saying what the answer said, each delivered once over SMTP.
    emails = emails_about_registrations([p.id for p in people])
    told = {a.json["id"]: f"registration-{a.json['status']}" for a in answers}
    emailed = {int(e.dedupe_key.split(":")[1]): e.dedupe_key.split(":")[0] for e in emails}
    assert len(emails) == 30
    assert emailed == told
    assert_delivered_once(shared, emails)


def test_twenty_identical_registrations_at_once_register_once_postgresql(shared):
    event = make_event(capacity_in_person=50)
    priya = make_user("Priya Shah")
    secret = token(priya)
    path = f"/events/{event.slug}/registration"

    answers = together(
        shared.app, [lambda n=n: shared.api(n % 2, "POST", path, secret) for n in range(20)]
    )

    assert sorted(a.status for a in answers) == [201] + [409] * 19, [a.body[:200] for a in answers]
    for answer in answers:
        if answer.status == 409:
            assert answer.json["error"]["message"] == "You are already registered for this event."
    db.session.expire_all()
    rows = db.session.scalars(sa.select(Registration).where(Registration.event_id == event.id))
    assert [(r.user_id, r.status) for r in rows] == [(priya.id, RegistrationStatus.CONFIRMED)]
    emails = emails_about_registrations([priya.id])
    assert [e.dedupe_key.split(":")[0] for e in emails] == ["registration-confirmed"]
    assert_delivered_once(shared, emails)


def test_two_requests_for_one_slot_accepted_through_two_processes_book_it_once_postgresql(
    shared,
):
    event = meeting_event(tables=4, windows="12:00-13:00")
    tom, priya, alex = (attendee(event, name) for name in ("Tom", "Priya", "Alex"))
    tom_token = token(tom)
    rounds = [(ask(event, priya, tom, n).id, ask(event, alex, tom, n).id) for n in range(3)]

    for n, meetings in enumerate(rounds):
        answers = together(
            shared.app,
            [
                lambda p=p, meeting_id=meeting_id: shared.api(
                    p, "POST", f"/me/meetings/{meeting_id}/accept", tom_token
                )
                for p, meeting_id in enumerate(meetings)
            ],
        )
        assert sorted(a.status for a in answers) == [200, 409], [a.body for a in answers]
        db.session.expire_all()
        statuses = db.session.scalars(
            sa.select(Meeting.status).where(Meeting.id.in_(meetings)).order_by(Meeting.id)
        ).all()
        assert sorted(s.value for s in statuses) == ["accepted", "declined"]
        bookings = db.session.scalars(
            sa.select(MeetingBooking.resource).where(
                MeetingBooking.event_id == event.id, MeetingBooking.starts_at == slot(event, n)
            )
        ).all()
        # Tom once, his one partner once, one table.
        assert len(bookings) == 3
        assert bookings.count(f"user:{tom.id}") == 1
    accepted = db.session.scalars(
        sa.select(Meeting).where(
            Meeting.event_id == event.id, Meeting.status == MeetingStatus.ACCEPTED
        )
    ).all()
    assert len(accepted) == 3


def test_failed_logins_are_counted_once_across_both_processes_postgresql(shared):
    person = make_user()
    # A session and its CSRF token from one process are good in the other: one secret key.
    page = shared.request(0, "GET", "/login")
    assert page.status == 200
    (csrf,) = re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', page.body)
    session = page.cookies["session"]
    form = urlencode({"email": person.email, "password": "not the password", "csrf_token": csrf})

    statuses = [
        shared.request(
            n % 2,
            "POST",
            "/login",
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": session},
        ).status
        for n in range(FAILED_LOGINS_PER_MINUTE + 2)
    ]

    # Alternating between the processes: each alone would still allow half of these.
    assert statuses == [401] * FAILED_LOGINS_PER_MINUTE + [429, 429]
