"""Meeting emails: the .ics files they carry, and the reminder ten minutes before."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar

from eventnet.extensions import db
from eventnet.mail.signals import worker_tick
from eventnet.mail.worker import run_pass
from eventnet.meetings import services
from eventnet.wiring import receivers_of
from tests.meetings.conftest import accept, ask, attendee, emails_to, meeting_event


def ics_of(email) -> Calendar:
    [attachment] = email.attachments
    assert attachment.content_type.startswith("text/calendar")
    return Calendar.from_ical(attachment.data)


def test_the_accepted_email_carries_a_meeting_request_with_a_stable_uid(app):
    event = meeting_event(timezone="Europe/London")
    priya, tom = attendee(event, "Priya Shah"), attendee(event, "Tom Okafor")
    meeting = accept(ask(event, priya, tom, message="Curriculum"))
    [email] = emails_to(tom, "meeting-accepted")
    calendar = ics_of(email)
    assert calendar["method"] == "REQUEST"
    [entry] = calendar.walk("VEVENT")
    assert str(entry["uid"]) == f"meeting-{meeting.id}@eventnet.test"
    assert entry.decoded("dtstart") == meeting.starts_at
    assert entry.decoded("dtend") == meeting.ends_at
    assert str(entry["location"]) == "Table 1"
    assert str(entry["status"]) == "CONFIRMED"
    assert "Priya Shah" in str(entry["summary"])
    assert "dtstamp" in entry
    assert entry["dtstart"].params["TZID"] == "Europe/London"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_cancelling_an_accepted_meeting_sends_a_cancel_with_the_same_uid(pair):
    event, priya, tom = pair
    meeting = accept(ask(event, priya, tom))
    accepted_seq = meeting.sequence
    services.cancel(meeting, tom)
    db.session.commit()
    [email] = emails_to(priya, "meeting-cancelled")
    calendar = ics_of(email)
    assert calendar["method"] == "CANCEL"
    [entry] = calendar.walk("VEVENT")
    assert str(entry["uid"]) == f"meeting-{meeting.id}@eventnet.test"
    assert str(entry["status"]) == "CANCELLED"
    assert entry["sequence"] > accepted_seq


def test_withdrawing_a_request_tells_the_invitee_without_a_calendar_file(pair):
    event, priya, tom = pair
    meeting = ask(event, priya, tom)
    services.cancel(meeting, priya)
    db.session.commit()
    [email] = emails_to(tom, "meeting-cancelled")
    assert email.attachments == []


def test_the_reminder_step_queues_once_ten_minutes_before(pair):
    event, priya, tom = pair
    meeting = accept(ask(event, priya, tom))
    assert services.queue_due_reminders in receivers_of(worker_tick)
    assert services.queue_due_reminders(meeting.starts_at - timedelta(minutes=11)) == 0
    at = meeting.starts_at - timedelta(minutes=10)
    assert services.queue_due_reminders(at) == 2
    db.session.commit()
    assert services.queue_due_reminders(at + timedelta(minutes=1)) == 0
    [email] = emails_to(priya, "meeting-reminder")
    assert "Tom Okafor" in email.subject
    assert "Table 1" in email.text_body
    assert "/unsubscribe/" in email.headers["List-Unsubscribe"]
    [accepted] = emails_to(priya, "meeting-accepted")
    assert "List-Unsubscribe" not in accepted.headers


def test_the_worker_pass_runs_the_reminder_step(pair):
    event, priya, tom = pair
    meeting = accept(ask(event, priya, tom))
    report = run_pass(meeting.starts_at - timedelta(minutes=5))
    assert report.scheduled >= 2
    assert emails_to(tom, "meeting-reminder")


def test_no_reminder_for_someone_who_turned_them_off(pair):
    from eventnet.mail.preferences import set_preference

    event, priya, tom = pair
    meeting = accept(ask(event, priya, tom))
    set_preference(tom, "meetings", False)
    db.session.commit()
    assert services.queue_due_reminders(meeting.starts_at - timedelta(minutes=5)) == 1
    assert emails_to(tom, "meeting-reminder") == []
    assert emails_to(priya, "meeting-reminder")


def test_turning_reminders_off_leaves_requests_and_answers_on(pair):
    from eventnet.mail.preferences import set_preference

    event, priya, tom = pair
    set_preference(tom, "meetings", False)
    db.session.commit()
    accept(ask(event, priya, tom))
    assert emails_to(tom, "meeting-requested")
    assert emails_to(tom, "meeting-accepted")
