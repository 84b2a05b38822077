"""A worker stops cleanly after the message in hand, and a killed one loses nothing."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

from eventnet import ROOT, create_app
from eventnet.db import utcnow
from eventnet.extensions import db
from eventnet.mail.models import EmailStatus
from eventnet.mail.worker import CLAIM_FOR, deliver_due
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


def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_at_most_one(tmp_path, start_smtp):
    """SQLite only: a real worker process on its own database file, killed with SIGKILL."""
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
        expected = [queue_reset_mail(n).message_id for n in range(20)]
        db.session.commit()

    process = subprocess.Popen(
        [*flask, "worker", "--interval", "0.2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while len(server.handler.received) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert 3 <= len(server.handler.received) < 20, "the worker was not killed mid-batch"

    with app.app_context():
        # A new worker, once the dead one's claim has run out.
        later = utcnow() + CLAIM_FOR + timedelta(seconds=1)
        while deliver_due(later).sent:
            pass
        assert {e.status for e in outbox()} == {EmailStatus.SENT}
        db.session.remove()
        db.engine.dispose()

    received = Counter(server.handler.message_ids())
    assert set(received) == set(expected)  # nothing lost
    assert sum(n - 1 for n in received.values()) <= 1  # at most the one in hand repeated
