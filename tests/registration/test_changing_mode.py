"""A confirmed attendee of a hybrid event switches between in person and online while the
other mode has a place; the place they leave goes to that mode's waitlist."""

import pytest

from eventnet.errors import DomainError
from eventnet.extensions import db
from eventnet.registration import services
from eventnet.registration.models import AttendanceMode, RegistrationStatus
from tests.factories import make_event, make_user, register

IN_PERSON, ONLINE = AttendanceMode.IN_PERSON, AttendanceMode.ONLINE


def test_switching_to_online_frees_the_in_person_place_for_the_waitlist(app):
    event = make_event(format="hybrid", capacity_in_person=1, capacity_online=5)
    mover = register(event, mode="in_person")
    waiting = register(event, mode="in_person")
    assert waiting.status is RegistrationStatus.WAITLISTED
    services.change_mode(mover, "online")
    db.session.commit()
    assert (mover.mode, mover.status) == (ONLINE, RegistrationStatus.CONFIRMED)
    assert waiting.status is RegistrationStatus.CONFIRMED


def test_a_full_mode_cannot_be_switched_to(app):
    event = make_event(format="hybrid", capacity_in_person=5, capacity_online=1)
    register(event, mode="online")
    mover = register(event, mode="in_person")
    with pytest.raises(DomainError, match="Online is full"):
        services.change_mode(mover, "online")
    db.session.rollback()
    assert mover.mode is IN_PERSON


def test_only_confirmed_attendees_change_mode(app):
    event = make_event(format="hybrid", capacity_in_person=1, capacity_online=5)
    register(event, mode="in_person")
    waiting = register(event, mode="in_person")
    with pytest.raises(DomainError, match="Only confirmed attendees"):
        services.change_mode(waiting, "online")


def test_the_page_offers_the_switch_and_the_post_makes_it(client, login_as, app):
    event = make_event(format="hybrid", capacity_in_person=5, capacity_online=5)
    person = make_user()
    register(event, person, mode="in_person")
    login_as(person)
    page = client.get(f"/e/{event.slug}").get_data(as_text=True)
    assert ">Attend online instead</button>" in page
    page = client.post(
        f"/e/{event.slug}/attendance-mode", data={"mode": "online"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Done: you are attending online." in page
    assert ">Attend in person instead</button>" in page


def test_the_page_says_when_the_other_mode_is_full(client, login_as, app):
    event = make_event(format="hybrid", capacity_in_person=5, capacity_online=1)
    register(event, mode="online")
    person = make_user()
    register(event, person, mode="in_person")
    login_as(person)
    page = client.get(f"/e/{event.slug}").get_data(as_text=True)
    assert "Attend online instead" not in page
    assert "Online is full, so you cannot switch to it now." in page
    response = client.post(f"/e/{event.slug}/attendance-mode", data={"mode": "online"})
    assert response.status_code == 302
    assert "Online is full" in client.get(f"/e/{event.slug}").get_data(as_text=True)
