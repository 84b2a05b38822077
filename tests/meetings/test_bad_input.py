"""Refusals: clear messages, nothing changed, never a 500."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from freezegun import freeze_time

from eventnet.errors import DomainError
from eventnet.extensions import db
from eventnet.meetings import services
from eventnet.meetings.models import Meeting
from eventnet.profiles.services import ProfileData, update_profile
from tests.factories import make_user, register
from tests.meetings.conftest import attendee, meeting_event, slot


def meetings_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Meeting))


@pytest.mark.parametrize(
    ("offset", "message"),
    [
        (timedelta(minutes=5), "Choose one of the meeting slots offered"),  # not a slot start
        (timedelta(hours=-3), "Choose one of the meeting slots offered"),  # before the windows
        (timedelta(hours=3), "Choose one of the meeting slots offered"),  # after them
    ],
)
def test_a_time_that_is_not_a_slot_is_refused(pair, offset, message):
    event, priya, tom = pair
    with pytest.raises(DomainError, match=message):
        services.request_meeting(event, priya, tom, slot(event) + offset)
    db.session.rollback()
    assert meetings_count() == 0


def test_a_slot_that_has_begun_is_refused(pair):
    event, priya, tom = pair
    with freeze_time(slot(event, 1) + timedelta(minutes=1)):
        with pytest.raises(DomainError, match="already begun"):
            services.request_meeting(event, priya, tom, slot(event, 0))
        assert slot(event, 1) not in [s.starts_at for s in services.free_slots(event, priya, tom)]
    db.session.rollback()
    assert meetings_count() == 0


def test_you_cannot_meet_yourself(pair, client, login_as):
    event, priya, _ = pair
    with pytest.raises(DomainError, match="yourself"):
        services.request_meeting(event, priya, priya, slot(event))
    db.session.rollback()
    login_as(priya)
    assert client.get(f"/e/{event.slug}/meetings/request/{priya.id}").status_code == 404


def test_both_people_must_be_confirmed_attendees(app):
    event = meeting_event(capacity_in_person=2)
    priya, tom = attendee(event), attendee(event)
    waiting = make_user("Wendy Waitlisted")
    register(event, waiting)  # the event is full: waitlisted
    outsider = make_user("Olly Outsider")
    with pytest.raises(DomainError, match="not a confirmed attendee"):
        services.request_meeting(event, priya, waiting, slot(event))
    with pytest.raises(DomainError, match="Only confirmed attendees"):
        services.request_meeting(event, outsider, tom, slot(event))
    db.session.rollback()
    assert meetings_count() == 0


def test_someone_hidden_from_the_directory_cannot_be_asked(pair, client, login_as):
    event, priya, tom = pair
    update_profile(tom, ProfileData(hidden=True))
    db.session.commit()
    with pytest.raises(DomainError, match="does not take meeting requests"):
        services.request_meeting(event, priya, tom, slot(event))
    db.session.rollback()
    login_as(priya)
    assert client.get(f"/e/{event.slug}/meetings/request/{tom.id}").status_code == 404
    assert meetings_count() == 0


def test_no_meetings_where_the_organiser_has_not_turned_them_on(app):
    from tests.factories import make_event

    event = make_event()
    priya, tom = make_user(), make_user()
    register(event, priya)
    register(event, tom)
    with pytest.raises(DomainError, match="does not offer 1:1 meetings"):
        services.request_meeting(event, priya, tom, slot_or_now())
    db.session.rollback()


def slot_or_now():
    from eventnet.db import utcnow

    return utcnow() + timedelta(days=7)


def test_the_request_form_refuses_a_made_up_slot_with_a_message(pair, client, login_as):
    event, priya, tom = pair
    login_as(priya)
    url = f"/e/{event.slug}/meetings/request/{tom.id}"
    for bad in ("2020-01-01T12:00:00+00:00", "not a time", "", "2030-01-01T12:00:00"):
        response = client.post(url, data={"slot": bad, "message": "hi"})
        assert response.status_code == 400, bad
        assert "Choose" in response.get_data(as_text=True)
    response = client.post(url, data={"slot": slot(event).isoformat(), "message": "x" * 501})
    assert response.status_code == 400
    assert meetings_count() == 0


def test_answering_twice_or_late_is_refused_with_a_message(pair, client, login_as):
    event, priya, tom = pair
    meeting = services.request_meeting(event, priya, tom, slot(event))
    db.session.commit()
    login_as(tom)
    assert client.post(f"/me/meetings/{meeting.id}/decline").status_code == 302
    response = client.post(f"/me/meetings/{meeting.id}/accept", follow_redirects=True)
    assert "already declined" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("windows", "11:00-19:00", "outside the event"),
        ("windows", "12:00-13:00\n12:30-14:00", "must not overlap"),
        ("windows", "noon till two", "is not a window"),
        ("windows", "", "at least one window"),
        ("table_count", "0", "number of tables"),
        ("slot_minutes", "7", "Not a valid choice"),
    ],
)
def test_settings_refuse_bad_input_and_keep_what_was_saved(
    app, client, login_as, field, value, message
):
    event = meeting_event()
    organiser = event.network.memberships[0].user
    login_as(organiser)
    data = {
        "enabled": "y",
        "windows": "12:00-13:00",
        "slot_minutes": "15",
        "table_count": "2",
        "video_link_pattern": "",
        field: value,
    }
    response = client.post(f"/organise/e/{event.slug}/meetings", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert services.windows_text(event, services.settings_of(event)) == "12:00-13:00"


def test_a_video_link_without_a_room_placeholder_is_refused(app):
    event = meeting_event(fmt="virtual")
    with pytest.raises(DomainError, match=r"\{random\}"):
        services.save_settings(
            event,
            services.SettingsData(
                enabled=True, windows="12:00-13:00", video_link_pattern="https://meet.example/x"
            ),
        )
    db.session.rollback()
