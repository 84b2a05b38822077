"""Accepted meetings in the person's private calendar feed, and nowhere else."""

from __future__ import annotations

from icalendar import Calendar

from eventnet.calendar.services import make_feed_token
from eventnet.extensions import db
from eventnet.meetings import services
from tests.meetings.conftest import accept, ask, attendee


def feed_uids(client, user) -> list[str]:
    secret = make_feed_token(user).secret
    db.session.commit()
    response = client.get(f"/cal/{secret}.ics")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.data)
    return [str(e["uid"]) for e in calendar.walk("VEVENT")]


def test_an_accepted_meeting_is_in_both_peoples_feeds(pair, client):
    event, priya, tom = pair
    meeting = accept(ask(event, priya, tom))
    uid = f"meeting-{meeting.id}@eventnet.test"
    assert uid in feed_uids(client, priya)
    assert uid in feed_uids(client, tom)
    assert uid not in feed_uids(client, attendee(event))


def test_requests_and_cancelled_meetings_stay_out_of_the_feed(pair, client):
    event, priya, tom = pair
    pending = ask(event, priya, tom, n=1)
    cancelled = accept(ask(event, priya, tom))
    services.cancel(cancelled, tom)
    db.session.commit()
    uids = feed_uids(client, priya)
    assert f"meeting-{pending.id}@eventnet.test" not in uids
    assert f"meeting-{cancelled.id}@eventnet.test" not in uids
