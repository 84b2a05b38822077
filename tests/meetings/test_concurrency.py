"""Many accepts in the same second: never a double booking, on SQLite and PostgreSQL."""

from __future__ import annotations

from functools import partial

import sqlalchemy as sa

from eventnet.accounts.models import User
from eventnet.errors import DomainError
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.meetings import services
from eventnet.meetings.models import Meeting, MeetingBooking, MeetingStatus
from tests.bursts import burst, emails_queued, server_errors, together
from tests.meetings.conftest import ask, attendee, meeting_event, slot


def accept_all_at_once(app, meeting_ids: list[int]) -> list[int]:
    """Each meeting's invitee presses "accept" at the same moment, each in its own request;
    the ids of the meetings refused."""

    def press_accept(meeting_id: int) -> int | None:
        """The meeting's id when it was refused."""
        meeting = db.session.get(Meeting, meeting_id)
        try:
            services.accept(meeting, db.session.get(User, meeting.invitee_id))
        except DomainError:
            return meeting_id
        db.session.commit()
        return None

    outcomes = together(app, [partial(press_accept, i) for i in meeting_ids])
    return [i for i in outcomes if i is not None]


def accepted(event_id: int) -> list[Meeting]:
    return db.session.scalars(
        sa.select(Meeting).where(
            Meeting.event_id == event_id, Meeting.status == MeetingStatus.ACCEPTED
        )
    ).all()


def test_concurrent_accepts_for_one_person_in_one_slot_book_them_once(app):
    event_id = meeting_event(tables=20).id
    event = db.session.get(Event, event_id)
    tom = attendee(event, "Tom Okafor")
    ids = [ask(event, attendee(event), tom).id for _ in range(8)]
    db.session.remove()
    refused = accept_all_at_once(app, ids)
    assert len(accepted(event_id)) == 1
    assert len(refused) == 7
    others = db.session.scalars(sa.select(Meeting).where(Meeting.id.in_(ids))).all()
    assert sorted(m.status.value for m in others).count("declined") == 7


def test_concurrent_accepts_never_put_two_meetings_at_one_table(app):
    event_id = meeting_event(tables=2).id
    event = db.session.get(Event, event_id)
    ids = [ask(event, attendee(event), attendee(event)).id for _ in range(6)]
    db.session.remove()
    refused = accept_all_at_once(app, ids)
    meetings = accepted(event_id)
    assert sorted(m.place for m in meetings) == ["Table 1", "Table 2"]
    assert len(refused) == 4
    places = db.session.scalars(
        sa.select(MeetingBooking.resource).where(MeetingBooking.resource.like("place:%"))
    ).all()
    assert sorted(places) == ["place:Table 1", "place:Table 2"]


def test_concurrent_accepts_keep_the_cap_per_person(app):
    event_id = meeting_event(tables=20, cap=2, windows="12:00-14:00").id
    event = db.session.get(Event, event_id)
    tom = attendee(event, "Tom Okafor")
    ids = [ask(event, attendee(event), tom, n=n).id for n in range(6)]
    db.session.remove()
    refused = accept_all_at_once(app, ids)
    assert len(accepted(event_id)) == 2
    assert len(refused) == 4


def test_twenty_identical_requests_at_once_ask_once_and_email_once(app, client, login_as):
    event_id = meeting_event(tables=2).id
    event = db.session.get(Event, event_id)
    priya = attendee(event, "Priya Shah")
    tom = attendee(event, "Tom Okafor")
    login_as(priya)
    emails = emails_queued()

    answers = burst(
        app,
        client,
        "POST",
        f"/e/{event.slug}/meetings/request/{tom.id}",
        data={"slot": slot(event).isoformat(), "message": "Assessment?"},
    )

    assert not server_errors(answers), server_errors(answers)
    (meeting,) = db.session.scalars(sa.select(Meeting).where(Meeting.event_id == event_id)).all()
    assert (meeting.requester_id, meeting.invitee_id) == (priya.id, tom.id)
    assert emails_queued() - emails == 1  # Tom is asked once
    assert sum(a.status == 302 for a in answers) == 1
    for answer in answers:
        if answer.status != 302:
            assert "You have already asked for this slot" in answer.page
