"""Every organiser URL × every kind of user: only the event's organisers and site admins get in;
everyone else gets a 404 (or the login page), and refused requests change nothing."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventnet.events.models import AgendaSession, Event
from eventnet.extensions import db
from eventnet.mail.models import Email
from eventnet.networks.models import Role
from eventnet.registration.models import (
    EventInvitation,
    QuestionKind,
    Registration,
    RegistrationQuestion,
)
from eventnet.registration.services import QuestionData, add_question, approve, check_in
from tests.events.test_creating_and_editing import form as event_form
from tests.factories import add_member, make_event, make_network, make_user, register

GET_URLS = [
    "/organise/n/{network}/events",
    "/organise/n/{network}/events/new",
    "/organise/e/{event}",
    "/organise/e/{event}/edit",
    "/organise/e/{event}/agenda",
    "/organise/e/{event}/questions",
    "/organise/e/{event}/questions/{question}",
    "/organise/e/{event}/cancel",
    "/organise/e/{event}/attendees.csv",
    "/organise/e/{event}/poster.pdf",
]
# Each with data that works for the event's organisers, so a refusal is a real one.
POST_URLS = [
    ("/organise/n/{network}/events/new", event_form(title="Hijack")),
    (
        "/organise/e/{event}/edit",
        event_form(title="Hijacked", timezone="UTC", starts_at="{start}", ends_at="{event_end}"),
    ),
    (
        "/organise/e/{event}/agenda",
        {"title": "Hijack session", "starts_at": "{start}", "ends_at": "{end}"},
    ),
    ("/organise/e/{event}/agenda/{session}/delete", {}),
    ("/organise/e/{event}/questions", {"prompt": "Hijack question", "kind": "text"}),
    ("/organise/e/{event}/questions/{question}", {"prompt": "Hijacked", "kind": "text"}),
    ("/organise/e/{event}/questions/{second_question}/move", {"direction": "up"}),
    ("/organise/e/{event}/questions/{question}/delete", {}),
    ("/organise/e/{draft}/publish", {}),
    ("/organise/e/{event}/cancel", {"message": "Hijacked"}),
    ("/organise/e/{event}/duplicate", {}),
    ("/organise/e/{draft}/delete", {}),
    ("/organise/e/{invite_only}/invite", {"email": "stranger@example.org"}),
    ("/organise/e/{approval}/registrations/{pending}/approve", {}),
    ("/organise/e/{approval}/registrations/{pending}/decline", {}),
    ("/organise/e/{event}/registrations/{waitlisted}/promote", {}),
    ("/organise/e/{event}/registrations/{confirmed}/check-in", {}),
    ("/organise/e/{approval}/registrations/{checked_in}/undo-check-in", {}),
]
OUTSIDERS = ["anonymous", "member", "other_organiser"]
INSIDERS = ["event_organiser", "site_admin"]


@pytest.fixture
def world(app):
    owner = make_user("Owner")
    network = make_network(owner, slug="heads")
    member, other_owner = make_user("Member"), make_user("Other organiser")
    add_member(network, member, Role.MEMBER)
    make_network(other_owner, slug="elsewhere")
    draft = make_event(network, publish=False, slug="draft-event", capacity_in_person=1)
    event = make_event(network, slug="the-event", capacity_in_person=1)
    confirmed, waitlisted = register(event), register(event)
    approval = make_event(network, slug="approval-event", registration_mode="approval")
    pending = register(approval)
    checked_in = register(approval)
    approve(checked_in)
    check_in(checked_in, owner, anyway=True)
    make_event(network, slug="invite-event", registration_mode="invite")
    session = AgendaSession(
        event=event, title="Welcome", starts_at=event.starts_at, ends_at=event.ends_at
    )
    db.session.add(session)
    question = add_question(event, QuestionData("Dietary needs", QuestionKind.TEXT))
    second_question = add_question(event, QuestionData("Access needs", QuestionKind.TEXT))
    db.session.commit()
    return {
        "users": {
            "anonymous": None,
            "member": member,
            "other_organiser": other_owner,
            "event_organiser": owner,
            "site_admin": make_user("Admin", admin=True),
        },
        "ids": {
            "network": "heads",
            "event": "the-event",
            "draft": "draft-event",
            "approval": "approval-event",
            "invite_only": "invite-event",
            "start": f"{event.starts_at:%Y-%m-%dT%H:%M}",
            "end": f"{event.starts_at + timedelta(hours=1):%Y-%m-%dT%H:%M}",
            "event_end": f"{event.ends_at:%Y-%m-%dT%H:%M}",
            "session": session.id,
            "question": question.id,
            "second_question": second_question.id,
            "confirmed": confirmed.id,
            "waitlisted": waitlisted.id,
            "pending": pending.id,
            "checked_in": checked_in.id,
        },
        "draft": draft,
    }


def snapshot():
    """Everything an organiser action could change."""
    return (
        [
            (e.slug, e.title, e.status.value, e.capacity_in_person, e.cancellation_message)
            for e in db.session.scalars(sa.select(Event).order_by(Event.id))
        ],
        [
            (r.id, r.status.value, r.checked_in_at)
            for r in db.session.scalars(sa.select(Registration).order_by(Registration.id))
        ],
        db.session.scalar(sa.select(sa.func.count()).select_from(AgendaSession)),
        [
            (q.id, q.position, q.prompt)
            for q in db.session.scalars(
                sa.select(RegistrationQuestion).order_by(RegistrationQuestion.id)
            )
        ],
        db.session.scalar(sa.select(sa.func.count()).select_from(EventInvitation)),
        db.session.scalar(sa.select(sa.func.count()).select_from(Email)),
    )


def act_as(login_as, client, world, who):
    user = world["users"][who]
    if user is not None:
        login_as(user)


def url_for(template: str, world) -> str:
    return template.format(**world["ids"])


def filled(data: dict, world) -> dict:
    return {name: value.format(**world["ids"]) for name, value in data.items()}


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("template", GET_URLS)
def test_outsiders_cannot_open_organiser_pages(client, login_as, world, who, template):
    act_as(login_as, client, world, who)
    response = client.get(url_for(template, world))
    expected = 302 if who == "anonymous" else 404
    assert response.status_code == expected
    if who == "anonymous":
        assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize(("template", "data"), POST_URLS)
def test_outsiders_cannot_change_anything(client, login_as, world, who, template, data):
    act_as(login_as, client, world, who)
    before = snapshot()
    response = client.post(url_for(template, world), data=filled(data, world))
    assert response.status_code == (302 if who == "anonymous" else 404)
    assert snapshot() == before


@pytest.mark.parametrize("who", INSIDERS)
@pytest.mark.parametrize("template", GET_URLS)
def test_the_events_organisers_and_site_admins_open_organiser_pages(
    client, login_as, world, who, template
):
    act_as(login_as, client, world, who)
    assert client.get(url_for(template, world)).status_code == 200


@pytest.mark.parametrize("who", INSIDERS)
@pytest.mark.parametrize(("template", "data"), POST_URLS)
def test_the_events_organisers_and_site_admins_may_act(
    client, login_as, world, who, template, data
):
    """The same requests the outsiders made, each doing what it says: a redirect after
    success, with a flash that is not a refusal, and something changed."""
    act_as(login_as, client, world, who)
    before = snapshot()
    response = client.post(url_for(template, world), data=filled(data, world))
    assert response.status_code == 302, response.get_data(as_text=True)
    with client.session_transaction() as session:
        kinds = [kind for kind, _ in session.get("_flashes", [])]
    assert "success" in kinds
    assert "error" not in kinds
    assert snapshot() != before


@pytest.mark.parametrize("who", ["anonymous", "member", "other_organiser"])
def test_drafts_are_404_to_everyone_but_organisers(client, login_as, world, who):
    act_as(login_as, client, world, who)
    assert client.get("/e/draft-event").status_code == 404


def test_a_registration_of_another_event_is_404_even_to_an_organiser(client, login_as, world):
    other = make_event(make_network(slug="third"), capacity_in_person=5)
    stranger = register(other)
    login_as(world["users"]["event_organiser"])
    before = snapshot()
    response = client.post(f"/organise/e/the-event/registrations/{stranger.id}/check-in")
    assert response.status_code == 404
    assert snapshot() == before


def test_ids_beyond_the_integer_range_are_404_not_500(client, login_as, world):
    login_as(world["users"]["event_organiser"])
    response = client.post("/organise/e/the-event/registrations/99999999999999/check-in")
    assert response.status_code == 404
