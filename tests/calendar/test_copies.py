"""The stored copies of the public calendar files: each kind of change that shows in a file
gives new content and a new ETag at the next request; a change that does not show keeps
both, and the copy is not rebuilt."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from eventnet.calendar import copies
from eventnet.calendar.models import CalendarCopy
from eventnet.events import services as events
from eventnet.events.services import EventData, SessionData
from eventnet.extensions import db
from eventnet.networks import services as networks
from tests.bursts import COPIES, burst, server_errors
from tests.calendar.helpers import by_uid
from tests.factories import make_event, make_network, make_user, register


def _urls(event) -> list[str]:
    return [f"/e/{event.slug}.ics", f"/n/{event.network.slug}/events.ics"]


def _fetch(client, urls) -> dict[str, tuple[str, bytes]]:
    answers = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        answers[url] = (response.headers["ETag"], response.data)
    return answers


def _generations() -> list[tuple]:
    db.session.expire_all()
    return list(
        db.session.execute(
            sa.select(CalendarCopy.id, CalendarCopy.generation, CalendarCopy.etag).order_by(
                CalendarCopy.id
            )
        )
    )


def _changed(client, urls, before, shown: bytes) -> None:
    after = _fetch(client, urls)
    for url in urls:
        assert after[url][0] != before[url][0], url
        assert shown in after[url][1], url
        # The stored copy answers the next request with the same file.
        assert client.get(url).data == after[url][1]


def test_an_edit_shows_in_the_file_and_the_feed_with_new_etags(client, app):
    event = make_event(title="Spring Meeting")
    urls = _urls(event)
    before = _fetch(client, urls)
    data = EventData.of(event)
    data.title = "Summer Meeting"
    events.update_event(event, data)
    db.session.commit()
    _changed(client, urls, before, b"SUMMARY:Summer Meeting")


def test_a_cancellation_shows_in_the_file_and_the_feed(client, app):
    event = make_event()
    urls = _urls(event)
    before = _fetch(client, urls)
    events.cancel_event(event, "Snow")
    db.session.commit()
    _changed(client, urls, before, b"STATUS:CANCELLED")


def test_publishing_a_draft_adds_it_to_the_feed(client, app):
    network = make_network()
    make_event(network)
    draft = make_event(network, publish=False, title="Late Addition")
    url = f"/n/{network.slug}/events.ics"
    before = _fetch(client, [url])
    events.publish(draft)
    db.session.commit()
    _changed(client, [url], before, b"SUMMARY:Late Addition")


def test_agenda_sessions_show_in_the_agenda_file_not_the_event_file(client, app):
    event = make_event()
    url, agenda = f"/e/{event.slug}.ics", f"/e/{event.slug}/agenda.ics"
    before = _fetch(client, [url])
    start = event.starts_at.replace(tzinfo=None)
    session = events.add_session(event, SessionData("Keynote", start, start + timedelta(hours=1)))
    db.session.commit()
    assert b"Keynote" not in _fetch(client, [url])[url][1]
    added = _fetch(client, [agenda])
    assert b"Keynote" in added[agenda][1]
    events.delete_session(event, session.id)
    db.session.commit()
    assert client.get(agenda).status_code == 404
    assert _fetch(client, [url])[url][1] == before[url][1]


def test_renaming_the_network_shows_in_its_feed_and_its_event_files(client, app):
    network = make_network(name="Heads North")
    event = make_event(network)
    urls = _urls(event)
    before = _fetch(client, urls)
    networks.update_network(network, name="Heads of the North", description="", private=False)
    db.session.commit()
    _changed(client, urls, before, b"Heads of the North")


def test_making_an_event_members_only_takes_it_out_of_the_feed(client, app):
    event = make_event()
    url = f"/n/{event.network.slug}/events.ics"
    before = _fetch(client, [url])
    assert f"event-{event.id}@" in "".join(by_uid(before[url][1]))
    data = EventData.of(event)
    data.visibility = "members"
    events.update_event(event, data)
    db.session.commit()
    after = _fetch(client, [url])
    assert after[url][0] != before[url][0]
    assert not by_uid(after[url][1])


def test_unrelated_changes_keep_the_copies_and_their_etags(client, app, login_as):
    event, elsewhere = make_event(), make_event()
    urls = _urls(event)
    before = _fetch(client, urls)
    stored = _generations()
    register(event, make_user())  # registrations are not in the public files
    data = EventData.of(elsewhere)
    data.title = "Elsewhere, renamed"
    events.update_event(elsewhere, data)  # another network's event
    db.session.commit()
    assert _fetch(client, urls) == before
    assert [row for row in _generations() if row.etag in {e for e, _ in before.values()}] == [
        row for row in stored if row.etag in {e for e, _ in before.values()}
    ]


def test_a_registrant_gets_their_own_file_not_the_stored_one(client, app, login_as):
    event = make_event(format="virtual", join_url="https://meet.example/room")
    public = _fetch(client, [f"/e/{event.slug}.ics"])[f"/e/{event.slug}.ics"]
    person = make_user()
    register(event, person)
    login_as(person)
    response = client.get(f"/e/{event.slug}.ics")
    assert b"meet.example/room" in response.data
    assert b"meet.example/room" not in public[1]
    assert "private" in response.headers["Cache-Control"]


def test_a_copy_past_its_window_is_built_again(client, app):
    event = make_event()
    url = f"/n/{event.network.slug}/events.ics"
    client.get(url)
    copy = db.session.scalar(
        sa.select(CalendarCopy).where(CalendarCopy.network_id == event.network_id)
    )
    assert copy.fresh_until == event.ends_at + timedelta(days=90)
    # As if the window had passed: the stored bytes must not be served.
    copy.fresh_until = event.starts_at - timedelta(days=400)
    copy.body = b"stale"
    db.session.commit()
    assert client.get(url).data.startswith(b"BEGIN:VCALENDAR")


def test_twenty_first_requests_at_once_after_a_change_answer_the_same_feed(client, app):
    event = make_event()
    url = f"/n/{event.network.slug}/events.ics"
    client.get(url)
    events.cancel_event(event)
    db.session.commit()
    answers = burst(app, None, "GET", url)
    assert not server_errors(answers), server_errors(answers)
    assert [a.status for a in answers] == [200] * COPIES
    assert len({a.page for a in answers}) == 1
    assert "STATUS:CANCELLED" in answers[0].page
    assert client.get(url).data.decode() == answers[0].page


def test_a_visitor_gets_the_stored_event_file_from_one_query(client, app, count_queries):
    event = make_event(make_network())
    url = f"/e/{event.slug}.ics"
    first = client.get(url)  # builds and keeps the copy
    with count_queries() as queries:
        again = client.get(url)
    assert (again.status_code, again.data, again.headers["ETag"]) == (
        200,
        first.data,
        first.headers["ETag"],
    )
    assert again.headers["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    assert len(queries) == 1  # the visibility and the copy; nothing committed
    with count_queries() as queries:
        current = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert current.status_code == 304
    assert len(queries) == 1


def test_a_feeds_bytes_are_read_for_the_etag_that_was_seen(client, app):
    network = make_network()
    event = make_event(network)
    url = f"/n/{network.slug}/events.ics"
    etag = client.get(url).headers["ETag"]
    copy = db.session.scalar(sa.select(CalendarCopy).where(CalendarCopy.network_id == network.id))
    # By generation: once a change raised it, the bytes read with the old one are gone (the
    # view then builds the feed instead).
    assert copies.body_of(copy.id, copy.generation) is not None
    assert copies.body_of(copy.id, copy.generation + 1) is None
    data = EventData.of(event)
    data.title = "Renamed in between"
    events.update_event(event, data)
    db.session.commit()
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert b"Renamed in between" in response.data
