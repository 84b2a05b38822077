"""Attendees register on the event page, see their status, cancel, and find "My events";
refusals say why; the join link reaches confirmed registrants only."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from eventnet.events import services as events
from eventnet.extensions import db
from eventnet.registration.models import Registration, RegistrationStatus
from tests.factories import make_event, make_network, make_user, register
from tests.mailbox import outbox
from tests.rows import every_row

JOIN = "https://meet.example/heads-circle"


def wall(delta: timedelta) -> datetime:
    return (datetime.now(UTC) + delta).replace(second=0, microsecond=0, tzinfo=None)


def registrations() -> list[Registration]:
    return list(db.session.scalars(sa.select(Registration).order_by(Registration.id)))


def test_anonymous_visitors_get_the_one_step_form_and_a_log_in_link(client, app):
    event = make_event(capacity_in_person=3)
    page = client.get(f"/e/{event.slug}").get_data(as_text=True)
    assert f'action="/e/{event.slug}/register-by-email"' in page
    assert "Log in</a> to register with it" in page
    response = client.post(f"/e/{event.slug}/register")
    assert "/login" in response.headers["Location"]
    assert registrations() == []


def test_register_on_the_page_then_cancel(client, login_as, app):
    event = make_event(capacity_in_person=3, venue_name="Oakfield Academy", hashtag="MHN")
    person = login_as(make_user())
    page = client.get(f"/e/{event.slug}").get_data(as_text=True)
    assert "3 places left" in page
    assert "Oakfield Academy" in page
    assert "#MHN" in page
    response = client.post(f"/e/{event.slug}/register", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "You are registered" in page
    assert "2 places left" in page
    [registration] = registrations()
    assert (registration.user_id, registration.status) == (person.id, RegistrationStatus.CONFIRMED)
    page = client.post(f"/e/{event.slug}/cancel-registration", follow_redirects=True).get_data(
        as_text=True
    )
    assert "Your registration is cancelled." in page
    assert registrations()[0].status is RegistrationStatus.CANCELLED


def test_full_event_page_offers_the_waitlist(client, login_as, app):
    event = make_event(capacity_in_person=1)
    register(event)
    login_as(make_user())
    assert "Full: waitlist" in client.get(f"/e/{event.slug}").get_data(as_text=True)
    page = client.post(f"/e/{event.slug}/register", follow_redirects=True).get_data(as_text=True)
    assert "You are on the waitlist</strong>, number 1" in page


def test_hybrid_registration_chooses_a_mode_with_a_visible_label(client, login_as, app):
    event = make_event(format="hybrid", capacity_in_person=5, capacity_online=5)
    login_as(make_user())
    page = client.get(f"/e/{event.slug}").get_data(as_text=True)
    assert '<label for="mode">How will you attend?' in page
    response = client.post(f"/e/{event.slug}/register", data={"mode": "nonsense"})
    assert response.status_code == 400
    assert "Choose whether you will attend in person or online." in response.get_data(as_text=True)
    assert registrations() == []
    client.post(f"/e/{event.slug}/register", data={"mode": "online"})
    assert registrations()[0].mode.value == "online"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"registration_opens_at": wall(timedelta(days=2))}, "Registration opens on"),
        (
            {"registration_closes_at": wall(timedelta(minutes=-5))},
            "Registration for this event has closed.",
        ),
    ],
)
def test_registration_outside_its_window_is_refused(client, login_as, app, fields, message):
    event = make_event(**fields)
    login_as(make_user())
    assert message in client.get(f"/e/{event.slug}").get_data(as_text=True)
    response = client.post(f"/e/{event.slug}/register")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert registrations() == []


def test_cancelled_and_draft_events_refuse_registration(app):
    from eventnet.errors import DomainError
    from eventnet.registration import services

    cancelled = make_event()
    events.cancel_event(cancelled)
    db.session.commit()
    with pytest.raises(DomainError, match="cancelled"):
        services.register(cancelled, make_user())
    draft = make_event(publish=False)
    owner = draft.network.memberships[0].user
    with pytest.raises(DomainError, match="not open for registration"):
        services.register(draft, owner)


def test_registering_twice_on_the_page_says_so(client, login_as, app):
    event = make_event()
    login_as(make_user())
    client.post(f"/e/{event.slug}/register")
    before = every_row()  # the place, its time in the queue, the one confirmation email
    response = client.post(f"/e/{event.slug}/register")
    assert response.status_code == 409
    assert "already registered" in response.get_data(as_text=True)
    assert every_row() == before


def test_join_url_is_shown_only_to_confirmed_registrants(client, login_as, app):
    event = make_event(format="virtual", join_url=JOIN, capacity_online=1)
    assert JOIN not in client.get(f"/e/{event.slug}").get_data(as_text=True)
    confirmed = login_as(make_user())
    client.post(f"/e/{event.slug}/register")
    assert JOIN in client.get(f"/e/{event.slug}").get_data(as_text=True)
    waiting = login_as(make_user())
    client.post(f"/e/{event.slug}/register")
    assert JOIN not in client.get(f"/e/{event.slug}").get_data(as_text=True)
    assert JOIN in outbox(confirmed.email)[0].text_body
    assert JOIN in outbox(confirmed.email)[0].html_body
    assert JOIN not in outbox(waiting.email)[0].text_body
    # Promoted later, the waiting person gets it in the promotion email.
    from eventnet.registration import services

    services.cancel(db.session.scalars(sa.select(Registration)).first())
    db.session.commit()
    assert JOIN in outbox(waiting.email)[-1].text_body


def test_in_person_attendees_of_a_hybrid_event_do_not_get_the_join_url(app):
    event = make_event(format="hybrid", join_url=JOIN)
    person = register(event, mode="in_person").user
    assert JOIN not in outbox(person.email)[0].text_body


def test_my_events_lists_upcoming_and_past_with_status(client, login_as, app):
    person = make_user()
    network = make_network()
    upcoming = make_event(network, title="Summer conference", capacity_in_person=0)
    register(upcoming, person)
    past = make_event(network, title="Autumn meet-up")
    register(past, person)
    past.starts_at = datetime.now(UTC) - timedelta(days=30)
    past.ends_at = past.starts_at + timedelta(hours=2)
    db.session.commit()
    login_as(person)
    page = client.get("/me/events").get_data(as_text=True)
    upcoming_part, past_part = page.split('id="past-heading"')
    assert "Summer conference" in upcoming_part
    assert "Waitlisted" in upcoming_part
    assert "Autumn meet-up" in past_part
    assert "Confirmed" in past_part
    assert "My events" in client.get("/").get_data(as_text=True)


def test_attendee_list_is_for_confirmed_registrants_and_organisers(client, login_as, app):
    event = make_event(capacity_in_person=1)
    register(event, make_user("Helen Marsh"))
    assert "Helen Marsh" not in client.get(f"/e/{event.slug}").get_data(as_text=True)
    login_as(make_user())
    client.post(f"/e/{event.slug}/register")  # waitlisted
    assert "Helen Marsh" not in client.get(f"/e/{event.slug}").get_data(as_text=True)
    login_as(event.network.memberships[0].user)
    assert "Helen Marsh" in client.get(f"/e/{event.slug}").get_data(as_text=True)
