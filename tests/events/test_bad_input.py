"""Nasty input through every event and registration form: a clear 4xx, never a 500, and
nothing half-written."""

import pytest
import sqlalchemy as sa

from eventnet.events.models import AgendaSession, Event
from eventnet.extensions import db
from eventnet.registration.models import EventInvitation, Registration
from tests.factories import make_event, make_network, make_user

NASTY = [
    "",
    "\x00",
    "\x00" * 10,
    "x" * 100_000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "💥" * 500,
    "\u202e",
    "2026-02-30T25:61",
    "-99999999999999999999",
]


@pytest.fixture
def event(app, login_as):
    owner = make_user()
    network = make_network(owner, slug="heads")
    event = make_event(network, slug="the-event", registration_mode="invite", format="hybrid")
    login_as(owner)
    return event


def counts():
    return [
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Event, AgendaSession, Registration, EventInvitation)
    ]


@pytest.mark.parametrize("nasty", NASTY)
def test_agenda_form_refuses_nasty_input_cleanly(client, event, nasty):
    before = counts()
    for field in ("title", "starts_at", "ends_at", "room", "speaker"):
        data = {"title": "Keynote", "starts_at": "", "ends_at": "", "room": "", "speaker": ""}
        data[field] = nasty
        response = client.post("/organise/e/the-event/agenda", data=data)
        assert response.status_code == 400, field
    assert counts() == before


@pytest.mark.parametrize("nasty", NASTY)
def test_invite_and_cancel_forms_refuse_nasty_input_cleanly(client, event, nasty):
    before = counts()
    response = client.post("/organise/e/the-event/invite", data={"email": nasty})
    assert response.status_code == 400
    assert counts() == before
    response = client.post("/organise/e/the-event/cancel", data={"message": nasty})
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        db.session.refresh(event)
        assert "\x00" not in event.cancellation_message


@pytest.mark.parametrize("nasty", NASTY)
def test_register_form_refuses_nasty_modes_cleanly(client, login_as, event, nasty):
    login_as(make_user())
    response = client.post("/e/the-event/register", data={"mode": nasty})
    assert response.status_code == 400
    response = client.post(f"/e/the-event/invitation/{nasty[:300] or 'x'}", data={"mode": nasty})
    assert response.status_code == 404
    assert counts()[2] == 0


@pytest.mark.parametrize(
    "url",
    [
        "/e/{nasty}",
        "/organise/e/{nasty}",
        "/organise/n/{nasty}/events",
        "/organise/e/the-event?q={nasty}&status={nasty}",
    ],
)
def test_nasty_addresses_are_a_404_or_a_page_never_a_500(client, event, url):
    for nasty in ("%00", "%27%22", "x" * 3000, "%F0%9F%92%A5", "..%2F..%2Fetc"):
        response = client.get(url.format(nasty=nasty))
        assert response.status_code in (200, 404), (url, nasty)
