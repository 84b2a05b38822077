"""Organisers create, edit, publish, cancel, duplicate and delete events through the pages."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from eventnet.events.models import AgendaSession, Event, EventFormat, EventStatus
from eventnet.extensions import db
from eventnet.networks.models import Role
from eventnet.registration.models import Registration
from tests.factories import add_member, make_event, make_network, make_user, register
from tests.mailbox import outbox
from tests.rows import every_row

NEXT_YEAR = datetime.now(UTC).year + 1


def form(**overrides):
    data = {
        "title": "Spring term meet-up",
        "slug": "",
        "description": "We meet at **Oakfield**.",
        "format": "in_person",
        "venue_name": "Oakfield Academy",
        "venue_address": "1 School Lane\nBirmingham",
        "join_url": "",
        "timezone": "Europe/London",
        "starts_at": f"{NEXT_YEAR}-03-12T18:30",
        "ends_at": f"{NEXT_YEAR}-03-12T20:30",
        "capacity_in_person": "30",
        "capacity_online": "",
        "registration_opens_at": "",
        "registration_closes_at": "",
        "visibility": "public",
        "registration_mode": "open",
        "hashtag": "#MHN",
    }
    data.update(overrides)
    return data


@pytest.fixture
def organiser(app, login_as):
    owner = make_user("Priya Shah")
    network = make_network(owner, "Midlands Heads", slug="midlands-heads")
    login_as(owner)
    return network


def only_event() -> Event:
    return db.session.scalars(sa.select(Event)).one()


def test_organiser_creates_a_draft_with_times_in_the_events_zone(client, organiser):
    response = client.post("/organise/n/midlands-heads/events/new", data=form())
    assert response.status_code == 302
    event = only_event()
    assert event.slug == "spring-term-meet-up"
    assert event.status is EventStatus.DRAFT
    assert event.hashtag == "MHN"
    # 18:30 in London in March (GMT) is 18:30 UTC; in June (BST) it would be 17:30 UTC.
    assert event.starts_at == datetime(NEXT_YEAR, 3, 12, 18, 30, tzinfo=UTC)
    assert response.headers["Location"].endswith(f"/organise/e/{event.slug}")


def test_summer_times_are_stored_in_utc(client, organiser):
    client.post(
        "/organise/n/midlands-heads/events/new",
        data=form(starts_at=f"{NEXT_YEAR}-06-12T18:30", ends_at=f"{NEXT_YEAR}-06-12T20:30"),
    )
    assert only_event().starts_at == datetime(NEXT_YEAR, 6, 12, 17, 30, tzinfo=UTC)


def test_event_page_shows_time_in_the_events_zone_with_the_zone_named(client, organiser):
    client.post(
        "/organise/n/midlands-heads/events/new",
        data=form(
            timezone="America/New_York",
            starts_at=f"{NEXT_YEAR}-07-01T09:00",
            ends_at=f"{NEXT_YEAR}-07-01T17:00",
        ),
    )
    page = client.get("/e/spring-term-meet-up").get_data(as_text=True)
    assert "09:00–17:00 EDT (America/New_York)" in page


def test_a_time_the_clocks_skip_is_refused_next_to_the_field(client, organiser):
    # UK clocks go forward at 01:00 on the last Sunday of March: 01:30 does not exist.
    day = max(d for d in range(25, 32) if datetime(NEXT_YEAR, 3, d).weekday() == 6)
    response = client.post(
        "/organise/n/midlands-heads/events/new",
        data=form(starts_at=f"{NEXT_YEAR}-03-{day}T01:30", ends_at=f"{NEXT_YEAR}-03-{day}T03:30"),
    )
    assert response.status_code == 400
    assert "the clocks go forward" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Enter the event&#39;s title."),
        ({"ends_at": f"{NEXT_YEAR}-03-12T17:00"}, "The event must end after it starts."),
        ({"slug": "Not A Slug!"}, "lower-case letters"),
        ({"join_url": "javascript:alert(1)", "format": "virtual"}, "starting with https://"),
        ({"capacity_in_person": "-1"}, "Enter 0 to"),
        ({"capacity_in_person": "lots"}, "Not a valid integer"),
        ({"timezone": "Mars/Olympus_Mons"}, "Not a valid choice"),
        ({"starts_at": "tomorrow"}, "Enter a date and time"),
        ({"hashtag": "#no spaces"}, "letters, digits and underscores"),
        (
            {
                "registration_opens_at": f"{NEXT_YEAR}-03-01T09:00",
                "registration_closes_at": f"{NEXT_YEAR}-02-01T09:00",
            },
            "Registration must close after it opens.",
        ),
        ({"registration_closes_at": f"{NEXT_YEAR}-03-13T09:00"}, "by the end of the event"),
    ],
)
def test_bad_event_input_is_shown_next_to_the_field_and_saves_nothing(
    client, organiser, overrides, message
):
    response = client.post("/organise/n/midlands-heads/events/new", data=form(**overrides))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0


@pytest.mark.parametrize(
    "nasty",
    [
        "\x00",
        "x" * 100_000,
        "<script>alert(1)</script>",
        "'; DROP TABLE events; --",
        "💥" * 300,
        "\u202etxt.exe",
        "%00../../etc/passwd",
    ],
)
def test_nasty_input_never_breaks_the_event_form(client, organiser, nasty):
    for field in ("title", "slug", "venue_name", "join_url", "hashtag", "starts_at", "format"):
        response = client.post("/organise/n/midlands-heads/events/new", data=form(**{field: nasty}))
        assert response.status_code in (302, 400), field
    response = client.get(f"/e/{nasty[:200]}")
    assert response.status_code == 404


def test_slug_is_unique_and_generated_ones_get_a_number(client, organiser):
    client.post("/organise/n/midlands-heads/events/new", data=form())
    client.post("/organise/n/midlands-heads/events/new", data=form())
    slugs = sorted(db.session.scalars(sa.select(Event.slug)))
    assert slugs == ["spring-term-meet-up", "spring-term-meet-up-2"]
    response = client.post(
        "/organise/n/midlands-heads/events/new", data=form(slug="spring-term-meet-up")
    )
    assert response.status_code == 400
    assert "taken by another event" in response.get_data(as_text=True)


def test_fields_that_do_not_apply_to_the_format_are_emptied(client, organiser):
    client.post(
        "/organise/n/midlands-heads/events/new",
        data=form(format="virtual", join_url="https://meet.example/abc", capacity_online="50"),
    )
    event = only_event()
    assert event.format is EventFormat.VIRTUAL
    assert (event.venue_name, event.capacity_in_person) == ("", None)
    assert (event.join_url, event.capacity_online) == ("https://meet.example/abc", 50)


def test_editing_keeps_the_form_filled_and_saves(client, organiser):
    event = make_event(organiser, capacity_in_person=5)
    page = client.get(f"/organise/e/{event.slug}/edit").get_data(as_text=True)
    assert event.title in page
    response = client.post(
        f"/organise/e/{event.slug}/edit", data=form(title="Renamed", slug=event.slug)
    )
    assert response.status_code == 302
    db.session.refresh(event)
    assert event.title == "Renamed"
    assert event.sequence == 1  # the time moved


def test_publish_then_cancel_emails_everyone_with_the_message(client, organiser):
    event = make_event(organiser, publish=False, capacity_in_person=1)
    assert client.get(f"/e/{event.slug}").status_code == 200  # organisers preview drafts
    client.post(f"/organise/e/{event.slug}/publish")
    db.session.refresh(event)
    assert event.status is EventStatus.PUBLISHED
    confirmed, waiting = register(event), register(event)
    response = client.post(
        f"/organise/e/{event.slug}/cancel", data={"message": "Snow day: see you in April."}
    )
    assert response.status_code == 302
    db.session.refresh(event)
    assert event.status is EventStatus.CANCELLED
    for person in (confirmed.user, waiting.user):
        mail = outbox(person.email)[-1]
        assert mail.subject == f"Cancelled: {event.title}"
        assert "Snow day: see you in April." in mail.text_body
    page = client.get(f"/e/{event.slug}").get_data(as_text=True)
    assert "This event has been cancelled." in page
    # Cancelling twice is refused: nothing sent again, the first message kept, nothing else.
    before = every_row()
    response = client.post(
        f"/organise/e/{event.slug}/cancel", data={"message": "again"}, follow_redirects=True
    )
    assert "already cancelled" in response.get_data(as_text=True)
    assert every_row() == before


def test_duplicate_makes_a_draft_copy_with_the_agenda(client, organiser):
    event = make_event(organiser)
    db.session.add(
        AgendaSession(
            event=event,
            title="Welcome",
            starts_at=event.starts_at,
            ends_at=event.starts_at + timedelta(minutes=30),
        )
    )
    db.session.commit()
    response = client.post(f"/organise/e/{event.slug}/duplicate")
    copy = db.session.scalars(sa.select(Event).where(Event.id != event.id)).one()
    assert response.headers["Location"].endswith(f"/organise/e/{copy.slug}/edit")
    assert copy.status is EventStatus.DRAFT
    assert copy.title == event.title
    assert [s.title for s in copy.sessions] == ["Welcome"]


def test_only_drafts_can_be_deleted(client, organiser):
    draft = make_event(organiser, publish=False)
    published = make_event(organiser)
    client.post(f"/organise/e/{draft.slug}/delete")
    client.post(f"/organise/e/{published.slug}/delete")
    assert list(db.session.scalars(sa.select(Event.slug))) == [published.slug]


def test_agenda_sessions_must_lie_inside_the_event(client, organiser):
    event = make_event(organiser)  # UTC, a week from now, two hours
    start = event.starts_at
    inside = {
        "title": "Keynote",
        "starts_at": f"{start:%Y-%m-%dT%H:%M}",
        "ends_at": f"{start + timedelta(hours=1):%Y-%m-%dT%H:%M}",
        "room": "Hall",
        "speaker": "Tom Okafor",
    }
    assert client.post(f"/organise/e/{event.slug}/agenda", data=inside).status_code == 302
    before = every_row()
    outside = {**inside, "ends_at": f"{start + timedelta(hours=3):%Y-%m-%dT%H:%M}"}
    response = client.post(f"/organise/e/{event.slug}/agenda", data=outside)
    assert response.status_code == 400
    assert "Sessions must lie inside the event" in response.get_data(as_text=True)
    assert every_row() == before
    page = client.get(f"/e/{event.slug}").get_data(as_text=True)
    assert "Keynote" in page
    assert "Tom Okafor" in page
    # Moving the event away from its agenda is refused too.
    response = client.post(
        f"/organise/e/{event.slug}/edit", data=form(title=event.title, slug=event.slug)
    )
    assert response.status_code == 400
    assert "move or delete it first" in response.get_data(as_text=True)
    assert every_row() == before


def test_organisers_of_the_network_see_its_events_including_drafts(client, organiser):
    make_event(organiser, publish=False, title="Draft one")
    make_event(organiser, title="Published one")
    page = client.get("/organise/n/midlands-heads/events").get_data(as_text=True)
    assert "Draft one" in page
    assert "Published one" in page


def test_a_network_organiser_not_owner_can_create_events(app, client, login_as):
    network = make_network(slug="heads")
    organiser = make_user()
    add_member(network, organiser, Role.ORGANISER)
    login_as(organiser)
    assert client.post("/organise/n/heads/events/new", data=form()).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0
