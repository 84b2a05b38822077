"""One real worker pass: scheduled, delivered over SMTP (aiosmtpd) and to .eml files, and
read back the way a mail client would: parts, headers, the .ics and the .vcf."""

from __future__ import annotations

from email import message_from_bytes, policy

import icalendar
import vobject

from eventnet.extensions import db
from eventnet.mail.worker import run_pass
from eventnet.notifications.partners import Partner
from tests.mail.conftest import smtp_server, start_smtp  # noqa: F401 - fixtures
from tests.notifications.conftest import People, as_mime, queued


def _scenario(partner_source):
    """A past event with a follow-up due, and an upcoming one with a reminder due."""
    past = People(venue_name="Oakfield Academy")
    ada, grace = past.attendee("Ada Lovelace"), past.attendee("Grace Hopper")
    past.check_in(ada)
    past.check_in(grace)
    partner_source(
        lambda event, user: [
            Partner(grace.user if user.id == ada.user_id else ada.user, {"exchanged contacts"},
                    {"email": "them@example.org"}, "Follow up about mentoring")
        ]
    )  # fmt: skip
    return past, ada, grace


def _check(message, kind: str):
    assert message.get_content_type() == "multipart/mixed" or message.is_multipart()
    body = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert body is not None
    assert html is not None
    assert message["List-Unsubscribe"].startswith("<https://eventnet.test/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"]


def test_a_pass_delivers_follow_ups_over_smtp_that_parse(app, smtp_server, partner_source):  # noqa: F811
    past, ada, grace = _scenario(partner_source)
    run_pass()  # the registration confirmations
    smtp_server.handler.received.clear()

    report = run_pass(past.follow_up_due)

    assert report.scheduled == 2
    assert report.sent == 2
    received = smtp_server.handler.received
    assert len(received) == 2
    for message in received:
        _check(message, "follow-up")
        [vcf] = [a for a in message.iter_attachments() if a.get_filename() == "contacts.vcf"]
        card = vobject.readOne(vcf.get_content())
        assert card.fn.value in ("Ada Lovelace", "Grace Hopper")
        assert card.note.value == "Follow up about mentoring"
    # A second pass at the same moment sends nothing more.
    assert run_pass(past.follow_up_due).sent == 0
    assert len(smtp_server.handler.received) == 2


def test_a_pass_writes_reminders_as_eml_files_with_the_invitation(app, tmp_path):
    p = People(venue_name="Oakfield Academy")
    p.attendee("Ada Lovelace")
    p.attendee("Grace Hopper")
    run_pass()  # the registration confirmations
    for path in (tmp_path / "mail").glob("*.eml"):
        path.unlink()

    report = run_pass(p.reminder_due)

    assert (report.scheduled, report.sent) == (2, 2)
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 2
    for path in files:
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        _check(message, "reminder")
        [invite] = [
            a for a in message.iter_attachments() if a.get_content_type() == "text/calendar"
        ]
        assert invite.get_param("method") == "REQUEST"
        calendar = icalendar.Calendar.from_ical(invite.get_content())
        assert calendar["METHOD"] == "REQUEST"
        assert calendar.walk("VEVENT")[0]["SUMMARY"] == p.event.title
    db.session.expire_all()
    assert {e.status.value for e in queued("reminder")} == {"sent"}


def test_as_mime_matches_what_is_delivered(app, people):
    people.attendee()
    run_pass(people.reminder_due)
    [email] = queued("reminder")
    assert as_mime(email)["Message-ID"] == email.message_id
