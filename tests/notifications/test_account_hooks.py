"""Email preferences and feedback in "download my data", and gone with the account."""

from __future__ import annotations

from eventnet.accounts.services import export_user_data
from eventnet.extensions import db
from eventnet.mail.models import EmailPreference
from eventnet.mail.preferences import set_preference
from eventnet.notifications import receivers, services
from eventnet.notifications.models import Feedback


def test_export_has_email_preferences_and_feedback(people):
    r = people.attendee()
    set_preference(r.user, "follow_ups", False)
    services.give_feedback(people.event, r.user, 4, "Useful")
    db.session.commit()

    exported = export_user_data(r.user)
    assert exported["email_preferences"]["follow_ups"] is False
    [given] = exported["event_feedback"]
    assert (given["event"], given["rating"], given["comment"]) == (people.event.title, 4, "Useful")


def test_deleting_an_account_deletes_its_preferences_and_feedback(people):
    r = people.attendee()
    set_preference(r.user, "reminders", False)
    services.give_feedback(people.event, r.user, 2)
    db.session.commit()

    receivers.delete_account_data(r.user)  # the notifications step of account_deleting
    db.session.commit()

    assert db.session.query(EmailPreference).count() == 0
    assert db.session.query(Feedback).count() == 0
