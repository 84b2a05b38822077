"""How fast "people to meet" ranks an event of 2,000 attendees: the pure ranking alone, and
the whole service (queries included) on a SQLite database built for the run."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

ATTENDEES = 2_000
TAG_POOL = [
    "assessment", "wellbeing", "phonics", "recruitment", "retention", "curriculum", "SEND",
    "inclusion", "behaviour", "attendance", "governance", "Ofsted preparation", "maths mastery",
    "reading", "early years", "EAL", "safeguarding", "finance", "estates", "flexible working",
    "leadership coaching", "distributed leadership", "trust partnerships", "CPD", "oracy",
    "digital strategy", "parental engagement", "transition", "pupil premium", "workload",
]  # fmt: skip


def _tags(rng: random.Random, n: int) -> list[str]:
    return rng.sample(TAG_POOL, n)


def _timed(fn, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000, max(runs) * 1000


def bench_ranking(rng: random.Random) -> None:
    from eventnet.profiles.matching import Person, rank

    def person(i: int) -> Person:
        def keyed(labels):
            return {label.casefold(): label for label in labels}

        return Person(
            i,
            f"Person {i:04}",
            keyed(_tags(rng, 10)),
            keyed(_tags(rng, 10)),
            keyed(_tags(rng, 10)),
        )

    people = [person(i) for i in range(1, ATTENDEES + 1)]
    me = people[0]
    median, worst = _timed(lambda: rank(me, people), repeat=50)
    print(
        f"rank() over {ATTENDEES} people, 30 tags each: median {median:.1f} ms, max {worst:.1f} ms"
    )


def bench_service(rng: random.Random) -> None:
    import sqlalchemy as sa

    from eventnet import create_app
    from eventnet.accounts.models import User
    from eventnet.events.models import Event, EventStatus
    from eventnet.extensions import db
    from eventnet.networks.models import Network
    from eventnet.profiles.directory import Query, event_directory, people_to_meet
    from eventnet.profiles.models import Profile, ProfileTag, TagKind
    from eventnet.profiles.services import tag_key
    from eventnet.registration.models import AttendanceMode, Registration, RegistrationStatus

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
                "SECRET_KEY": "bench",
                "EVENTNET_MAIL_DIR": str(Path(tmp) / "mail"),
            }
        )
        with app.app_context():
            db.create_all()
            from datetime import timedelta

            from eventnet.db import utcnow

            network = Network(slug="bench", name="Bench Network")
            event = Event(
                network=network,
                slug="bench-event",
                title="Bench",
                starts_at=utcnow() + timedelta(days=7),
                ends_at=utcnow() + timedelta(days=7, hours=2),
                status=EventStatus.PUBLISHED,
            )
            db.session.add_all([network, event])
            db.session.flush()
            start = time.perf_counter()
            for i in range(ATTENDEES):
                user = User(
                    email=f"p{i}@bench.example",
                    name=f"Person {i:04}",
                    password_hash="-",  # noqa: S106 - no one logs in: a placeholder is enough
                )
                profile = Profile(user=user, headline="Headteacher", hidden=i % 50 == 0)
                for kind in TagKind:
                    for position, label in enumerate(_tags(rng, 10)):
                        profile.tags.append(
                            ProfileTag(
                                kind=kind, label=label, key=tag_key(label), position=position
                            )
                        )
                mode = AttendanceMode.IN_PERSON if i % 3 else AttendanceMode.ONLINE
                db.session.add_all(
                    [
                        profile,
                        Registration(
                            event=event,
                            user=user,
                            status=RegistrationStatus.CONFIRMED,
                            mode=mode,
                        ),
                    ]
                )
            db.session.commit()
            print(f"built {ATTENDEES} attendees in {time.perf_counter() - start:.1f} s")
            me = db.session.scalar(sa.select(User).where(User.email == "p1@bench.example"))

            def suggest():
                db.session.expire_all()
                return people_to_meet(event, me)

            median, worst = _timed(suggest, repeat=10)
            print(
                f"people_to_meet() at {ATTENDEES} attendees: "
                f"median {median:.0f} ms, max {worst:.0f} ms"
            )

            def directory():
                db.session.expire_all()
                return event_directory(event, Query(search="well", page=3))

            median, worst = _timed(directory, repeat=10)
            print(f"event_directory() search, page 3: median {median:.0f} ms, max {worst:.0f} ms")
            db.session.remove()
            db.engine.dispose()


def main() -> None:
    rng = random.Random(2026)
    bench_ranking(rng)
    bench_service(rng)
