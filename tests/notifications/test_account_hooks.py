"""Email preferences and feedback in "download my data", and gone with the account."""

from __future__ import annotations

from eventnet.accounts import hooks
from eventnet.extensions import db
from eventnet.notifications import services
from eventnet.notifications.models import EmailPreference, Feedback
from eventnet.notifications.preferences import set_preference


def test_export_has_email_preferences_and_feedback(people):
    r = people.attendee()
    set_preference(r.user, "follow_ups", False)
    services.give_feedback(people.event, r.user, 4, "Useful")
    db.session.commit()

    assert hooks.exporters["email_preferences"](r.user)["follow_ups"] is False
    [given] = hooks.exporters["event_feedback"](r.user)
    assert (given["event"], given["rating"], given["comment"]) == (people.event.title, 4, "Useful")


def test_deleting_an_account_deletes_its_preferences_and_feedback(people):
    r = people.attendee()
    set_preference(r.user, "reminders", False)
    services.give_feedback(people.event, r.user, 2)
    db.session.commit()

    for step in hooks.deletion_steps:
        if step.__module__ == "eventnet.notifications.services.account":
            step(r.user)
    db.session.commit()

    assert db.session.query(EmailPreference).count() == 0
    assert db.session.query(Feedback).count() == 0
