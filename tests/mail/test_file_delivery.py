"""With no SMTP server configured, due messages become .eml files in EVENTNET_MAIL_DIR."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

from eventnet.db import utcnow
from eventnet.extensions import db
from eventnet.mail.models import EmailStatus
from eventnet.mail.services import Attachment
from eventnet.mail.worker import run_pass
from tests.mail.conftest import message_id, queue_reset_mail
from tests.mailbox import outbox

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nPRODID:-//eventnet//test//EN\r\n"
    "BEGIN:VEVENT\r\nUID:event-1@eventnet.test\r\nSUMMARY:Heads’ breakfast\r\n"
    "DTSTART:20270101T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
).encode()


def read_eml(directory: Path):
    files = sorted(directory.glob("*.eml"))
    return [message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]


def test_tick_writes_due_messages_as_eml_files(app, runner, tmp_path):
    queue_reset_mail(1)
    queue_reset_mail(2)
    db.session.commit()
    assert app.config["EVENTNET_SMTP_URL"] is None

    result = runner.invoke(args=["tick"])

    assert result.exit_code == 0, result.output
    assert "sent 2" in result.output
    mail_dir = tmp_path / "mail"
    assert Path(app.config["EVENTNET_MAIL_DIR"]) == mail_dir
    assert list(mail_dir.glob("*.tmp")) == []
    messages = read_eml(mail_dir)
    rows = outbox()
    assert sorted(message_id(m) for m in messages) == sorted(r.message_id for r in rows)
    for row in rows:
        assert row.status is EmailStatus.SENT
        assert row.attempts == 1
        assert row.sent_at is not None


def test_eml_is_multipart_alternative_with_the_rows_headers(app, tmp_path):
    email = queue_reset_mail(7, headers={"Reply-To": "organiser@school.example"})
    db.session.commit()

    assert run_pass().sent == 1

    [message] = read_eml(tmp_path / "mail")
    assert message.get_content_type() == "multipart/alternative"
    assert message_id(message) == email.message_id
    assert message["To"] == "Person 7 <person7@school.example>"
    assert message["To"].addresses[0].addr_spec == "person7@school.example"
    assert message["Subject"] == "Choose a new eventnet password"
    assert message["From"] == app.config["EVENTNET_MAIL_FROM"]
    assert message["Reply-To"] == "organiser@school.example"
    assert message["Date"].datetime is not None
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text.get_content_type() == "text/plain"
    assert html.get_content_type() == "text/html"
    assert "http://eventnet.test/r/7" in text.get_content()
    assert 'href="http://eventnet.test/r/7"' in html.get_content()
    assert list(message.iter_attachments()) == []


def test_message_id_is_stable_across_a_retry(app, tmp_path):
    """A message that fails once and is sent later keeps the Message-ID it was queued with."""
    email = queue_reset_mail(3)
    db.session.commit()
    queued_id = email.message_id
    # The mail folder cannot be created (a file is in the way): the first attempt fails.
    blocked = tmp_path / "mail"
    blocked.write_text("not a folder")

    now = utcnow()
    assert run_pass(now).retrying == 1
    blocked.unlink()
    assert run_pass(now + timedelta(minutes=2)).sent == 1

    [message] = read_eml(blocked)
    assert message_id(message) == queued_id
    [row] = outbox()
    assert row.message_id == queued_id
    assert row.attempts == 2


def test_attachments_arrive_with_their_content_type_and_filename(app, tmp_path):
    vcard = b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann Head\r\nEND:VCARD\r\n"
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
    queue_reset_mail(
        1,
        attachments=(
            Attachment("invite.ics", "text/calendar; method=REQUEST", ICS),
            Attachment("ann.vcf", "text/vcard", vcard),
            Attachment("programme.pdf", "application/pdf", pdf),
        ),
    )
    db.session.commit()

    assert run_pass().sent == 1

    [message] = read_eml(tmp_path / "mail")
    assert message.get_content_type() == "multipart/mixed"
    body = message.get_body(preferencelist=("plain", "html"))
    assert body.get_content_type() == "text/plain"
    assert message.get_body(preferencelist=("html",)) is not None
    attachments = list(message.iter_attachments())
    assert [(a.get_filename(), a.get_content_type()) for a in attachments] == [
        ("invite.ics", "text/calendar"),
        ("ann.vcf", "text/vcard"),
        ("programme.pdf", "application/pdf"),
    ]
    invite, card, programme = attachments
    assert invite.get_param("method") == "REQUEST"
    assert invite.get_content_disposition() == "attachment"
    assert "UID:event-1@eventnet.test" in invite.get_content()
    assert "SUMMARY:Heads’ breakfast" in invite.get_content()
    assert "FN:Ann Head" in card.get_content()
    assert programme.get_content() == pdf


def test_attachment_content_type_parameters_are_kept_as_given(app, tmp_path):
    """Quoted values are not quoted twice, and parameters of non-text types survive too."""
    queue_reset_mail(
        1,
        attachments=(
            Attachment("invite.ics", 'text/calendar; charset="utf-8"; method="CANCEL"', ICS),
            Attachment("data.bin", "application/octet-stream; type=badge", b"\x00\x01"),
        ),
    )
    db.session.commit()

    assert run_pass().sent == 1

    [message] = read_eml(tmp_path / "mail")
    invite, data = message.iter_attachments()
    assert invite.get_param("method") == "CANCEL"
    assert invite.get_content_charset() == "utf-8"
    assert data.get_param("type") == "badge"
    assert data.get_content() == b"\x00\x01"


def test_messages_not_yet_due_are_not_written(app, tmp_path):
    queue_reset_mail(1, send_after=utcnow() + timedelta(hours=1))
    db.session.commit()

    assert run_pass().sent == 0
    assert read_eml(tmp_path / "mail") == []
    assert outbox()[0].status is EmailStatus.QUEUED

    assert run_pass(utcnow() + timedelta(hours=2)).sent == 1
    assert len(read_eml(tmp_path / "mail")) == 1


def test_eml_files_use_crlf_line_ends_as_on_the_wire(app, tmp_path):
    queue_reset_mail(
        1, attachments=(Attachment("event.ics", "text/calendar; method=REQUEST", ICS),)
    )
    db.session.commit()
    run_pass()
    [path] = (tmp_path / "mail").glob("*.eml")
    raw = path.read_bytes()
    assert b"\r\n" in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")
