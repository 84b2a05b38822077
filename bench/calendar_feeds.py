"""Calendar feeds at scale (issue 6): a network feed of 1,000 events and a personal feed of
200, built through the real services and views, against serialising the same calendar with
icalendar alone (the floor: no database, no rules). Prints the time per feed, the queries
each took and the ratio.

    python -m bench.calendar_feeds      (BENCH_NETWORK_EVENTS, BENCH_PERSONAL_EVENTS to vary)
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import timedelta

NETWORK_EVENTS = int(os.environ.get("BENCH_NETWORK_EVENTS", "1000"))
PERSONAL_EVENTS = int(os.environ.get("BENCH_PERSONAL_EVENTS", "200"))
ROUNDS = 5


def _world() -> tuple[str, str]:
    """A public network with NETWORK_EVENTS events; one person registered at the first
    PERSONAL_EVENTS of them. Returns the network slug and the person's feed secret."""
    import sqlalchemy as sa

    from eventnet.accounts.models import User
    from eventnet.calendar import services as calendar
    from eventnet.db import utcnow
    from eventnet.events.models import Event, EventFormat, EventStatus
    from eventnet.extensions import db
    from eventnet.networks.models import Network
    from eventnet.registration.models import AttendanceMode, Registration, RegistrationStatus

    network = Network(slug="bench", name="Bench network", description="")
    # Nobody logs in as this person: the hash and login token are placeholders.
    person = User(email="bench@bench.example", name="Bench Person", password_hash="-",  # noqa: S106
                  login_token="bench")  # fmt: skip  # noqa: S106
    db.session.add_all([network, person])
    db.session.flush()
    now = utcnow()
    description = (
        "Our termly meet-up number {}.\n\n- one\n- two\n\nSee [the agenda](https://x.org)."
    )
    db.session.execute(
        sa.insert(Event),
        [
            {"network_id": network.id, "slug": f"bench-{n}", "title": f"Meet-up {n}",
             "description": description.format(n), "format": EventFormat.IN_PERSON,
             "venue_name": "Oakfield Academy", "venue_address": "1 High Street\nBirmingham",
             "timezone": ("Europe/London", "Europe/Paris", "America/New_York")[n % 3],
             "starts_at": now + timedelta(days=n % 300, hours=n % 7),
             "ends_at": now + timedelta(days=n % 300, hours=n % 7 + 2),
             "status": EventStatus.PUBLISHED, "hashtag": "Bench", "sequence": n % 3,
             "updated_at": now, "created_at": now}
            for n in range(NETWORK_EVENTS)
        ],
    )  # fmt: skip
    ids = db.session.scalars(sa.select(Event.id).order_by(Event.id).limit(PERSONAL_EVENTS)).all()
    db.session.execute(
        sa.insert(Registration),
        [
            {"event_id": event_id, "user_id": person.id, "status": RegistrationStatus.CONFIRMED,
             "mode": AttendanceMode.IN_PERSON, "registered_at": now, "status_changed_at": now,
             "revision": 1, "created_at": now}
            for event_id in ids
        ],
    )  # fmt: skip
    token = calendar.make_feed_token(person)
    db.session.commit()
    return network.slug, token.secret


def _timed(fn) -> float:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _plain_icalendar(events) -> bytes:
    """The same properties written straight with icalendar: what serialisation alone costs."""
    from zoneinfo import ZoneInfo

    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//bench//EN")
    cal.add("version", "2.0")
    for e in events:
        v = icalendar.Event()
        v.add("uid", f"event-{e.id}@bench")
        v.add("dtstamp", e.updated_at)
        v.add("last-modified", e.updated_at)
        v.add("created", e.created_at)
        v.add("sequence", e.sequence)
        v.add("dtstart", e.starts_at.astimezone(ZoneInfo(e.timezone)))
        v.add("dtend", e.ends_at.astimezone(ZoneInfo(e.timezone)))
        v.add("summary", e.title)
        v.add("description", e.description)
        v.add("location", f"{e.venue_name}, {e.venue_address}")
        v.add("url", f"http://bench/e/{e.slug}")
        organiser = icalendar.vCalAddress("mailto:no-reply@bench")
        organiser.params["CN"] = "Bench network"
        v.add("organizer", organiser)
        v.add("categories", ["#Bench", "In person"])
        v.add("status", "CONFIRMED")
        v.add("transp", "OPAQUE")
        cal.add_component(v)
    cal.add_missing_timezones()
    return cal.to_ical()


def main() -> None:
    import sqlalchemy as sa

    from eventnet import create_app
    from eventnet.events.models import Event
    from eventnet.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3", "SECRET_KEY": "bench",
             "EVENTNET_BASE_URL": "http://bench.example", "RATELIMIT_STORAGE_URI": "memory://"}
        )  # fmt: skip
        with app.app_context():
            db.create_all()
            slug, secret = _world()
            events = db.session.scalars(sa.select(Event).order_by(Event.id)).all()
            plain_network = _timed(lambda: _plain_icalendar(events))
            plain_personal = _timed(lambda: _plain_icalendar(events[:PERSONAL_EVENTS]))
        client = app.test_client()
        for name, url, count, floor in (
            ("network feed", f"/n/{slug}/events.ics", NETWORK_EVENTS, plain_network),
            ("personal feed", f"/cal/{secret}.ics", PERSONAL_EVENTS, plain_personal),
        ):
            queries: list[str] = []

            def record(conn, cursor, statement, *args, queries=queries):
                queries.append(statement)

            with app.app_context():
                engine = db.engine
            sa.event.listen(engine, "before_cursor_execute", record)
            started = time.perf_counter()
            response = client.get(url)
            first = time.perf_counter() - started
            sa.event.remove(engine, "before_cursor_execute", record)
            assert response.status_code == 200, response.status
            assert response.data.count(b"BEGIN:VEVENT") == count
            seconds = _timed(lambda url=url: client.get(url))
            print(
                f"{name}: {count} events, {len(response.data) // 1024} KiB, "
                f"first request {first * 1000:.0f} ms, then {seconds * 1000:.0f} ms per request "
                f"(descriptions' text cached); icalendar alone {floor * 1000:.0f} ms, ratio "
                f"{first / floor:.2f} first, {seconds / floor:.2f} then; {len(queries)} queries"
            )


if __name__ == "__main__":
    main()
