"""The event page reads little (the viewer's rows with the event, in one query) and keeps the
rest per revision, so it must follow every change at once: registrations, cancellations, the
agenda, meeting settings, organisers and their names."""

import html
from datetime import datetime, time, timedelta

from eventnet.accounts import services as accounts
from eventnet.db import utcnow
from eventnet.events import services as events
from eventnet.events.services import SessionData
from eventnet.extensions import db
from eventnet.meetings import services as meetings
from eventnet.networks import services as networks
from eventnet.networks.models import Role
from eventnet.registration import services as registration
from tests.events.test_query_counts import fill, queries_for
from tests.factories import add_member, make_event, make_network, make_user, register

DAY = (utcnow() + timedelta(days=7)).date()


def page_of(client, event) -> str:
    return html.unescape(client.get(f"/e/{event.slug}").get_data(as_text=True))


def day_event(network=None, **fields):
    return make_event(
        network,
        starts_at=datetime.combine(DAY, time(9)),
        ends_at=datetime.combine(DAY, time(17)),
        **fields,
    )


def add_session(event, title: str, hour: int):
    session = events.add_session(
        event,
        SessionData(
            title=title,
            starts_at=datetime.combine(DAY, time(hour)),
            ends_at=datetime.combine(DAY, time(hour + 1)),
        ),
    )
    db.session.commit()
    return session


def test_an_attendee_s_event_page_takes_three_queries_at_most_however_many_come(
    client, login_as, count_queries
):
    small, big = day_event(capacity_in_person=50), day_event(capacity_in_person=50)
    viewer = make_user()
    for event in (small, big):
        register(event, viewer)
        add_session(event, "Keynote", 10)
    fill(small, 1)
    fill(big, 30)
    login_as(viewer)
    counts = [queries_for(client, count_queries, f"/e/{e.slug}") for e in (small, big)]
    assert counts[0] == counts[1] <= 3
    assert "You are registered" in page_of(client, big)


def test_a_visitor_s_event_page_takes_two_queries_at_most_however_many_come(client, count_queries):
    small, big = day_event(capacity_in_person=50), day_event(capacity_in_person=50)
    fill(small, 1)
    fill(big, 30)
    counts = [queries_for(client, count_queries, f"/e/{e.slug}") for e in (small, big)]
    assert counts[0] == counts[1] <= 2


def test_the_page_follows_registrations_and_cancellations(client, login_as):
    event = day_event(capacity_in_person=3)
    viewer = make_user()
    login_as(viewer)
    assert "3 places left" in page_of(client, event)
    other = register(event)
    assert "2 places left" in page_of(client, event)
    client.post(f"/e/{event.slug}/register")
    page = page_of(client, event)
    assert "You are registered" in page
    assert "1 place left" in page
    registration.cancel(db.session.get(type(other), other.id))
    db.session.commit()
    page = page_of(client, event)
    assert "2 places left" in page
    assert "Who is coming (1)" in page


def test_the_page_follows_the_agenda(client):
    event = day_event()
    assert "Agenda" not in page_of(client, event)
    first = add_session(event, "Opening keynote", 10)
    page = page_of(client, event)
    assert "Opening keynote" in page
    assert "(.ics, 1 session)" in page
    add_session(event, "Panel on assessment", 11)
    page = page_of(client, event)
    assert "Panel on assessment" in page
    assert "(.ics, 2 sessions)" in page
    events.delete_session(event, first.id)
    db.session.commit()
    page = page_of(client, event)
    assert "Opening keynote" not in page
    assert "(.ics, 1 session)" in page


def settings(*, enabled: bool) -> meetings.SettingsData:
    return meetings.SettingsData(enabled=enabled, windows="12:00-13:00", table_count=2)


def test_the_page_follows_meeting_settings(client, login_as):
    event = day_event()
    viewer = make_user()
    register(event, viewer)
    login_as(viewer)
    assert "Book 1:1s" not in page_of(client, event)
    meetings.save_settings(event, settings(enabled=True))
    db.session.commit()
    assert "Book 1:1s" in page_of(client, event)
    meetings.save_settings(event, settings(enabled=False))
    db.session.commit()
    assert "Book 1:1s" not in page_of(client, event)


def test_the_page_follows_organisers_roles_and_names(client):
    owner = make_user("Olive Owner")
    network = make_network(owner)
    event = day_event(network)
    member = add_member(network, make_user("Mina Member"))
    assert "Mina Member" not in page_of(client, event)
    networks.set_role(network, member.id, Role.ORGANISER)
    db.session.commit()
    assert "Mina Member, Olive Owner" in page_of(client, event)  # by name
    accounts.change_name(member.user, "Mina Moderator")
    db.session.commit()
    page = page_of(client, event)
    assert "Mina Moderator" in page
    assert "Mina Member" not in page
    networks.set_role(network, member.id, Role.MEMBER)
    db.session.commit()
    assert "Mina Moderator" not in page_of(client, event)
    networks.set_role(network, member.id, Role.ORGANISER)
    db.session.commit()
    networks.remove_member(network, member.id)
    db.session.commit()
    assert "Mina Moderator" not in page_of(client, event)


def test_the_page_follows_the_event_s_own_edits(client):
    event = day_event(description="First words.")
    assert "First words." in page_of(client, event)
    event.description = "Second words."
    db.session.commit()
    page = page_of(client, event)
    assert "Second words." in page
    assert "First words." not in page


def test_a_new_event_on_a_deleted_event_s_id_shows_its_own_agenda(client, app):
    owner = make_user()
    network = make_network(owner)
    old = day_event(network)
    add_session(old, "The old keynote", 10)
    assert "The old keynote" in page_of(client, old)
    old_id = old.id
    db.session.delete(old)
    db.session.commit()
    new = day_event(network)  # SQLite gives it the old id when that was the last one
    assert new.id == old_id or db.engine.dialect.name == "postgresql"
    add_session(new, "The new keynote", 10)  # the same revision the old one had
    page = page_of(client, new)
    assert "The new keynote" in page
    assert "The old keynote" not in page
