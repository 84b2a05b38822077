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
from sqlalchemy.orm import selectinload

from eventnet.db import utcnow
from eventnet.extensions import db
from eventnet.mail.delivery import build_message, open_transport
from eventnet.mail.models import Email, EmailStatus
from eventnet.mail.signals import worker_tick

log = logging.getLogger(__name__)

CLAIM_FOR = timedelta(minutes=10)
# Outcomes are committed together, every COMMIT_EVERY messages or COMMIT_AFTER seconds,
# whichever comes first: a commit per message cost more than sending it (an fsync on SQLite,
# a round trip on PostgreSQL). The price is the crash window: a worker killed outright
# (SIGKILL, power loss) re-sends, once its claim runs out, the messages it sent since its
# last commit, at most COMMIT_EVERY of them and at most COMMIT_AFTER seconds' worth;
# nothing committed is ever sent again and nothing claimed is lost. 25 messages keep the
# commit under 5 % of a batch's time on SQLite while bounding the repeats a crash can cause.
COMMIT_EVERY = 25
COMMIT_AFTER = 1.0


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


def _failure(email: Email, error: Exception, now: datetime, report: PassReport) -> dict:
    attempts = email.attempts + 1
    outcome = {"id": email.id, "attempts": attempts, "sent_at": None, "claimed_until": None}
    outcome["last_error"] = f"{type(error).__name__}: {error}"[:2000]
    if is_permanent(error) or attempts >= current_app.config["EVENTNET_MAIL_MAX_ATTEMPTS"]:
        report.failed += 1
        log.error("email %s failed for good after %s attempts: %s", email.id, attempts, error)
        return {**outcome, "status": EmailStatus.FAILED, "send_after": email.send_after}
    report.retrying += 1
    log.warning("email %s attempt %s failed: %s", email.id, attempts, error)
    return {**outcome, "status": EmailStatus.QUEUED, "send_after": now + backoff(attempts)}


def _sent(email: Email) -> dict:
    return {
        "id": email.id, "status": EmailStatus.SENT, "attempts": email.attempts + 1,
        "sent_at": utcnow(), "claimed_until": None, "last_error": None,
        "send_after": email.send_after,
    }  # fmt: skip


def _load_claimed(ids: list[int]) -> list[Email]:
    """The claimed rows and their attachments in two queries, then detached: the outcomes'
    commits neither expire nor reload them (that made a batch quadratic)."""
    emails = db.session.scalars(
        sa.select(Email)
        .where(Email.id.in_(ids))
        .options(selectinload(Email.attachments))
        .order_by(Email.id)
    ).all()
    for email in emails:
        db.session.expunge(email)  # cascades to its attachments
    return list(emails)


def _record(outcomes: list[dict]) -> None:
    """Commit a chunk of outcomes: one executemany UPDATE by primary key, one commit."""
    if outcomes:
        db.session.execute(sa.update(Email), outcomes)
    db.session.commit()
    outcomes.clear()


def _hand_back(ids: list[int]) -> None:
    """Unclaim what this worker will not send now, for this or another worker to take."""
    if ids:
        db.session.execute(
            sa.update(Email)
            .where(Email.id.in_(ids), Email.status == EmailStatus.SENDING)
            .values(status=EmailStatus.QUEUED, claimed_until=None)
            .execution_options(synchronize_session=False)
        )
    db.session.commit()


def deliver_due(
    now: datetime | None = None, limit: int = 50, should_stop: Callable[[], bool] = lambda: False
) -> PassReport:
    """Send what is due now; outcomes are committed in chunks (see ``COMMIT_EVERY``).

    When ``should_stop()`` turns true (SIGTERM), the message in hand is finished, the
    outcomes so far are committed and the rest of the batch is handed back at once, for this
    or another worker to send. An exception that escapes (a bug, KeyboardInterrupt) does the
    same, except for the message in hand: whether it went out is unknown, so it stays
    claimed and is sent again once its claim runs out.
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
    emails = _load_claimed(ids)
    outcomes: list[dict] = []
    done = 0  # emails[:done] have an outcome (committed or in ``outcomes``)
    committed_at = time.monotonic()
    try:
        with transport:
            for email in emails:
                if should_stop() or time.monotonic() > stop_at:
                    break
                try:
                    transport.send(email, build_message(email, sender))
                except Exception as error:  # any failure is recorded, then retried or given up
                    outcomes.append(_failure(email, error, now, report))
                else:
                    outcomes.append(_sent(email))
                    report.sent += 1
                done += 1
                if len(outcomes) >= COMMIT_EVERY or time.monotonic() - committed_at >= COMMIT_AFTER:
                    _record(outcomes)
                    committed_at = time.monotonic()
    except BaseException:
        db.session.rollback()
        try:
            _record(outcomes)
            _hand_back([e.id for e in emails[done + 1 :]])
        except Exception:
            log.exception("could not record a broken batch; its claims will run out")
        raise
    _record(outcomes)
    _hand_back([e.id for e in emails[done:]])
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
