"""One-step registration from the event page: name and address, then the emailed link or code."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import partial

import pytest
import sqlalchemy as sa
from flask_login import AnonymousUserMixin
from freezegun import freeze_time

from eventnet.accounts import sign_in
from eventnet.accounts.models import User
from eventnet.db import utcnow
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.registration import services
from eventnet.registration.models import (
    QuestionKind,
    Registration,
    RegistrationAnswer,
    RegistrationStatus,
)
from eventnet.registration.services.questions import QuestionData
from tests.bursts import together
from tests.factories import make_event, make_user, register
from tests.mailbox import outbox

VISITOR = AnonymousUserMixin()
LINK = re.compile(r"http://eventnet\.test(/login/link/\S+)")
CODE = re.compile(r"^(\d{6})$", re.M)
PENDING_EMAIL = RegistrationStatus.PENDING_EMAIL


def link_of(address: str) -> str:
    return LINK.search(outbox(address)[-1].text_body).group(1)


def code_of(address: str) -> str:
    return CODE.search(outbox(address)[-1].text_body).group(1)


def kinds(address: str) -> list[str]:
    """Which emails went to ``address``, by the first part of their dedupe key."""
    return [e.dedupe_key.split(":")[0] for e in outbox(address)]


def status_of(event, email: str) -> RegistrationStatus | None:
    db.session.expire_all()
    return db.session.scalar(
        sa.select(Registration.status)
        .join(Registration.user)
        .where(Registration.event_id == event.id, User.email == email)
    )


def visit_and_register(client, event, name: str, email: str, **extra):
    return client.post(
        f"/e/{event.slug}/register-by-email", data={"name": name, "email": email, **extra}
    )


# --- the service ---------------------------------------------------------------------------


def test_a_new_address_gets_a_passwordless_account_and_a_place_held_by_nothing(app):
    event = make_event(capacity_in_person=1)
    services.register_by_email(event, VISITOR, "Ada Lovelace", "Ada@StMarys.example")
    db.session.commit()
    user = db.session.scalar(sa.select(User).where(User.email == "ada@stmarys.example"))
    assert user.name == "Ada Lovelace"
    assert not user.has_password
    assert status_of(event, user.email) is PENDING_EMAIL
    assert services.figures(event).confirmed == 0
    (email,) = outbox(user.email)
    assert email.subject == f"Confirm your place: {event.title}"
    # Nobody pending holds the one place: a registered person gets it.
    assert register(event).status is RegistrationStatus.CONFIRMED


def test_using_the_link_confirms_and_emails_the_confirmation(app, client):
    event = make_event(capacity_in_person=5)
    services.register_by_email(
        event, VISITOR, "Grace", "grace@stmarys.example", next_path=f"/e/{event.slug}"
    )
    db.session.commit()
    opened = client.get(link_of("grace@stmarys.example"))
    assert opened.headers["Location"] == f"/e/{event.slug}"
    assert status_of(event, "grace@stmarys.example") is RegistrationStatus.CONFIRMED
    page = client.get(f"/e/{event.slug}").get_data(as_text=True)
    assert "You&#39;re going" in page or "You're going" in page
    assert "You are registered" in page
    assert kinds("grace@stmarys.example") == ["sign-in", "registration-confirmed"]


def test_an_existing_address_gets_the_same_email_and_keeps_its_name(app):
    person = make_user(name="Real Name", email="real@stmarys.example")
    event = make_event()
    services.register_by_email(event, VISITOR, "Someone Else", person.email)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(User, person.id).name == "Real Name"
    assert db.session.get(User, person.id).has_password
    assert kinds(person.email) == ["sign-in"]
    assert status_of(event, person.email) is PENDING_EMAIL


def test_an_attendee_registering_again_by_email_keeps_their_place(app, client):
    person = make_user(email="already@stmarys.example")
    event = make_event()
    register(event, person)
    services.register_by_email(event, VISITOR, "Anyone", person.email)
    db.session.commit()
    assert status_of(event, person.email) is RegistrationStatus.CONFIRMED
    client.get(link_of(person.email))
    assert status_of(event, person.email) is RegistrationStatus.CONFIRMED


def test_a_full_event_waitlists_in_the_order_people_registered(app, client):
    event = make_event(capacity_in_person=1)
    for name in ("first", "second", "third"):
        services.register_by_email(event, VISITOR, name, f"{name}@stmarys.example")
        db.session.commit()
    # The third uses their link first, then the second, then the first.
    for name in ("third", "second", "first"):
        app.test_client().get(link_of(f"{name}@stmarys.example"))
    assert status_of(event, "third@stmarys.example") is RegistrationStatus.CONFIRMED
    waitlist = db.session.scalars(
        sa.select(Registration)
        .where(Registration.status == RegistrationStatus.WAITLISTED)
        .order_by(Registration.registered_at)
    ).all()
    assert [r.user.name for r in waitlist] == ["first", "second"]
    assert [services.waitlist_position(r) for r in waitlist] == [1, 2]


def test_an_approval_event_makes_a_request_once_the_link_is_used(app, client):
    event = make_event(registration_mode="approval")
    services.register_by_email(event, VISITOR, "Asker", "asker@stmarys.example")
    db.session.commit()
    client.get(link_of("asker@stmarys.example"))
    assert status_of(event, "asker@stmarys.example") is RegistrationStatus.PENDING


def test_an_unused_registration_after_fifteen_minutes_confirms_nothing(app, client):
    event = make_event(capacity_in_person=1)
    with freeze_time(utcnow() - timedelta(minutes=16)):
        services.register_by_email(event, VISITOR, "Slow", "slow@stmarys.example")
        db.session.commit()
    old_link = link_of("slow@stmarys.example")
    assert client.get(old_link).status_code == 400
    # A fresh sign-in later does not revive the old registration either.
    client.post("/login/email", data={"email": "slow@stmarys.example"})
    client.get(link_of("slow@stmarys.example"))
    assert status_of(event, "slow@stmarys.example") is PENDING_EMAIL
    assert services.figures(event).confirmed == 0
    assert services.registrations_for_organisers(event) == []


def test_invite_only_events_refuse_one_step_registration(app, client):
    event = make_event(registration_mode="invite")
    answer = visit_and_register(client, event, "Gate", "gate@stmarys.example")
    assert answer.status_code == 400
    assert "by invitation only" in answer.get_data(as_text=True)
    assert outbox("gate@stmarys.example") == []


# --- the page ------------------------------------------------------------------------------


def test_the_visitor_form_leads_to_check_your_email_whatever_the_address(app, client):
    known = make_user(email="known@stmarys.example")
    event = make_event(format="hybrid", capacity_in_person=3, capacity_online=3)
    page = client.get(f"/e/{event.slug}").get_data(as_text=True)
    for name in ("name", "email", "mode"):
        assert f'name="{name}"' in page
    answers = [
        visit_and_register(app.test_client(), event, "X", address, mode="online")
        for address in (known.email, "stranger@stmarys.example")
    ]
    assert [a.status_code for a in answers] == [302, 302]
    assert {a.headers["Location"] for a in answers} == {"/login/code"}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "email": "a@stmarys.example"}, "name", "Enter your name."),
        ({"name": "A", "email": ""}, "email", "Enter your email address."),
        ({"name": "A", "email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"name": "A" * 121, "email": "a@stmarys.example"}, "name", "at most 120"),
        ({"name": "A\nB", "email": "a@stmarys.example"}, "name", ""),
        ({"name": "A", "email": "a@stmarys.example", "mode": "teleport"}, "mode", "in person"),
        ({"name": "A", "email": "x" * 250 + "@s.example"}, "email", "254"),
    ],
)
def test_bad_visitor_input_is_refused_clearly_and_changes_nothing(
    app, client, data, field, message
):
    event = make_event(format="hybrid", capacity_in_person=3, capacity_online=3)
    answer = visit_and_register(client, event, **data)
    assert answer.status_code == 400
    assert message in answer.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1  # the organiser
    assert "sign-in" not in [e.dedupe_key.split(":")[0] for e in outbox()]


def test_a_logged_in_person_posting_the_visitor_form_is_sent_back(app, client, login_as):
    person = login_as(make_user())
    event = make_event()
    answer = visit_and_register(client, event, "X", person.email)
    assert answer.status_code == 302
    assert services.registrations_for_organisers(event) == []


def test_the_code_typed_in_the_asking_browser_confirms(app, client):
    event = make_event()
    visit_and_register(client, event, "Coder", "coder@stmarys.example")
    answer = client.post("/login/code", data={"code": code_of("coder@stmarys.example")})
    assert answer.headers["Location"] == f"/e/{event.slug}"
    assert status_of(event, "coder@stmarys.example") is RegistrationStatus.CONFIRMED


def test_a_link_used_twice_confirms_once_and_says_so(app, client):
    event = make_event()
    visit_and_register(client, event, "Twice", "twice@stmarys.example")
    link = link_of("twice@stmarys.example")
    assert app.test_client().get(link).status_code == 302
    again = app.test_client().get(link)
    assert again.status_code == 400
    assert sign_in.USED_LINK in again.get_data(as_text=True)
    assert kinds("twice@stmarys.example").count("registration-confirmed") == 1


# --- many at once --------------------------------------------------------------------------

PEOPLE = 50
PLACES = 10


def test_fifty_one_step_registrations_for_ten_places_confirm_ten_in_registration_order(app):
    event_id = make_event(capacity_in_person=PLACES).id
    db.session.remove()
    addresses = [f"head{n:02d}@school{n}.example" for n in range(PEOPLE)]

    def press_register(address: str) -> None:
        event = db.session.get(Event, event_id)
        services.register_by_email(event, VISITOR, address.split("@")[0], address, next_path="/")
        db.session.commit()

    together(app, [partial(press_register, a) for a in addresses])

    rows = db.session.execute(
        sa.select(Registration.status, User.email)
        .join(Registration.user)
        .where(Registration.event_id == event_id)
        .order_by(Registration.registered_at, Registration.id)
    ).all()
    assert len(rows) == PEOPLE
    assert {status for status, _ in rows} == {PENDING_EMAIL}
    order = [email for _, email in rows]

    # Each opens their link, in the order they registered, each in their own browser.
    for email in order:
        assert app.test_client().get(link_of(email)).status_code == 302

    statuses = [status_of(db.session.get(Event, event_id), email) for email in order]
    assert statuses == [RegistrationStatus.CONFIRMED] * PLACES + [RegistrationStatus.WAITLISTED] * (
        PEOPLE - PLACES
    )


def test_fifty_links_used_at_once_never_confirm_more_than_ten(app):
    event = make_event(capacity_in_person=PLACES)
    event_id = event.id
    addresses = [f"rush{n:02d}@school{n}.example" for n in range(PEOPLE)]
    for address in addresses:
        services.register_by_email(event, VISITOR, "Rush", address, next_path="/")
    db.session.commit()
    links = [link_of(a) for a in addresses]
    db.session.remove()

    def open_link(link: str) -> int:
        return app.test_client().get(link).status_code

    answers = together(app, [partial(open_link, link) for link in links])
    assert sorted(answers) == [302] * PEOPLE
    rows = db.session.execute(
        sa.select(Registration.status, Registration.registered_at)
        .where(Registration.event_id == event_id)
        .order_by(Registration.registered_at, Registration.id)
    ).all()
    statuses = [s for s, _ in rows]
    assert statuses.count(RegistrationStatus.CONFIRMED) == PLACES
    assert statuses.count(RegistrationStatus.WAITLISTED) == PEOPLE - PLACES
    waitlist = db.session.scalars(
        sa.select(Registration)
        .where(Registration.status == RegistrationStatus.WAITLISTED)
        .order_by(Registration.registered_at, Registration.id)
    ).all()
    # The waitlist is served in the order people registered, not the order links were used.
    assert [services.waitlist_position(r) for r in waitlist] == list(range(1, PEOPLE - PLACES + 1))


# --- the organisers' questions ---------------------------------------------------------------


def test_a_visitor_answers_the_questions_and_a_missing_required_answer_changes_nothing(app, client):
    event = make_event(capacity_in_person=5)
    diet = services.add_question(event, QuestionData("Dietary needs", QuestionKind.TEXT))
    session = services.add_question(
        event,
        QuestionData("Which session?", QuestionKind.CHOICE, ["Wellbeing", "SEND"], required=True),
    )
    db.session.commit()
    page = client.get(f"/e/{event.slug}").get_data(as_text=True)
    visitor_form = page.split("register-by-email")[1].split("</form>")[0]
    assert "Dietary needs" in visitor_form
    assert "Which session?" in visitor_form

    refused = visit_and_register(
        client, event, "Ada Lovelace", "ada@stmarys.example", **{diet.field_name: "Vegan"}
    )
    assert refused.status_code == 400
    assert "field-error" in refused.get_data(as_text=True)
    assert 'value="Vegan"' in refused.get_data(as_text=True)  # kept as typed
    assert db.session.scalar(sa.select(User).where(User.email == "ada@stmarys.example")) is None
    assert outbox("ada@stmarys.example") == []

    answered = visit_and_register(
        client,
        event,
        "Ada Lovelace",
        "ada@stmarys.example",
        **{diet.field_name: "Vegan", session.field_name: "SEND"},
    )
    assert answered.status_code == 302
    assert status_of(event, "ada@stmarys.example") is PENDING_EMAIL
    stored = dict(
        db.session.execute(
            sa.select(RegistrationAnswer.question_id, RegistrationAnswer.value)
        ).all()
    )
    assert stored == {diet.id: "Vegan", session.id: "SEND"}
