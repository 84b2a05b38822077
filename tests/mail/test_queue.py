"""Queueing a message: rendered from templates, deduplicated, part of the caller's transaction."""

from __future__ import annotations

import contextlib
import threading

import pytest
import sqlalchemy as sa

from eventnet.extensions import db
from eventnet.mail.models import EmailStatus
from eventnet.mail.services import Attachment, queue_email
from eventnet.mail.worker import run_pass
from tests.factories import make_user
from tests.mail.conftest import queue_reset_mail
from tests.mailbox import outbox


def test_queue_email_renders_subject_text_and_html_from_the_templates(app):
    email = queue_email(
        to="ann@school.example",
        to_name="Ann <Head>",
        template="password_reset",
        context={
            "user": {"name": "Ann <Head>"},
            "link": "http://eventnet.test/r/abc",
            "minutes": 45,
        },
        dedupe_key="reset:ann",
    )
    db.session.commit()

    [row] = outbox()
    assert row.id == email.id
    assert row.status is EmailStatus.QUEUED
    assert row.attempts == 0
    assert row.subject == "Choose a new eventnet password"
    assert "Hello Ann <Head>," in row.text_body
    assert "http://eventnet.test/r/abc" in row.text_body
    assert "within 45 minutes" in row.text_body
    # The HTML part is escaped; the plain-text part is not.
    assert "Ann &lt;Head&gt;" in row.html_body
    assert "<Head>" not in row.html_body
    assert 'href="http://eventnet.test/r/abc"' in row.html_body
    assert row.message_id.startswith("<")
    assert row.message_id.endswith("@eventnet.test>")


def test_queue_email_keeps_headers_attachments_and_send_after(app):
    from datetime import timedelta

    from eventnet.db import utcnow

    later = utcnow() + timedelta(hours=3)
    queue_reset_mail(
        1,
        headers={"Reply-To": "organiser@school.example"},
        attachments=(
            Attachment("invite.ics", "text/calendar; method=REQUEST", b"BEGIN:VCALENDAR"),
        ),
        send_after=later,
        category="events",
    )
    db.session.commit()
    db.session.expire_all()

    [row] = outbox()
    assert row.headers == {"Reply-To": "organiser@school.example"}
    assert row.category == "events"
    assert row.send_after == later
    assert [(a.filename, a.content_type, a.data) for a in row.attachments] == [
        ("invite.ics", "text/calendar; method=REQUEST", b"BEGIN:VCALENDAR")
    ]


def test_the_same_dedupe_key_twice_gives_one_message(app):
    first = queue_reset_mail(1, dedupe_key="reset:once")
    second = queue_reset_mail(2, dedupe_key="reset:once")
    db.session.commit()
    third = queue_reset_mail(3, dedupe_key="reset:once")
    db.session.commit()

    rows = outbox()
    assert len(rows) == 1
    assert first.id == second.id == third.id == rows[0].id
    # The first message wins untouched.
    assert rows[0].to_address == "person1@school.example"


def test_two_transactions_racing_with_one_dedupe_key_make_one_message(app):
    """Both sessions look, find nothing, and insert at the same moment: one row, no error."""
    barrier = threading.Barrier(2, timeout=10)
    reached_insert: list[str] = []
    errors: list[BaseException] = []
    ids: list[int] = []

    def hold_inserts_until_both_arrive(conn, cursor, statement, parameters, context, many):
        if statement.lstrip().upper().startswith("INSERT INTO EMAILS"):
            reached_insert.append(threading.current_thread().name)
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()

    def queue_in_own_session(n: int) -> None:
        try:
            with app.app_context():
                email = queue_reset_mail(n, dedupe_key="reset:raced")
                db.session.commit()
                ids.append(email.id)
        except BaseException as error:  # reported below; nothing may escape
            errors.append(error)

    sa.event.listen(db.engine, "before_cursor_execute", hold_inserts_until_both_arrive)
    try:
        threads = [
            threading.Thread(target=queue_in_own_session, args=(n,), name=f"q{n}") for n in (1, 2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", hold_inserts_until_both_arrive)

    assert errors == []
    assert sorted(reached_insert) == ["q1", "q2"], "the race was not forced"
    rows = outbox()
    assert len(rows) == 1
    assert ids == [rows[0].id, rows[0].id]


@pytest.mark.parametrize("first_write", [True, False], ids=["alone", "after-other-writes"])
def test_a_message_rolled_back_with_the_callers_transaction_is_never_sent(
    app, runner, tmp_path, first_write
):
    if not first_write:
        from eventnet.accounts.services import create_user

        create_user("rolled@back.example", "Rolled Back", "correct horse battery staple")
    queue_reset_mail(1)
    assert len(outbox()) == 1  # visible inside the transaction
    db.session.rollback()

    assert outbox() == []
    result = runner.invoke(args=["tick"])
    assert result.exit_code == 0, result.output
    assert "sent 0" in result.output
    mail_dir = tmp_path / "mail"
    assert not mail_dir.exists() or list(mail_dir.iterdir()) == []


def test_a_committed_message_survives_a_later_rollback(app):
    user = make_user()
    queue_reset_mail(1, user_id=user.id)
    db.session.commit()
    queue_reset_mail(2)
    db.session.rollback()

    assert [e.to_address for e in outbox()] == ["person1@school.example"]
    report = run_pass()
    assert report.sent == 1
