"""Workers: several at once send each message once; crashed claims expire; SIGTERM stops."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import sqlalchemy as sa

from eventnet import ROOT, create_app
from eventnet.db import utcnow
from eventnet.extensions import db
from eventnet.mail import worker
from eventnet.mail.models import Email, EmailStatus
from eventnet.mail.worker import CLAIM_FOR, claim_due, deliver_due
from tests.conftest import make_test_config
from tests.mail.conftest import SMTPRecorder, message_id, queue_reset_mail
from tests.mailbox import outbox

WORKERS = 4
MESSAGES = 40


def run_workers_concurrently(
    app, now, limit: int, workers: int = WORKERS, messages: int = MESSAGES
) -> list[BaseException]:
    """``workers`` threads, each with its own app context (session, connection), drain the
    outbox."""
    start = threading.Barrier(workers, timeout=10)
    errors: list[BaseException] = []
    sent_by_worker = Counter()

    def work(number: int) -> None:
        try:
            with app.app_context():
                start.wait()
                for _ in range(messages):  # bounded: never more passes than messages
                    report = deliver_due(now, limit=limit)
                    sent_by_worker[number] += report.sent
                    if not (report.sent or report.retrying or report.failed):
                        break
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(t.is_alive() for t in threads), "a worker hung"
    # The workers really did share the outbox (else this test would prove nothing).
    assert sum(1 for n in sent_by_worker.values() if n) >= 2, sent_by_worker
    return errors


def queue_many(messages: int = MESSAGES) -> list[str]:
    ids = [queue_reset_mail(n).message_id for n in range(messages)]
    db.session.commit()
    return ids


def test_concurrent_workers_send_each_message_exactly_once_over_smtp(app, smtp_server):
    message_ids = queue_many()

    errors = run_workers_concurrently(app, utcnow(), limit=3)

    assert errors == []
    received = Counter(smtp_server.handler.message_ids())
    assert sorted(received) == sorted(message_ids)
    assert set(received.values()) == {1}
    db.session.expire_all()
    rows = outbox()
    assert {r.status for r in rows} == {EmailStatus.SENT}
    assert {r.attempts for r in rows} == {1}


def test_two_workers_deliver_500_emails_with_no_duplicate_and_no_loss(app, smtp_server):
    message_ids = queue_many(500)

    errors = run_workers_concurrently(app, utcnow(), limit=25, workers=2, messages=500)

    assert errors == []
    received = Counter(smtp_server.handler.message_ids())
    assert len(received) == 500
    assert sorted(received) == sorted(message_ids)
    assert set(received.values()) == {1}
    db.session.expire_all()
    assert {r.status for r in outbox()} == {EmailStatus.SENT}


def test_concurrent_workers_write_each_message_exactly_once_to_files(app, tmp_path):
    message_ids = queue_many()

    errors = run_workers_concurrently(app, utcnow(), limit=2)

    assert errors == []
    files = sorted((tmp_path / "mail").glob("*.eml"))
    written = Counter(
        message_id(message_from_bytes(f.read_bytes(), policy=policy.default)) for f in files
    )
    assert sorted(written) == sorted(message_ids)
    assert set(written.values()) == {1}
    db.session.expire_all()
    assert {r.status for r in outbox()} == {EmailStatus.SENT}


def crash_while_sending(email: Email, claimed_until) -> None:
    """Leave the row as a worker that died mid-send would: SENDING, with its claim."""
    db.session.execute(
        sa.update(Email)
        .where(Email.id == email.id)
        .values(status=EmailStatus.SENDING, claimed_until=claimed_until)
    )
    db.session.commit()


def test_a_message_claimed_by_a_crashed_worker_is_sent_once_its_claim_runs_out(app, smtp_server):
    email = queue_reset_mail(1)
    db.session.commit()
    now = utcnow()
    crash_while_sending(email, claimed_until=now - timedelta(seconds=1))

    report = deliver_due(now)

    assert report.sent == 1
    assert smtp_server.handler.message_ids() == [email.message_id]
    db.session.expire_all()
    [row] = outbox()
    assert row.status is EmailStatus.SENT
    assert row.claimed_until is None


def test_a_message_claimed_by_a_live_worker_is_left_alone(app, smtp_server):
    email = queue_reset_mail(1)
    db.session.commit()
    now = utcnow()
    crash_while_sending(email, claimed_until=now + timedelta(minutes=5))

    assert deliver_due(now).sent == 0
    assert smtp_server.handler.received == []
    db.session.expire_all()
    assert outbox()[0].status is EmailStatus.SENDING

    # Once that claim has run out, the message goes out.
    assert deliver_due(now + timedelta(minutes=6)).sent == 1
    assert len(smtp_server.handler.received) == 1


def test_a_claimed_message_is_not_claimed_again_until_the_claim_runs_out(app):
    email = queue_reset_mail(1)
    db.session.commit()
    now = utcnow()

    assert claim_due(now) == [email.id]
    assert claim_due(now) == []
    assert claim_due(now + CLAIM_FOR - timedelta(seconds=1)) == []
    assert claim_due(now + CLAIM_FOR + timedelta(seconds=1)) == [email.id]


class SlowSMTP(SMTPRecorder):
    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        await asyncio.sleep(0.3)
        return await super().handle_DATA(server, session, envelope)


def test_a_batch_running_past_half_its_claim_hands_the_rest_back(app, start_smtp, monkeypatch):
    """A slow server must not let a claim run out mid-batch (another worker would resend)."""
    monkeypatch.setattr(worker, "CLAIM_FOR", timedelta(seconds=0.4))
    server = start_smtp(SlowSMTP())
    app.config["EVENTNET_SMTP_URL"] = server.url
    for n in range(3):
        queue_reset_mail(n)
    db.session.commit()

    report = deliver_due(utcnow())

    assert report.sent == 1
    db.session.expire_all()
    rows = outbox()
    assert [r.status for r in rows] == [EmailStatus.SENT, EmailStatus.QUEUED, EmailStatus.QUEUED]
    assert [r.attempts for r in rows] == [1, 0, 0]
    assert {r.claimed_until for r in rows} == {None}

    for _ in range(3):
        deliver_due(utcnow())
    db.session.expire_all()
    assert {r.status for r in outbox()} == {EmailStatus.SENT}
    assert Counter(server.handler.message_ids()) == Counter(r.message_id for r in rows)


def test_a_bad_smtp_url_fails_the_pass_with_nothing_claimed(app):
    app.config["EVENTNET_SMTP_URL"] = "http://mail.example:25"
    queue_reset_mail(1)
    db.session.commit()

    with pytest.raises(ValueError, match="smtp://"):
        deliver_due(utcnow())

    db.session.rollback()
    [row] = outbox()
    assert row.status is EmailStatus.QUEUED
    assert row.claimed_until is None


# --- the worker command, as a process ------------------------------------------------------


def _env(database_url: str, mail_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVENTNET_")}
    env.update(
        EVENTNET_DATABASE_URL=database_url,
        EVENTNET_MAIL_DIR=str(mail_dir),
        EVENTNET_SECRET_KEY="worker-test-secret",
        EVENTNET_BASE_URL="http://eventnet.test",
        PYTHONUNBUFFERED="1",
    )
    return env


def _wait_for_eml(mail_dir: Path, count: int, process: subprocess.Popen, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(mail_dir.glob("*.eml"))
        if len(files) >= count:
            return files
        assert process.poll() is None, "the worker exited early"
        time.sleep(0.05)
    pytest.fail(f"no {count} .eml file(s) in {mail_dir} after {timeout}s")


def test_worker_command_delivers_in_a_loop_and_stops_on_sigterm(tmp_path):
    """SQLite only, on purpose: the worker is a separate process with its own database file,
    built by the real migrations; it does not use the ``app`` fixture, so it is not run again
    on PostgreSQL (which the in-process tests above cover)."""
    database_url = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    mail_dir = tmp_path / "mail"
    env = _env(database_url, mail_dir)
    flask = [sys.executable, "-m", "flask", "--app", "eventnet"]
    upgrade = subprocess.run(
        [*flask, "db", "upgrade"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert upgrade.returncode == 0, upgrade.stderr

    app = create_app(
        {**make_test_config(database_url, tmp_path), "EVENTNET_MAIL_DIR": str(mail_dir)}
    )
    with app.app_context():
        first = queue_reset_mail(1).message_id
        db.session.commit()

    process = subprocess.Popen(
        [*flask, "worker", "--interval", "0.2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_eml(mail_dir, 1, process)
        # Still looping: a message queued now goes out on a later pass.
        with app.app_context():
            second = queue_reset_mail(2).message_id
            db.session.commit()
        files = _wait_for_eml(mail_dir, 2, process)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()

    assert process.returncode == 0, err
    assert "worker: stopped" in out
    written = sorted(
        message_id(message_from_bytes(f.read_bytes(), policy=policy.default)) for f in files
    )
    assert written == sorted([first, second])
    with app.app_context():
        assert {e.status for e in outbox()} == {EmailStatus.SENT}
        db.session.remove()
        db.engine.dispose()
