"""Many people press "register" in the same second: capacity holds on SQLite and PostgreSQL."""

from functools import partial

import sqlalchemy as sa

from eventnet.accounts.models import User
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.mail.models import Email
from eventnet.registration import services
from eventnet.registration.models import Registration, RegistrationStatus
from tests.bursts import together
from tests.factories import make_event, make_user

PEOPLE = 60
PLACES = 10


def test_concurrent_registrations_never_exceed_capacity_and_queue_in_arrival_order(app):
    event_id = make_event(capacity_in_person=PLACES).id
    user_ids = [make_user().id for _ in range(PEOPLE)]
    db.session.remove()

    def press_register(user_id: int) -> None:
        # Each call is its own request: an app context, a session, a connection.
        services.register(db.session.get(Event, event_id), db.session.get(User, user_id))
        db.session.commit()

    together(app, [partial(press_register, uid) for uid in user_ids])

    rows = db.session.execute(
        sa.select(Registration.status, Registration.registered_at)
        .where(Registration.event_id == event_id)
        .order_by(Registration.id)
    ).all()
    statuses = [status for status, _ in rows]
    assert len(rows) == PEOPLE
    assert statuses.count(RegistrationStatus.CONFIRMED) == PLACES
    assert statuses.count(RegistrationStatus.WAITLISTED) == PEOPLE - PLACES
    # The lock serialises the requests: whoever got it first got a place, in that order.
    assert statuses == [RegistrationStatus.CONFIRMED] * PLACES + [RegistrationStatus.WAITLISTED] * (
        PEOPLE - PLACES
    )
    arrivals = [registered_at for _, registered_at in rows]
    assert arrivals == sorted(arrivals)
    waitlist = db.session.scalars(
        sa.select(Registration)
        .where(
            Registration.event_id == event_id, Registration.status == RegistrationStatus.WAITLISTED
        )
        .order_by(Registration.id)
    ).all()
    assert [services.waitlist_position(r) for r in waitlist] == list(range(1, PEOPLE - PLACES + 1))


def test_accepting_an_event_invitation_twenty_times_at_once_registers_once(app, client, login_as):
    import re

    from tests.bursts import burst, emails_queued, server_errors
    from tests.mailbox import outbox

    event = make_event(registration_mode="invite")
    organiser = event.network.memberships[0].user
    guest = make_user(email="helen.marsh@stmarys.example")
    services.invite(event, organiser, guest.email)
    db.session.commit()
    link = re.search(
        r"http://eventnet\.test(/e/\S+/invitation/\S+)", outbox(guest.email)[0].text_body
    )
    login_as(guest)
    emails = emails_queued()

    answers = burst(app, client, "POST", link.group(1))

    assert not server_errors(answers), server_errors(answers)
    (registration,) = db.session.scalars(
        sa.select(Registration).where(Registration.event_id == event.id)
    ).all()
    assert registration.user_id == guest.id
    assert registration.status is RegistrationStatus.CONFIRMED
    assert emails_queued() - emails == 1  # one confirmation
    assert sum(a.status == 302 for a in answers) == 1
    for answer in answers:
        if answer.status != 302:
            assert "You are already registered for this event." in answer.page


def test_twenty_identical_api_registrations_at_once_register_once_and_email_once(app):
    from eventnet.api.services import create_token
    from tests.bursts import burst, emails_queued, server_errors

    event = make_event(capacity_in_person=PLACES)
    _, secret = create_token(make_user(), "Phone app")
    db.session.commit()
    path = f"/api/v1/events/{event.slug}/registration"
    emails = emails_queued()

    answers = burst(app, None, "POST", path, json={}, headers={"Authorization": f"Bearer {secret}"})

    assert not server_errors(answers), server_errors(answers)
    assert sorted(a.status for a in answers) == [201] + [409] * 19
    (registration,) = db.session.scalars(
        sa.select(Registration).where(Registration.event_id == event.id)
    ).all()
    assert registration.status is RegistrationStatus.CONFIRMED
    assert emails_queued() - emails == 1


def test_twenty_people_registering_through_the_api_at_once_never_overbook(app):
    from eventnet.api.services import create_token

    places = 5
    event = make_event(capacity_in_person=places)
    event_id, path = event.id, f"/api/v1/events/{event.slug}/registration"
    secrets = [create_token(make_user(), "Phone app")[1] for _ in range(20)]
    db.session.commit()
    db.session.remove()

    def press_register(secret: str) -> int:
        headers = {"Authorization": f"Bearer {secret}"}
        return app.test_client().post(path, json={}, headers=headers).status_code

    statuses = together(app, [partial(press_register, s) for s in secrets])
    assert statuses == [201] * 20
    found = db.session.scalars(
        sa.select(Registration.status).where(Registration.event_id == event_id)
    ).all()
    assert found.count(RegistrationStatus.CONFIRMED) == places
    assert found.count(RegistrationStatus.WAITLISTED) == 20 - places
    emails = db.session.scalar(sa.select(sa.func.count()).select_from(Email))
    assert emails == 20
