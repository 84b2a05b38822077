"""Many people press "register" in the same second: capacity holds on SQLite and PostgreSQL."""

import threading

import sqlalchemy as sa

from eventnet.accounts.models import User
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.registration import services
from eventnet.registration.models import Registration, RegistrationStatus
from tests.factories import make_event, make_user

PEOPLE = 60
PLACES = 10


def test_concurrent_registrations_never_exceed_capacity_and_queue_in_arrival_order(app):
    event_id = make_event(capacity_in_person=PLACES).id
    user_ids = [make_user().id for _ in range(PEOPLE)]
    db.session.remove()
    start = threading.Barrier(PEOPLE)
    errors: list[BaseException] = []

    def press_register(user_id: int) -> None:
        # Each thread is its own request: an app context, a session, a connection.
        with app.app_context():
            try:
                start.wait(timeout=30)
                event = db.session.get(Event, event_id)
                user = db.session.get(User, user_id)
                services.register(event, user)
                db.session.commit()
            except BaseException as error:  # noqa: BLE001 - reported by the main thread
                errors.append(error)
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=press_register, args=(uid,)) for uid in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors

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
