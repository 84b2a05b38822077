"""Deliver due outbox messages: claim, send, record; retries with backoff (SPEC §6)."""

from __future__ import annotations

import logging
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from eventnet.db import utcnow
from eventnet.extensions import db
from eventnet.mail.delivery import build_message, open_transport
from eventnet.mail.models import Email, EmailStatus
from eventnet.mail.signals import worker_tick

log = logging.getLogger(__name__)

CLAIM_FOR = timedelta(minutes=10)


@dataclass
class PassReport:
    scheduled: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after each failed attempt, at most an hour."""
    return timedelta(minutes=min(2 ** (attempts - 1), 60))


def _due(now: datetime):
    return sa.or_(
        sa.and_(Email.status == EmailStatus.QUEUED, Email.send_after <= now),
        # A worker died holding these: its claim has run out, so they are due again.
        sa.and_(Email.status == EmailStatus.SENDING, Email.claimed_until < now),
    )


def claim_due(now: datetime, limit: int = 50) -> list[int]:
    """Mark up to ``limit`` due messages as ours in one statement, and commit.

    One UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) is atomic on PostgreSQL and,
    SQLite taking its write lock for the statement, there too: two workers never claim one row.
    """
    candidates = (
        sa.select(Email.id).where(_due(now)).order_by(Email.send_after, Email.id).limit(limit)
    )
    if db.engine.dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    db.session.rollback()  # start a fresh transaction: SQLite must not hold an old snapshot
    ids = db.session.scalars(
        sa.update(Email)
        .where(Email.id.in_(candidates.scalar_subquery()))
        .values(status=EmailStatus.SENDING, claimed_until=now + CLAIM_FOR)
        .returning(Email.id)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return sorted(ids)


def is_permanent(error: Exception) -> bool:
    """A 5xx answer about this message (no such mailbox, refused as spam): retrying cannot
    help. Temporary ones (4xx, a refused or dropped connection) and a refused login (our
    configuration, fixed by an administrator) are retried."""
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return False
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def _record_failure(email: Email, error: Exception, now: datetime, report: PassReport) -> None:
    email.attempts += 1
    email.last_error = f"{type(error).__name__}: {error}"[:2000]
    email.claimed_until = None
    if is_permanent(error) or email.attempts >= current_app.config["EVENTNET_MAIL_MAX_ATTEMPTS"]:
        email.status = EmailStatus.FAILED
        report.failed += 1
        log.error("email %s failed for good after %s attempts: %s", email.id, email.attempts, error)
    else:
        email.status = EmailStatus.QUEUED
        email.send_after = now + backoff(email.attempts)
        report.retrying += 1
        log.warning("email %s attempt %s failed: %s", email.id, email.attempts, error)


def deliver_due(
    now: datetime | None = None, limit: int = 50, should_stop: Callable[[], bool] = lambda: False
) -> PassReport:
    """Send what is due now; every outcome is committed message by message.

    When ``should_stop()`` turns true (SIGTERM), the message in hand is finished and the
    rest of the batch is handed back at once, for this or another worker to send.
    """
    now = now or utcnow()
    report = PassReport()
    # Made before claiming, so a bad EVENTNET_SMTP_URL fails the pass with nothing claimed.
    transport = open_transport(current_app.config)
    ids = claim_due(now, limit)
    if not ids:
        return report
    sender = current_app.config["EVENTNET_MAIL_FROM"]
    # Past half the claim, another worker may soon take these rows: stop and hand them back
    # rather than risk both sending one (a slow or hanging server can stretch a batch).
    stop_at = time.monotonic() + CLAIM_FOR.total_seconds() / 2
    with transport:
        emails = db.session.scalars(
            sa.select(Email).where(Email.id.in_(ids)).order_by(Email.id)
        ).all()
        for email in emails:
            if should_stop() or time.monotonic() > stop_at:
                email.status = EmailStatus.QUEUED
                email.claimed_until = None
                db.session.commit()
                continue
            try:
                transport.send(email, build_message(email, sender))
            except Exception as error:  # any failure is recorded, then retried or given up
                _record_failure(email, error, now, report)
            else:
                email.status = EmailStatus.SENT
                email.attempts += 1
                email.sent_at = utcnow()
                email.claimed_until = None
                email.last_error = None
                report.sent += 1
            db.session.commit()
    return report


def run_pass(
    now: datetime | None = None, should_stop: Callable[[], bool] = lambda: False
) -> PassReport:
    """One pass of the worker: each ``worker_tick`` receiver (the schedulers, in the order of
    eventnet/wiring.py, each committing its work), then delivery.

    Without a given ``now``, delivery reads the clock again after the steps, so what they
    just queued goes out in this same pass (one ``tick`` from cron is enough).
    """
    given = now is not None
    now = now or utcnow()
    scheduled = 0
    for step in worker_tick.receivers_for(now):
        scheduled += step(now)
        db.session.commit()
    report = deliver_due(now if given else utcnow(), should_stop=should_stop)
    report.scheduled = scheduled
    return report


def run_forever(interval: float = 5.0, should_stop: Callable[[], bool] = lambda: False) -> None:
    while not should_stop():
        try:
            report = run_pass(should_stop=should_stop)
        except Exception:
            db.session.rollback()
            log.exception("worker pass failed; trying again")
            report = None
        finally:
            db.session.remove()
        if report and (report.sent or report.retrying or report.failed):
            log.info("worker: %s", report)
        deadline = time.monotonic() + interval
        while time.monotonic() < deadline and not should_stop():
            time.sleep(min(0.2, interval))
