"""Delivery over SMTP to a real aiosmtpd server: sent, refused, retried, and down then back."""

from __future__ import annotations

from datetime import timedelta

import pytest

from eventnet.db import utcnow
from eventnet.extensions import db
from eventnet.mail.models import EmailStatus
from eventnet.mail.services import Attachment
from eventnet.mail.worker import backoff, deliver_due, run_pass
from tests.mail.conftest import SMTPRecorder, free_port, message_id, queue_reset_mail
from tests.mailbox import outbox


def test_a_due_message_is_delivered_once_over_smtp(app, runner, smtp_server):
    email = queue_reset_mail(1)
    db.session.commit()

    result = runner.invoke(args=["tick"])
    assert result.exit_code == 0, result.output
    assert "sent 1" in result.output

    assert smtp_server.handler.envelopes == [("no-reply@localhost", ["person1@school.example"])]
    [message] = smtp_server.handler.received
    assert message_id(message) == email.message_id
    assert message["Subject"] == "Choose a new eventnet password"
    assert message.get_content_type() == "multipart/alternative"
    db.session.expire_all()
    [row] = outbox()
    assert row.status is EmailStatus.SENT
    assert row.attempts == 1
    assert row.sent_at is not None
    assert row.last_error is None
    assert row.claimed_until is None

    # A later pass sends nothing more.
    assert runner.invoke(args=["tick"]).exit_code == 0
    assert len(smtp_server.handler.received) == 1


def test_one_pass_delivers_a_batch_with_attachments_over_smtp(app, smtp_server):
    for n in range(5):
        queue_reset_mail(
            n, attachments=(Attachment("invite.ics", "text/calendar; method=REQUEST", b"X"),)
        )
    db.session.commit()

    assert run_pass().sent == 5

    assert sorted(smtp_server.handler.message_ids()) == sorted(r.message_id for r in outbox())
    for message in smtp_server.handler.received:
        [invite] = message.iter_attachments()
        assert invite.get_content_type() == "text/calendar"
        assert invite.get_param("method") == "REQUEST"
        assert invite.get_filename() == "invite.ics"


def test_smtp_url_credentials_are_used_to_log_in(app, start_smtp):
    """``smtp://user:pass@host:port``: AUTH on a plain connection, the password URL-decoded."""
    handler = SMTPRecorder(require_auth=True)
    server = start_smtp(handler, authenticator=handler.authenticate, auth_require_tls=False)
    app.config["EVENTNET_SMTP_URL"] = f"smtp://mailer:p%40ss%20word@127.0.0.1:{server.port}"
    queue_reset_mail(1)
    db.session.commit()

    assert run_pass().sent == 1

    assert handler.logins == [("mailer", "p@ss word")]
    assert len(handler.received) == 1


def test_wrong_smtp_credentials_keep_the_message_queued_with_the_error(app, start_smtp):
    handler = SMTPRecorder(require_auth=True)
    server = start_smtp(handler, authenticator=handler.authenticate, auth_require_tls=False)
    app.config["EVENTNET_SMTP_URL"] = f"smtp://mailer:wrong@127.0.0.1:{server.port}"
    queue_reset_mail(1)
    db.session.commit()

    report = run_pass()

    assert (report.sent, report.retrying) == (0, 1)
    assert handler.received == []
    [row] = outbox()
    assert row.status is EmailStatus.QUEUED
    assert "SMTPAuthenticationError" in row.last_error
    assert "535" in row.last_error


TEMPORARY = {
    "rcpt": ({"refuse_rcpt": "451 4.3.0 Mailbox busy, try later"}, "Mailbox busy"),
    "data": ({"refuse_data": "421 4.7.0 Too many messages, try later"}, "Too many messages"),
}
PERMANENT = {
    "rcpt": ({"refuse_rcpt": "550 5.1.1 No such mailbox here"}, "No such mailbox here"),
    "data": ({"refuse_data": "554 5.7.1 Message rejected as spam"}, "Message rejected as spam"),
}


@pytest.mark.parametrize("stage", TEMPORARY)
def test_a_temporary_refusal_is_retried_with_backoff_then_fails_keeping_the_error(
    app, start_smtp, stage
):
    refusal, text = TEMPORARY[stage]
    server = start_smtp(SMTPRecorder(**refusal))
    app.config["EVENTNET_SMTP_URL"] = server.url
    app.config["EVENTNET_MAIL_MAX_ATTEMPTS"] = 3
    queue_reset_mail(1)
    db.session.commit()

    now = utcnow()
    for attempt in (1, 2):
        report = deliver_due(now)
        assert (report.sent, report.retrying, report.failed) == (0, 1, 0)
        db.session.expire_all()
        [row] = outbox()
        assert row.status is EmailStatus.QUEUED
        assert row.attempts == attempt
        assert text in row.last_error
        assert row.send_after == now + backoff(attempt)
        assert row.sent_at is None
        # Not due again before the backoff has passed.
        assert deliver_due(row.send_after - timedelta(seconds=1)) == type(report)()
        now = row.send_after

    report = deliver_due(now)
    assert (report.sent, report.retrying, report.failed) == (0, 0, 1)
    db.session.expire_all()
    [row] = outbox()
    assert row.status is EmailStatus.FAILED
    assert row.attempts == 3
    assert text in row.last_error
    assert row.sent_at is None

    # A failed message is kept and left alone: no further attempt, ever.
    attempts_seen = server.handler.rcpt_attempts + server.handler.data_attempts
    assert deliver_due(now + timedelta(days=30)).failed == 0
    assert server.handler.rcpt_attempts + server.handler.data_attempts == attempts_seen
    assert server.handler.received == []
    assert len(outbox()) == 1


