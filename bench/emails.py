"""Automated emails at scale (issue 7): scheduling the follow-ups of a 5,000-attendee event,
and delivering 5,000 emails to a local SMTP sink, against smtplib sending the same
messages over one connection (the floor any outbox worker can reach).

The floor does the same work as the worker minus the database: it builds each message from
its row (already in memory) with the worker's ``build_message`` and sends it, timed
together. smtplib sending messages built beforehand is printed too, for comparison.
BENCH_DATABASE=postgresql runs the outbox on PostgreSQL (BENCH_POSTGRES_URL names the
server; a database ``eventnet_bench_emails`` is made and dropped)."""

from __future__ import annotations

import os
import smtplib
import socket
import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta

ATTENDEES = int(os.environ.get("BENCH_ATTENDEES", "5000"))
DATABASE = os.environ.get("BENCH_DATABASE") or "sqlite"
POSTGRES_URL = (
    os.environ.get("BENCH_POSTGRES_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
SENDER = "bench <b@example.org>"


@contextmanager
def _database(tmp: str):
    """A database URL for the run: a SQLite file, or a PostgreSQL database made for it."""
    if DATABASE == "sqlite":
        yield f"sqlite:///{tmp}/bench.sqlite3"
        return
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    admin = sa.create_engine(make_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    name = "eventnet_bench_emails"
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _smtplib_alone(port: int, emails, *, prebuilt: bool) -> float:
    """Seconds for smtplib to send every row's message over one connection, building each
    one as it goes (the worker's work without the database) or all of them beforehand."""
    from eventnet.mail.delivery import build_message

    ready = [build_message(e, SENDER) for e in emails] if prebuilt else None
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for n, email in enumerate(emails):
            message = ready[n] if ready else build_message(email, SENDER)
            smtp.send_message(message, to_addrs=[email.to_address])
    return time.perf_counter() - started


def _world(app):
    import sqlalchemy as sa

    from eventnet.accounts.models import User
    from eventnet.db import utcnow
    from eventnet.events.models import Event, EventFormat, EventStatus
    from eventnet.extensions import db
    from eventnet.networks.models import Network
    from eventnet.registration.models import AttendanceMode, Registration, RegistrationStatus

    network = Network(slug="bench", name="Bench network", description="")
    db.session.add(network)
    start = utcnow() - timedelta(days=1)
    event = Event(
        network=network, slug="bench-event", title="Bench conference", format=EventFormat.IN_PERSON,
        starts_at=start, ends_at=start + timedelta(hours=6), status=EventStatus.PUBLISHED,
        timezone="Europe/London", venue_name="Hall",
    )  # fmt: skip
    db.session.add(event)
    db.session.flush()
    users = [
        {"email": f"attendee{n}@bench.example", "name": f"Attendee {n}", "password_hash": "x",
         "is_admin": False, "login_token": f"bench-{n}", "created_at": utcnow()}
        for n in range(ATTENDEES)
    ]  # fmt: skip
    db.session.execute(sa.insert(User), users)
    ids = db.session.scalars(sa.select(User.id).order_by(User.id)).all()
    db.session.execute(
        sa.insert(Registration),
        [
            {"event_id": event.id, "user_id": uid, "status": RegistrationStatus.CONFIRMED,
             "mode": AttendanceMode.IN_PERSON, "registered_at": start, "status_changed_at": start,
             "revision": 1, "checked_in_at": start, "created_at": start}
            for uid in ids
        ],
    )  # fmt: skip
    db.session.commit()
    return event


def main() -> None:
    from aiosmtpd.controller import Controller
    from sqlalchemy.orm import selectinload

    from eventnet import create_app
    from eventnet.db import utcnow
    from eventnet.extensions import db
    from eventnet.mail.models import Email
    from eventnet.mail.worker import deliver_due
    from eventnet.notifications.services import schedule_due_emails

    class Sink:
        count = 0

        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            Sink.count += 1
            return "250 OK"

    with tempfile.TemporaryDirectory() as tmp, _database(tmp) as database_url:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        sink = Controller(Sink(), hostname="127.0.0.1", port=port)
        sink.start()
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": database_url,
                "EVENTNET_BASE_URL": "https://events.example.org",
                "EVENTNET_SMTP_URL": f"smtp://127.0.0.1:{port}",
                "EVENTNET_MAIL_FROM": SENDER,
            }
        )
        with app.app_context():
            db.create_all()
            event = _world(app)
            due = event.ends_at + timedelta(hours=2)

            started = time.perf_counter()
            queued = schedule_due_emails(due)
            db.session.commit()
            scheduling = time.perf_counter() - started
            started = time.perf_counter()
            assert schedule_due_emails(due) == 0
            db.session.commit()
            again = time.perf_counter() - started
            print(f"scheduling {queued} follow-ups: {scheduling:.2f} s "
                  f"({queued / scheduling:.0f}/s); a second pass: {again:.2f} s")  # fmt: skip

            emails = db.session.scalars(
                db.select(Email).options(selectinload(Email.attachments)).order_by(Email.id)
            ).all()
            prebuilt = _smtplib_alone(port, emails, prebuilt=True)
            floor = _smtplib_alone(port, emails, prebuilt=False)
            db.session.remove()

            Sink.count = 0
            started = time.perf_counter()
            sent = 0
            while True:
                report = deliver_due(utcnow() + timedelta(minutes=1), limit=500)
                sent += report.sent
                if not (report.sent or report.retrying or report.failed):
                    break
            delivery = time.perf_counter() - started
            print(f"smtplib alone over one connection, building each message: {floor:.2f} s "
                  f"({queued / floor:.0f}/s); with messages built beforehand: {prebuilt:.2f} s "
                  f"({queued / prebuilt:.0f}/s)")  # fmt: skip
            print(f"delivering {sent} emails through the outbox ({DATABASE}): {delivery:.2f} s "
                  f"({sent / delivery:.0f}/s): {floor / delivery:.2f} x smtplib building "
                  f"(goal >= 0.7), {prebuilt / delivery:.2f} x smtplib prebuilt")  # fmt: skip
            assert Sink.count == sent == queued
            db.session.remove()
            db.engine.dispose()
        sink.stop()


if __name__ == "__main__":
    main()
