"""One submit of the event form shows every mistake in it, at the top and beside each
field, and keeps what was typed; the service refuses them all at once and changes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from eventnet.errors import DomainError, InvalidFields
from eventnet.events import services, times
from eventnet.events.models import AgendaSession, Event, EventFormat
from eventnet.events.services import EventData
from eventnet.extensions import db
from tests.events.test_creating_and_editing import NEXT_YEAR, form, organiser  # noqa: F401
from tests.factories import make_event, make_network, make_user
from tests.forms import post_refused


def mistaken(**fields) -> EventData:
    values = {
        "title": "Spring term meet-up",
        "starts_at": datetime(NEXT_YEAR, 3, 12, 18, 30),
        "ends_at": datetime(NEXT_YEAR, 3, 12, 17, 0),  # before it starts
        "format": EventFormat.HYBRID,
        "join_url": "zoom meeting",
        "capacity_in_person": -5,
        "hashtag": "#not a tag",
        **fields,
    }
    return EventData(**values)


def test_creating_refuses_every_mistake_at_once_and_adds_nothing(app):
    network = make_network(make_user())
    with pytest.raises(InvalidFields) as refused:
        services.create_event(network, make_user(), mistaken(title="  "))
    assert set(refused.value.fields) == {
        "title", "ends_at", "join_url", "capacity_in_person", "hashtag"
    }  # fmt: skip
    assert refused.value.fields["ends_at"] == "The event must end after it starts."
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0


def test_editing_refuses_every_mistake_at_once_and_changes_nothing(app):
    event = make_event(title="Summer social")
    before = (event.title, event.starts_at, event.ends_at, event.join_url, event.hashtag)
    with pytest.raises(InvalidFields) as refused:
        services.update_event(event, mistaken(title="Renamed", slug="Not A Slug!"))
    assert set(refused.value.fields) == {
        "slug", "ends_at", "join_url", "capacity_in_person", "hashtag"
    }  # fmt: skip
    db.session.rollback()
    event = db.session.get(Event, event.id)
    assert (event.title, event.starts_at, event.ends_at, event.join_url, event.hashtag) == before


def test_a_single_mistake_is_refused_as_before(app):
    network = make_network(make_user())
    with pytest.raises(DomainError) as refused:
        services.create_event(
            network, make_user(), mistaken(join_url="", capacity_in_person=None, hashtag="")
        )
    assert type(refused.value) is DomainError
    assert refused.value.fields == {"ends_at": "The event must end after it starts."}


def test_a_refusal_that_is_not_about_a_field_is_not_collected(app):
    event = make_event()
    services.cancel_event(event)
    with pytest.raises(DomainError, match="already cancelled"):
        services.cancel_event(event)


def test_one_post_shows_the_forms_and_the_services_mistakes_together(client, organiser):  # noqa: F811
    page = post_refused(
        client,
        "/organise/n/midlands-heads/events/new",
        form(
            title="",  # the form refuses it
            capacity_in_person="lots",  # the form refuses it
            format="hybrid",
            ends_at=f"{NEXT_YEAR}-03-12T17:00",  # the service refuses these three
            join_url="zoom meeting",
            hashtag="#not a tag",
            venue_name="Oakfield Academy",
        ),
        {
            "title": "Enter the event's title.",
            "capacity_in_person": "Not a valid integer value.",
            "ends_at": "The event must end after it starts.",
            "join_url": "Enter a web address starting with https://",
            "hashtag": "Use letters, digits and underscores only",
        },
    )
    # What was typed is still there to correct.
    assert 'value="zoom meeting"' in page
    assert 'value="#not a tag"' in page
    assert 'value="Oakfield Academy"' in page
    assert 'value="lots"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0


def test_one_post_to_the_edit_form_shows_every_refusal(client, organiser):  # noqa: F811
    event = make_event(organiser, title="Summer social")
    page = post_refused(
        client,
        f"/organise/e/{event.slug}/edit",
        form(
            title="Renamed",
            ends_at=f"{NEXT_YEAR}-03-12T17:00",
            capacity_in_person="-3",
            hashtag="#not a tag",
            slug="Not A Slug!",
        ),
        dict.fromkeys(("ends_at", "capacity_in_person", "hashtag", "slug"), ""),
    )
    assert 'value="Renamed"' in page
    db.session.expire_all()
    assert db.session.get(Event, event.id).title == "Summer social"


def test_one_post_to_the_agenda_shows_the_missing_title_and_the_bad_times(client, organiser):  # noqa: F811
    event = make_event(organiser)
    start = times.wall_clock(event.starts_at, event.timezone)
    page = post_refused(
        client,
        f"/organise/e/{event.slug}/agenda",
        {
            "title": "",
            "starts_at": f"{start:%Y-%m-%dT%H:%M}",
            "ends_at": f"{start - timedelta(hours=1):%Y-%m-%dT%H:%M}",
            "room": "Hall B",
        },
        {
            "title": "Enter the session's title.",
            "ends_at": "The session must end after it starts.",
        },
    )
    assert 'value="Hall B"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AgendaSession)) == 0