@pytest.mark.parametrize("stage", PERMANENT)
def test_a_permanent_refusal_fails_at_once_keeping_the_error(app, start_smtp, stage):
    refusal, text = PERMANENT[stage]
    server = start_smtp(SMTPRecorder(**refusal))
    app.config["EVENTNET_SMTP_URL"] = server.url
    queue_reset_mail(1)
    db.session.commit()

    report = deliver_due(utcnow())

    assert (report.sent, report.retrying, report.failed) == (0, 0, 1)
    db.session.expire_all()
    [row] = outbox()
    assert row.status is EmailStatus.FAILED
    assert row.attempts == 1
    assert text in row.last_error
    attempts_seen = server.handler.rcpt_attempts + server.handler.data_attempts
    assert deliver_due(utcnow() + timedelta(days=1)) == type(report)()
    assert server.handler.rcpt_attempts + server.handler.data_attempts == attempts_seen


def test_a_server_answering_421_then_recovering_gets_everything_once(app, start_smtp):
    handler = SMTPRecorder(refuse_data="421 4.3.2 System not accepting messages")
    server = start_smtp(handler)
    app.config["EVENTNET_SMTP_URL"] = server.url
    for n in range(5):
        queue_reset_mail(n)
    db.session.commit()

    now = utcnow()
    assert run_pass(now).retrying == 5
    handler.refuse_data = None
    assert run_pass(now + backoff(1)).sent == 5
    assert run_pass(now + timedelta(hours=2)).sent == 0

    assert sorted(handler.message_ids()) == sorted(r.message_id for r in outbox())
    assert {r.status for r in outbox()} == {EmailStatus.SENT}


def test_backoff_doubles_from_a_minute_up_to_an_hour():
    assert [backoff(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert backoff(7) == timedelta(minutes=60)
    assert backoff(30) == timedelta(minutes=60)


def test_one_refused_recipient_does_not_hold_up_the_others(app, start_smtp):
    class RefusesOne(SMTPRecorder):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
            if address == "person2@school.example":
                return "550 5.1.1 No such mailbox here"
            return await super().handle_RCPT(server, session, envelope, address, rcpt_options)

    server = start_smtp(RefusesOne())
    app.config["EVENTNET_SMTP_URL"] = server.url
    for n in (1, 2, 3):
        queue_reset_mail(n)
    db.session.commit()

    report = run_pass()

    assert (report.sent, report.failed) == (2, 1)
    assert sorted(to for _, [to] in server.handler.envelopes) == [
        "person1@school.example",
        "person3@school.example",
    ]
    statuses = {e.to_address: e.status for e in outbox()}
    assert statuses == {
        "person1@school.example": EmailStatus.SENT,
        "person2@school.example": EmailStatus.FAILED,
        "person3@school.example": EmailStatus.SENT,
    }


def test_messages_wait_while_the_server_is_down_then_go_out_once_each(app, start_smtp):
    port = free_port()  # nothing listens here yet
    app.config["EVENTNET_SMTP_URL"] = f"smtp://127.0.0.1:{port}"
    for n in range(3):
        queue_reset_mail(n)
    db.session.commit()

    now = utcnow()
    report = run_pass(now)
    assert (report.sent, report.retrying, report.failed) == (0, 3, 0)
    for row in outbox():
        assert row.status is EmailStatus.QUEUED
        assert row.attempts == 1
        assert "Connection refused" in row.last_error or "ConnectionRefused" in row.last_error
        assert row.send_after == now + backoff(1)

    server = start_smtp(port=port)
    # Still inside the backoff: nothing goes out yet.
    assert run_pass(now + timedelta(seconds=30)).sent == 0
    assert server.handler.received == []

    later = now + backoff(1) + timedelta(seconds=1)
    assert run_pass(later).sent == 3
    assert run_pass(later + timedelta(hours=2)).sent == 0

    db.session.expire_all()
    rows = outbox()
    assert sorted(server.handler.message_ids()) == sorted(r.message_id for r in rows)
    assert len(server.handler.received) == 3
    for row in rows:
        assert row.status is EmailStatus.SENT
        assert row.attempts == 2
        assert row.last_error is None
