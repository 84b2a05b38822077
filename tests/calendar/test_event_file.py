"""/e/<event>.ics: one event with its agenda, as every calendar app imports it."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from eventnet.events import services as events
from eventnet.events.services import EventData, SessionData
from eventnet.extensions import db
from tests.calendar.helpers import by_uid, expand, parse, vevents
from tests.factories import add_member, make_event, make_network, make_user

WEEK = datetime.now().replace(second=0, microsecond=0) + timedelta(days=7)


def _edit(event, **changes):
    events.update_event(event, replace(EventData.of(event), **changes))
    db.session.commit()


def _file(client, event):
    response = client.get(f"/e/{event.slug}.ics")
    assert response.status_code == 200, response.status
    return response.data


def test_event_file_is_a_calendar_download_named_after_the_event(client, app):
    event = make_event(title="Spring heads meet-up")
    response = client.get(f"/e/{event.slug}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    assert response.headers["ETag"]
    assert response.headers["Last-Modified"]
    (vevent,) = vevents(response.data)
    assert str(vevent["summary"]) == "Spring heads meet-up"


def test_ics_address_and_event_page_are_different_routes(client, app):
    event = make_event()
    page = client.get(f"/e/{event.slug}")
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    assert client.get(f"/e/{event.slug}.ics").headers["Content-Type"].startswith("text/calendar")
    assert client.get("/e/no-such-event.ics").status_code == 404
    assert client.get("/e/no-such-event").status_code == 404


def test_event_page_offers_add_to_calendar_with_file_and_google_links(client, app):
    event = make_event(
        title="Heads & deputies", venue_name="Oakfield Academy", venue_address="1 High St"
    )
    html = client.get(f"/e/{event.slug}").get_data(as_text=True)
    assert f'href="/e/{event.slug}.ics"' in html
    google = re.search(r'href="(https://calendar\.google\.com/calendar/render\?[^"]+)"', html)
    assert google
    link = google.group(1).replace("&amp;", "&")
    assert "action=TEMPLATE" in link
    assert "text=Heads+%26+deputies" in link
    start = event.starts_at.strftime("%Y%m%dT%H%M%SZ")
    end = event.ends_at.strftime("%Y%m%dT%H%M%SZ")
    assert f"dates={start}%2F{end}" in link
    assert "location=Oakfield+Academy%2C+1+High+St" in link
    assert "details=" in link


def test_every_property_a_calendar_app_needs_is_there(client, app):
    network = make_network(name="Midlands Heads Network")
    event = make_event(
        network,
        title="Termly meet-up",
        description="Bring **one** question.\n\nSee [the agenda](https://example.org/a).",
        venue_name="Oakfield Academy",
        venue_address="1 High Street\nBirmingham",
        hashtag="MHN2026",
        timezone="Europe/London",
        starts_at=datetime(2031, 3, 12, 18, 30),
        ends_at=datetime(2031, 3, 12, 20, 30),
    )
    body = _file(client, event)
    (vevent,) = vevents(body)
    assert str(vevent["uid"]) == f"event-{event.id}@eventnet.test"
    assert vevent.decoded("dtstamp")
    assert vevent.decoded("last-modified")
    assert vevent["dtstart"].params["TZID"] == "Europe/London"
    assert vevent.decoded("dtstart").hour == 18  # wall-clock time in the event's zone
    assert vevent.decoded("dtend") - vevent.decoded("dtstart") == timedelta(hours=2)
    assert str(vevent["description"]).startswith(
        "Bring one question.\n\nSee the agenda (https://example.org/a)."
    )
    assert "**" not in str(vevent["description"])
    assert str(vevent["location"]) == "Oakfield Academy, 1 High Street, Birmingham"
    assert str(vevent["url"]) == f"http://eventnet.test/e/{event.slug}"
    assert str(vevent["organizer"]) == "mailto:no-reply@localhost"
    assert vevent["organizer"].params["CN"] == "Midlands Heads Network"
    assert vevent["sequence"] == 0
    assert "#MHN2026" in vevent["categories"].cats
    assert str(vevent["status"]) == "CONFIRMED"
    assert [o["uid"] for o in expand(body, days_ahead=3000)] == [vevent["uid"]]


def test_online_event_says_online_and_never_carries_the_join_url(client, app):
    event = make_event(format="virtual", join_url="https://meet.example/secret-room")
    body = _file(client, event)
    (vevent,) = vevents(body)
    assert str(vevent["location"]) == "Online"
    assert b"secret-room" not in body


def _with_sessions(event):
    start = EventData.of(event).starts_at
    events.add_session(event, SessionData("Welcome", start, start + timedelta(minutes=30)))
    events.add_session(
        event,
        SessionData("Panel", start + timedelta(minutes=30), start + timedelta(hours=1), "Hall"),
    )
    db.session.commit()


def test_the_event_file_is_one_entry_even_with_an_agenda(client, app):
    event = make_event(timezone="Europe/London")
    _with_sessions(event)
    body = _file(client, event)
    (vevent,) = vevents(body)
    assert str(vevent["uid"]) == f"event-{event.id}@eventnet.test"
    assert b"Welcome" not in body
    assert len(expand(body)) == 1


def test_the_event_file_reminds_an_hour_before(client, app):
    event = make_event()
    (vevent,) = vevents(_file(client, event))
    (alarm,) = vevent.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"
    assert alarm.decoded("trigger") == timedelta(hours=-1)
    assert event.title in str(alarm["description"])


def test_a_cancelled_event_file_has_no_reminder(client, app):
    event = make_event()
    events.cancel_event(event, "")
    db.session.commit()
    (vevent,) = vevents(_file(client, event))
    assert vevent.walk("VALARM") == []


def test_agenda_sessions_are_an_opt_in_file_of_their_own(client, app):
    event = make_event(timezone="Europe/London")
    assert client.get(f"/e/{event.slug}/agenda.ics").status_code == 404  # no sessions yet
    _with_sessions(event)
    response = client.get(f"/e/{event.slug}/agenda.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{event.slug}-agenda.ics"'
    )
    found = by_uid(response.data)
    assert len(found) == 2
    assert {str(v["summary"]) for v in found.values()} == {
        f"Welcome ({event.title})",
        f"Panel ({event.title})",
    }
    for session in found.values():
        assert "-session-" in str(session["uid"])
        assert str(session["related-to"]) == f"event-{event.id}@eventnet.test"
        assert session.walk("VALARM") == []
    assert len(expand(response.data)) == 2
    again = client.get(
        f"/e/{event.slug}/agenda.ics", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304


def test_the_agenda_file_is_404_where_the_event_is(client, login_as, app):
    draft = make_event(publish=False)
    members_only = make_event(visibility="members")
    for event in (draft, members_only):
        _with_sessions(event)
        assert client.get(f"/e/{event.slug}/agenda.ics").status_code == 404
    member = make_user()
    add_member(members_only.network, member)
    login_as(member)
    response = client.get(f"/e/{members_only.slug}/agenda.ics")
    assert response.status_code == 200
    assert "private" in response.headers["Cache-Control"]


def test_every_tzid_used_has_its_vtimezone(client, app):
    event = make_event(
        timezone="America/New_York",
        starts_at=datetime(2031, 11, 2, 9, 0),  # the day the clocks go back there
        ends_at=datetime(2031, 11, 2, 11, 0),
    )
    calendar = parse(_file(client, event))
    tzids = {str(c["dtstart"].params["TZID"]) for c in calendar.walk("VEVENT")}
    assert tzids == {"America/New_York"}
    assert {str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")} == tzids
    assert calendar.get_missing_tzids() == set()
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.decoded("dtstart").utcoffset() == timedelta(hours=-5)


def test_lines_end_in_crlf_and_fold_at_75_octets(client, app):
    event = make_event(description="Équipe de direction — " * 40, timezone="Europe/Paris")
    body = _file(client, event)
    assert body.count(b"\r\n") == body.count(b"\n")
    for line in body.split(b"\r\n"):
        assert len(line) <= 75
    (vevent,) = vevents(body)
    assert str(vevent["description"]).startswith("Équipe de direction — Équipe")


def test_uid_never_changes_across_edits(client, app):
    event = make_event(title="Before")
    uid = str(vevents(_file(client, event))[0]["uid"])
    _edit(
        event,
        title="After",
        slug="renamed-event",
        starts_at=WEEK + timedelta(days=1),
        ends_at=WEEK + timedelta(days=1, hours=2),
        venue_name="Elsewhere",
    )
    (vevent,) = vevents(client.get("/e/renamed-event.ics").data)
    assert str(vevent["uid"]) == uid
    assert str(vevent["summary"]) == "After"


@pytest.mark.parametrize(
    ("change", "raises"),
    [
        ({"title": "A new title"}, False),
        ({"description": "More words"}, False),
        ({"hashtag": "NewTag"}, False),
        ({"starts_at": WEEK - timedelta(hours=1)}, True),
        ({"ends_at": WEEK + timedelta(hours=3)}, True),
        ({"venue_name": "The other school"}, True),
        ({"venue_address": "2 Low Road"}, True),
        ({"format": "hybrid"}, True),
    ],
)
def test_sequence_rises_when_time_or_place_changes_only(client, app, change, raises):
    from eventnet.events.models import EventFormat

    event = make_event(starts_at=WEEK, ends_at=WEEK + timedelta(hours=2), venue_name="Oakfield")
    before = vevents(_file(client, event))[0]["sequence"]
    if "format" in change:
        change = {"format": EventFormat(change["format"])}
    _edit(event, **change)
    after = vevents(_file(client, event))[0]["sequence"]
    assert after == before + (1 if raises else 0)


def test_cancelled_event_file_says_cancelled_with_a_raised_sequence(client, app):
    event = make_event(title="Summer social")
    before = vevents(_file(client, event))[0]
    events.cancel_event(event, "Snowed in.")
    db.session.commit()
    (after,) = vevents(_file(client, event))
    assert str(after["status"]) == "CANCELLED"
    assert after["sequence"] == before["sequence"] + 1
    assert str(after["uid"]) == str(before["uid"])
    assert str(after["summary"]) == "Cancelled: Summer social"
    assert "Snowed in." in str(after["description"])


def test_drafts_members_only_and_private_network_events_are_404_to_outsiders(client, login_as, app):
    draft = make_event(publish=False)
    members_only = make_event(visibility="members")
    private = make_event(make_network(private=True))
    outsider = make_user()
    for who in (None, outsider):
        if who:
            login_as(who)
        for event in (draft, members_only, private):
            assert client.get(f"/e/{event.slug}.ics").status_code == 404
    member = make_user()
    add_member(members_only.network, member)
    add_member(private.network, member)
    login_as(member)
    assert client.get(f"/e/{members_only.slug}.ics").status_code == 200
    assert client.get(f"/e/{private.slug}.ics").status_code == 200
    # Organisers see drafts on the site, but a draft never goes into a calendar.
    login_as(draft.network.memberships[0].user)
    assert client.get(f"/e/{draft.slug}.ics").status_code == 404


def test_a_zone_shared_between_files_is_written_as_icalendar_writes_it(client, app):
    """The VTIMEZONE is built once per zone and its bytes reused: each file still reads as
    if icalendar had written the whole calendar, the zone before the events."""
    first = make_event(timezone="Europe/Paris", starts_at=WEEK, ends_at=WEEK + timedelta(hours=2))
    second = make_event(timezone="Europe/Paris", starts_at=WEEK, ends_at=WEEK + timedelta(hours=3))
    for event in (first, second):
        body = _file(client, event)
        assert body == parse(body).to_ical()
        assert body.index(b"BEGIN:VTIMEZONE") < body.index(b"BEGIN:VEVENT")
        assert b"COMMENT" not in body
        assert str(parse(body).walk("VTIMEZONE")[0]["tzid"]) == "Europe/Paris"
