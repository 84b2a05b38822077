"""eventnet/wiring.py: which receivers answer each signal, in which order, and why the order
matters (an event change that frees places)."""

from __future__ import annotations

from datetime import timedelta

from eventnet import wiring
from eventnet.accounts.services import export_user_data
from eventnet.accounts.signals import account_deleting, account_deletion_described
from eventnet.events import services as events
from eventnet.events.services import EventData
from eventnet.events.signals import event_cancelled, event_changed
from eventnet.extensions import db
from eventnet.mail.signals import worker_tick
from eventnet.registration.models import RegistrationStatus
from tests.factories import make_event, make_network, make_user, register
from tests.notifications.conftest import as_mime, attachment, queued


def _names(signal) -> list[str]:
    return [f"{r.__module__}.{r.__name__}" for r in wiring.receivers_of(signal)]


def test_every_pair_of_the_list_is_connected_once_in_its_order(app):
    wiring.connect_all()  # a second call changes nothing
    by_signal: dict = {}
    for signal, receiver in wiring.RECEIVERS:
        by_signal.setdefault(signal, []).append(receiver)
    for signal, receivers in by_signal.items():
        assert wiring.receivers_of(signal) == receivers, signal.name


def test_promotion_runs_before_the_change_email(app):
    assert _names(event_changed) == [
        "eventnet.registration.receivers.fill_freed_places",
        "eventnet.notifications.receivers.email_event_changed",
        "eventnet.calendar.receivers.forget_event_files",
    ]
    assert _names(event_cancelled) == [
        "eventnet.registration.receivers.email_event_cancelled",
        "eventnet.calendar.receivers.forget_event_files",
    ]


def test_the_worker_runs_meeting_reminders_then_the_event_schedules(app):
    assert _names(worker_tick) == [
        "eventnet.meetings.services.reminders.queue_due_reminders",
        "eventnet.notifications.services.scheduler.schedule_due_emails",
    ]


def test_deletion_empties_the_outbox_first_and_describes_each_step_in_its_order(app):
    steps = [name.rpartition(".receivers.")[0] for name in _names(account_deleting)]
    described = [n.rpartition(".receivers.")[0] for n in _names(account_deletion_described)]
    assert (
        steps
        == described
        == [
            "eventnet.mail",
            "eventnet.networks",
            "eventnet.registration",
            "eventnet.profiles",
            "eventnet.connections",
            "eventnet.meetings",
            "eventnet.notifications",
        ]
    )


def _freeing_places_and_moving(event) -> None:
    data = EventData.of(event)
    data.capacity_in_person = 2
    data.starts_at += timedelta(hours=1)
    data.ends_at += timedelta(hours=1)
    events.update_event(event, data)
    db.session.commit()


def _one_place_and_a_waitlist():
    event = make_event(make_network(), capacity_in_person=1)
    confirmed = register(event, make_user("Ada Confirmed"))
    waiting = register(event, make_user("Grace Waiting"))
    assert waiting.status is RegistrationStatus.WAITLISTED
    return event, confirmed, waiting


def test_an_edit_that_frees_a_place_promotes_then_tells_the_promoted_as_confirmed(app):
    event, confirmed, waiting = _one_place_and_a_waitlist()

    _freeing_places_and_moving(event)

    db.session.refresh(waiting)
    assert waiting.status is RegistrationStatus.CONFIRMED
    [promoted] = queued("registration-promoted", to=waiting.user.email)
    assert attachment(as_mime(promoted), "text/calendar") is not None
    changed = queued("event-changed")
    assert {e.to_address for e in changed} == {confirmed.user.email, waiting.user.email}
    # The change email reached them after the promotion: as a confirmed attendee, with the
    # updated invitation (a waitlisted person's change email carries none).
    [to_promoted] = queued("event-changed", to=waiting.user.email)
    part = attachment(as_mime(to_promoted), "text/calendar")
    assert part is not None
    assert part.get_param("method") == "REQUEST"
    assert promoted.id < to_promoted.id


def test_in_the_other_order_the_promoted_person_would_get_no_invitation(app):
    """What the order protects: swapped, the change email goes out while they still wait."""
    event, _confirmed, waiting = _one_place_and_a_waitlist()
    wired = wiring.receivers_of(event_changed)
    for receiver in wired:
        event_changed.disconnect(receiver)
    for receiver in reversed(wired):
        event_changed.connect(receiver, weak=False)
    try:
        _freeing_places_and_moving(event)
    finally:
        for receiver in wired:
            event_changed.disconnect(receiver)
        for receiver in wired:
            event_changed.connect(receiver, weak=False)
    assert wiring.receivers_of(event_changed) == wired
    [to_promoted] = queued("event-changed", to=waiting.user.email)
    assert attachment(as_mime(to_promoted), "text/calendar") is None


def test_receivers_run_inside_the_senders_transaction(app):
    event, _confirmed, waiting = _one_place_and_a_waitlist()
    data = EventData.of(event)
    data.capacity_in_person = 2
    events.update_event(event, data)
    db.session.rollback()  # the caller gives up: the promotion and its email go with it

    db.session.refresh(waiting)
    assert waiting.status is RegistrationStatus.WAITLISTED
    assert queued("registration-promoted") == []


def test_the_export_keeps_its_sections_in_the_order_of_the_list(app):
    user = make_user()
    assert list(export_user_data(user)) == [
        "exported_at",
        "emails",
        "account",
        "api_tokens",
        "networks",
        "registrations",
        "profile",
        "contacts",
        "calendar_feed",
        "meetings",
        "email_preferences",
        "event_feedback",
    ]


def test_the_delete_page_lists_each_step_in_the_order_they_run(client, login_as):
    login_as(make_user())
    page = client.get("/me/delete").get_data(as_text=True)
    sentences = [
        "Emails to you that are still in our outbox are deleted, unsent.",
        "You leave every network.",
        "Your registrations are cancelled; your places go to the next people on the waitlists.",
        "Your pitch card, its tags and your photo are deleted.",
        "Your contact exchanges are deleted",
        "Your meeting requests and meetings still to come are cancelled, and the other person",
        "Your email settings and the feedback you gave on events are deleted.",
    ]
    positions = [page.find(s) for s in sentences]
    assert -1 not in positions
    assert positions == sorted(positions)
