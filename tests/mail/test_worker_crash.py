"""A worker stops cleanly after the message in hand; a killed or interrupted one loses
nothing and sends nothing it has committed again."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventnet import ROOT, create_app
from eventnet.db import utcnow
from eventnet.extensions import db
from eventnet.mail.delivery import SMTPTransport
from eventnet.mail.models import EmailStatus
from eventnet.mail.worker import CLAIM_FOR, COMMIT_EVERY, deliver_due
from tests.conftest import make_test_config
from tests.mail.conftest import SMTPRecorder, queue_reset_mail
from tests.mail.test_worker import _env
from tests.mailbox import outbox


def test_stopping_finishes_the_message_in_hand_and_hands_back_the_rest(app, smtp_server):
    for n in range(5):
        queue_reset_mail(n)
    db.session.commit()
    received = smtp_server.handler.received

    report = deliver_due(utcnow(), should_stop=lambda: len(received) >= 1)

    assert report.sent == 1
    db.session.expire_all()
    rows = outbox()
    assert sorted(r.status.value for r in rows) == ["queued"] * 4 + ["sent"]
    assert all(r.claimed_until is None for r in rows if r.status is EmailStatus.QUEUED)
    # Handed back, not held: the next pass sends them at once.
    assert deliver_due(utcnow()).sent == 4
    assert Counter(smtp_server.handler.message_ids()).most_common(1)[0][1] == 1


class SlowRecorder(SMTPRecorder):
    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        await asyncio.sleep(0.15)
        return await super().handle_DATA(server, session, envelope)


def committed_sent() -> set[str]:
    db.session.rollback()  # a fresh snapshot: what the worker has committed by now
    return {e.message_id for e in outbox() if e.status is EmailStatus.SENT}


def test_a_worker_killed_mid_batch_loses_nothing_and_resends_only_its_uncommitted_chunk(
    tmp_path, start_smtp
):
    """SQLite only: a real worker process on its own database file, killed with SIGKILL
    after it has committed some outcomes and sent more since."""
    server = start_smtp(SlowRecorder())
    database_url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    env = {**_env(database_url, tmp_path / "mail"), "EVENTNET_SMTP_URL": server.url}
    flask = [sys.executable, "-m", "flask", "--app", "eventnet"]
    upgrade = subprocess.run(
        [*flask, "db", "upgrade"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert upgrade.returncode == 0, upgrade.stderr
    app = create_app({**make_test_config(database_url, tmp_path), "EVENTNET_SMTP_URL": server.url})
    with app.app_context():
        expected = [queue_reset_mail(n).message_id for n in range(40)]
        db.session.commit()

        process = subprocess.Popen(
            [*flask, "worker", "--interval", "0.2"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while not committed_sent() and time.monotonic() < deadline:
                time.sleep(0.05)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
        committed = committed_sent()
        assert 1 <= len(committed) < 40, "the worker was not killed mid-batch"

        # A new worker, once the dead one's claim has run out.
        later = utcnow() + CLAIM_FOR + timedelta(seconds=1)
        while deliver_due(later).sent:
            pass
        assert {e.status for e in outbox()} == {EmailStatus.SENT}
        db.session.remove()
        db.engine.dispose()

    received = Counter(server.handler.message_ids())
    assert set(received) == set(expected)  # nothing lost
    assert {received[m] for m in committed} == {1}  # nothing committed is sent again
    assert sum(n - 1 for n in received.values()) <= COMMIT_EVERY  # at most one chunk


class Interrupted(BaseException):
    """As KeyboardInterrupt would: not an Exception, so not a delivery failure."""


def test_an_interrupted_batch_records_what_it_sent_and_resends_only_the_message_in_hand(
    app, smtp_server, monkeypatch
):
    """The transport breaks after 30 messages, past one committed chunk and into the next:
    the 30 are recorded, the rest handed back, and only the one in hand waits for its claim."""
    expected = [queue_reset_mail(n).message_id for n in range(40)]
    db.session.commit()
    send = SMTPTransport.send
    calls = Counter()

    def breaking_send(self, email, message):
        calls["send"] += 1
        if calls["send"] == 31:
            raise Interrupted
        send(self, email, message)

    monkeypatch.setattr(SMTPTransport, "send", breaking_send)
    now = utcnow()
    with pytest.raises(Interrupted):
        deliver_due(now, limit=50)
    monkeypatch.setattr(SMTPTransport, "send", send)

    db.session.rollback()
    rows = outbox()
    assert [r.status for r in rows] == (
        [EmailStatus.SENT] * 30 + [EmailStatus.SENDING] + [EmailStatus.QUEUED] * 9
    )
    assert {r.claimed_until for r in rows[31:]} == {None}
    # The rest goes out at once; the one in hand once its claim has run out.
    assert deliver_due(now).sent == 9
    assert deliver_due(now + CLAIM_FOR + timedelta(seconds=1)).sent == 1
    received = Counter(smtp_server.handler.message_ids())
    assert sorted(received) == sorted(expected)
    assert set(received.values()) == {1}


def test_a_batch_commits_its_outcomes_in_chunks_not_per_message(app, smtp_server):
    for n in range(60):
        queue_reset_mail(n)
    db.session.commit()
    commits = []

    def count(connection) -> None:
        commits.append(connection)

    sa.event.listen(db.engine, "commit", count)
    try:
        report = deliver_due(utcnow(), limit=60)
    finally:
        sa.event.remove(db.engine, "commit", count)

    assert report.sent == 60
    # The claim, ceil(60 / COMMIT_EVERY) chunks (more only if a chunk took over COMMIT_AFTER
    # seconds), and the final hand-back.
    assert len(commits) <= 2 + 60 // COMMIT_EVERY + 1 + 2
    db.session.expire_all()
    assert {r.status for r in outbox()} == {EmailStatus.SENT}
    assert {r.attempts for r in outbox()} == {1}
