"""Deleting an account frees its places for the waitlist; the data export lists registrations."""

from eventnet.accounts.services import delete_account, export_user_data
from eventnet.extensions import db
from eventnet.registration.models import RegistrationStatus
from tests.conftest import PASSWORD
from tests.factories import make_event, register


def test_account_deletion_cancels_registrations_and_promotes_the_waitlist(app):
    event = make_event(capacity_in_person=1)
    leaving = register(event)
    waiting = register(event)
    waiting_id = waiting.id
    delete_account(leaving.user, PASSWORD)
    db.session.commit()
    waiting = db.session.get(type(waiting), waiting_id)
    assert waiting.status is RegistrationStatus.CONFIRMED


def test_data_export_lists_my_registrations(app):
    event = make_event(title="Spring term meet-up")
    registration = register(event)
    data = export_user_data(registration.user)
    [entry] = data["registrations"]
    assert entry["event"] == "Spring term meet-up"
    assert entry["status"] == "confirmed"
    assert entry["event_url"] == f"http://eventnet.test/e/{event.slug}"
