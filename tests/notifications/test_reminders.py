"""Reminders: queued once when due, moved with the event, within a grace window, opt-out."""

from __future__ import annotations

import threading
from datetime import timedelta

from eventnet.events import services as events
from eventnet.events import times
from eventnet.events.services import EventData, SessionData
from eventnet.extensions import db
from eventnet.mail.preferences import set_preference
from eventnet.notifications import services
from eventnet.notifications.models import EmailSchedule, ScheduleKind
from tests.factories import make_event, make_user, register
from tests.notifications.conftest import People, as_mime, attachment, queued, run_scheduler


def test_an_event_gets_a_reminder_24_hours_before_and_a_follow_up_2_hours_after(people):
    schedules = services.schedules_of(people.event)
    assert [(s.kind, s.offset_minutes) for s in schedules] == [
        (ScheduleKind.REMINDER, 24 * 60),
        (ScheduleKind.FOLLOW_UP, 2 * 60),
    ]


def test_reminder_is_queued_when_due_and_not_before(people):
    registration = people.attendee("Ada Lovelace")

    assert run_scheduler(people.reminder_due - timedelta(minutes=1)) == 0
    assert queued("reminder") == []

    assert run_scheduler(people.reminder_due) == 1
    [email] = queued("reminder")
    [schedule] = [s for s in services.schedules_of(people.event) if s.kind.value == "reminder"]
    assert email.dedupe_key == f"reminder:{people.event.id}:{schedule.id}:{registration.user_id}"
    assert email.category == "reminders"
    assert email.to_address == registration.user.email
    assert people.event.title in email.subject


def test_running_the_scheduler_twice_queues_each_reminder_once(people):
    for _ in range(3):
        people.attendee()

    assert run_scheduler(people.reminder_due) == 3
    assert run_scheduler(people.reminder_due) == 0
    assert run_scheduler(people.reminder_due + timedelta(hours=1)) == 0
    assert len(queued("reminder")) == 3


def test_two_schedulers_at_once_queue_each_reminder_once(app, people):
    for _ in range(6):
        people.attendee()
    when = people.reminder_due
    barrier = threading.Barrier(2, timeout=10)
    errors: list[BaseException] = []

    def scheduler() -> None:
        try:
            with app.app_context():
                barrier.wait()
                services.schedule_due_emails(when)
                db.session.commit()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    db.session.expire_all()
    keys = [e.dedupe_key for e in queued("reminder")]
    assert len(keys) == 6
    assert len(set(keys)) == 6


def test_two_schedulers_at_once_make_one_set_of_default_schedules(app):
    p = People()
    p.attendee()
    barrier = threading.Barrier(2, timeout=10)
    errors: list[BaseException] = []

    def scheduler() -> None:
        try:
            with app.app_context():
                barrier.wait()
                services.schedule_due_emails(p.reminder_due)
                db.session.commit()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    rows = db.session.query(EmailSchedule).filter_by(event_id=p.event.id).all()
    assert len(rows) == 2
    assert len(queued("reminder")) == 1


def _move(event, hours: int) -> None:
    data = EventData.of(event)
    data.starts_at += timedelta(hours=hours)
    data.ends_at += timedelta(hours=hours)
    events.update_event(event, data)
    db.session.commit()


def test_moving_the_event_moves_its_unsent_reminders(people):
    people.attendee()
    old_due = people.reminder_due

    _move(people.event, 48)

    assert run_scheduler(old_due + timedelta(minutes=5)) == 0
    assert queued("reminder") == []
    assert run_scheduler(old_due + timedelta(hours=48)) == 1
    [email] = queued("reminder")
    assert times.format_span(people.event.starts_at, people.event.ends_at, "UTC") in email.text_body


def test_moving_the_event_earlier_does_not_queue_a_reminder_whose_moment_long_passed(people):
    people.attendee()
    now = people.event.starts_at - timedelta(hours=30)
    # Moved 20 hours earlier: it now starts in 10 hours; the 24 h reminder's moment was
    # 14 hours ago, beyond the 12-hour grace window.
    _move(people.event, -20)

    assert run_scheduler(now) == 0


