"""Places per mode, the waitlist served first come first served, and promotion by email."""

import pytest
import sqlalchemy as sa

from eventnet.errors import Conflict, DomainError
from eventnet.events import services as events
from eventnet.events.models import Event, EventFormat
from eventnet.events.services import EventData
from eventnet.extensions import db
from eventnet.registration import services
from eventnet.registration.models import AttendanceMode, Registration, RegistrationStatus
from tests.factories import make_event, make_user, register
from tests.mailbox import outbox

CONFIRMED = RegistrationStatus.CONFIRMED
WAITLISTED = RegistrationStatus.WAITLISTED


def test_registrations_are_confirmed_until_capacity_then_waitlisted(app):
    event = make_event(capacity_in_person=2)
    first, second, third = (register(event) for _ in range(3))
    assert [first.status, second.status, third.status] == [CONFIRMED, CONFIRMED, WAITLISTED]
    assert services.waitlist_position(third) == 1


def test_empty_capacity_means_unlimited_places(app):
    event = make_event(capacity_in_person=None)
    statuses = {register(event).status for _ in range(25)}
    assert statuses == {CONFIRMED}


def test_capacity_zero_puts_everyone_on_the_waitlist(app):
    event = make_event(capacity_in_person=0)
    assert register(event).status is WAITLISTED


def test_registration_emails_confirmation_or_waitlist(app):
    event = make_event(capacity_in_person=1)
    confirmed, waiting = register(event), register(event)
    [mail] = outbox(confirmed.user.email)
    assert mail.subject == f"You are registered: {event.title}"
    assert mail.dedupe_key == f"registration-confirmed:{confirmed.id}:1"
    assert mail.category == "registration"
    [mail] = outbox(waiting.user.email)
    assert "waitlist" in mail.subject
    assert "number 1" in mail.text_body


def test_cancellation_promotes_oldest_waitlisted(app):
    event = make_event(capacity_in_person=1)
    first = register(event)
    second, third = register(event), register(event)
    promoted = services.cancel(first)
    db.session.commit()
    assert promoted == [second]
    assert second.status is CONFIRMED
    assert third.status is WAITLISTED
    assert services.waitlist_position(third) == 1
    subjects = [m.subject for m in outbox(second.user.email)]
    assert subjects[-1] == f"A place came free: you are registered for {event.title}"
    assert not any("came free" in m.subject for m in outbox(third.user.email))


def test_cancelling_a_waitlisted_place_promotes_nobody(app):
    event = make_event(capacity_in_person=1)
    register(event)
    waiting, behind = register(event), register(event)
    assert services.cancel(waiting) == []
    db.session.commit()
    assert behind.status is WAITLISTED
    assert services.waitlist_position(behind) == 1


def test_raising_capacity_promotes_the_oldest_waitlisted_at_once(app):
    event = make_event(capacity_in_person=1)
    register(event)
    waiting = [register(event) for _ in range(3)]
    data = EventData.of(event)
    data.capacity_in_person = 3
    events.update_event(event, data)
    db.session.commit()
    assert [r.status for r in waiting] == [CONFIRMED, CONFIRMED, WAITLISTED]
    assert "came free" in outbox(waiting[0].user.email)[-1].subject


def test_lowering_capacity_keeps_everyone_already_confirmed(app):
    event = make_event(capacity_in_person=3)
    people = [register(event) for _ in range(3)]
    data = EventData.of(event)
    data.capacity_in_person = 1
    events.update_event(event, data)
    db.session.commit()
    assert all(r.status is CONFIRMED for r in people)
    assert register(event).status is WAITLISTED


def test_hybrid_events_count_places_per_mode(app):
    event = make_event(format=EventFormat.HYBRID, capacity_in_person=1, capacity_online=None)
    in_person = register(event, mode="in_person")
    too_late = register(event, mode="in_person")
    online = [register(event, mode="online") for _ in range(5)]
    assert in_person.status is CONFIRMED
    assert too_late.status is WAITLISTED
    assert {r.status for r in online} == {CONFIRMED}
    services.cancel(online[0])
    db.session.commit()
    assert too_late.status is WAITLISTED  # an online place is not an in-person one
    services.cancel(in_person)
    db.session.commit()
    assert too_late.status is CONFIRMED


def test_hybrid_registration_needs_a_mode(app):
    event = make_event(format=EventFormat.HYBRID)
    with pytest.raises(DomainError) as refused:
        services.register(event, make_user(), None)
    assert refused.value.field == "mode"
    with pytest.raises(DomainError):
        services.register(event, make_user(), "teleported")


def test_single_mode_events_ignore_the_chosen_mode(app):
    virtual = make_event(format=EventFormat.VIRTUAL, capacity_online=5)
    assert register(virtual, mode="in_person").mode is AttendanceMode.ONLINE
    in_person = make_event()
    assert register(in_person, mode="online").mode is AttendanceMode.IN_PERSON


def test_registering_twice_is_refused(app):
    event = make_event(capacity_in_person=1)
    person = make_user()
    register(event, person)
    with pytest.raises(Conflict, match="already registered"):
        services.register(event, person)
    db.session.rollback()
    other = make_user()
    register(event, other)
    with pytest.raises(Conflict, match="already on the waitlist"):
        services.register(event, other)


def test_cancelled_registration_can_register_again_at_the_back_of_the_queue(app):
    event = make_event(capacity_in_person=1)
    person = make_user()
    first = register(event, person)
    waiting = register(event)
    services.cancel(first)
    db.session.commit()
    again = register(event, person)
    assert again.id == first.id
    assert again.status is WAITLISTED
    assert waiting.status is CONFIRMED
    # Each status change has its own email: the second confirmation is not deduplicated away.
    keys = [m.dedupe_key for m in outbox(person.email)]
    assert len(keys) == len(set(keys)) == 2


def test_organiser_moves_someone_off_the_waitlist_raising_capacity_by_one(app):
    event = make_event(capacity_in_person=1)
    register(event)
    older, chosen = register(event), register(event)
    raised = services.move_off_waitlist(chosen)
    db.session.commit()
    assert raised is True
    assert chosen.status is CONFIRMED
    assert older.status is WAITLISTED
    assert db.session.get(Event, event.id).capacity_in_person == 2
    assert "came free" in outbox(chosen.user.email)[-1].subject


def test_confirmed_never_exceeds_capacity_after_any_sequence(app):
    event = make_event(capacity_in_person=3)
    people = [register(event) for _ in range(8)]
    for r in people[:4]:
        services.cancel(r)
        db.session.commit()
    confirmed = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Registration)
        .where(Registration.event_id == event.id, Registration.status == CONFIRMED)
    )
    assert confirmed == 3
    assert [r.status for r in people[4:]] == [CONFIRMED, CONFIRMED, CONFIRMED, WAITLISTED]