def test_a_reminder_a_little_late_still_goes_but_never_after_the_start(people):
    people.attendee()

    assert run_scheduler(people.reminder_due + services.REMINDER_GRACE + timedelta(minutes=1)) == 0
    assert run_scheduler(people.event.starts_at + timedelta(minutes=1)) == 0
    assert run_scheduler(people.reminder_due + timedelta(hours=11)) == 1


def test_organisers_add_and_remove_reminders(people):
    people.attendee()
    week = services.add_schedule(people.event, ScheduleKind.REMINDER, 7 * 24 * 60)
    hour = services.add_schedule(people.event, ScheduleKind.REMINDER, 60)
    [day] = [s for s in services.schedules_of(people.event) if s.offset_minutes == 24 * 60]
    services.remove_schedule(people.event, day.id)
    db.session.commit()

    assert run_scheduler(people.event.starts_at - timedelta(days=7)) == 1
    assert run_scheduler(people.reminder_due) == 0  # removed
    assert run_scheduler(people.event.starts_at - timedelta(minutes=59)) == 1
    keys = sorted(e.dedupe_key.split(":")[2] for e in queued("reminder"))
    assert keys == sorted([str(week.id), str(hour.id)])


def test_when_several_reminders_are_due_only_the_nearest_the_start_goes(people):
    services.add_schedule(people.event, ScheduleKind.REMINDER, 23 * 60)
    db.session.commit()
    people.attendee()

    assert run_scheduler(people.event.starts_at - timedelta(hours=22)) == 1
    [email] = queued("reminder")
    assert "23 hours" in email.subject


def test_reminder_tells_when_where_agenda_and_carries_the_invitation(app):
    p = People(format="hybrid", venue_name="Oakfield Academy", venue_address="1 School Lane",
               join_url="https://meet.example/heads")  # fmt: skip
    start = p.event.starts_at.replace(tzinfo=None)
    events.add_session(
        p.event, SessionData("Welcome and coffee", start, start + timedelta(hours=1))
    )
    db.session.commit()
    in_person = p.attendee("In Person", mode="in_person")
    online = p.attendee("On Line", mode="online")

    run_scheduler(p.reminder_due)

    [to_room] = queued("reminder", to=in_person.user.email)
    [to_screen] = queued("reminder", to=online.user.email)
    assert "Oakfield Academy" in to_room.text_body
    assert "Welcome and coffee" in to_room.text_body
    assert "Welcome and coffee" in to_room.html_body
    assert "https://meet.example/heads" not in to_room.text_body + to_room.html_body
    assert "https://meet.example/heads" in to_screen.text_body
    message = as_mime(to_screen)
    invite = attachment(message, "text/calendar")
    assert invite is not None
    assert invite.get_param("method") == "REQUEST"
    assert b"METHOD:REQUEST" in invite.get_content().encode()


def test_only_confirmed_people_get_reminders(app):
    p = People(capacity_in_person=1)
    confirmed = p.attendee()
    p.attendee()  # waitlisted

    assert run_scheduler(p.reminder_due) == 1
    [email] = queued("reminder")
    assert email.to_address == confirmed.user.email


def test_people_who_turned_reminders_off_get_none(people):
    keen = people.attendee()
    quiet = people.attendee()
    set_preference(quiet.user, "reminders", False)
    db.session.commit()

    run_scheduler(people.reminder_due)

    assert [e.to_address for e in queued("reminder")] == [keen.user.email]


def test_essential_emails_still_go_to_people_who_turned_everything_off(app):
    event = make_event()
    user = make_user()
    for category in ("reminders", "follow_ups", "organiser_messages", "meetings"):
        set_preference(user, category, False)
    db.session.commit()

    register(event, user)

    [confirmation] = queued("registration-confirmed", to=user.email)
    assert confirmation.category == "registration"
    assert "List-Unsubscribe" not in confirmation.headers


def test_draft_and_cancelled_events_send_no_reminders(app):
    p = People()
    p.attendee()
    events.cancel_event(p.event)
    db.session.commit()

    assert run_scheduler(p.reminder_due) == 0
