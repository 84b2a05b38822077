"""Two gunicorn processes and two mail workers on one PostgreSQL and one Redis, as several
machines would run eventnet (README, "Several processes or machines"), started for a test.

``deployment(admin_url, work)`` makes a database of its own on that server, claims an empty
Redis database (1–15), migrates with ``flask db upgrade``, starts the four processes with the
production environment (``EVENTNET_ENV=production``, one secret key, limits in Redis, mail to
an aiosmtpd sink in this process) and yields a ``Deployment``. Everything is stopped, flushed
and dropped afterwards, also when the test or the start fails.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import redis
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask import Flask
from sqlalchemy.engine import make_url

from eventnet import create_app
from eventnet.extensions import db
from tests.conftest import make_test_config, skip_or_fail
from tests.mail.conftest import SMTPRecorder, free_port

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379"
SECRET_KEY = "scale-test-one-key-for-every-process"
# The public address behind the proxy: what links in emails point to.
BASE_URL = "https://eventnet-scale.example"
# Marks a Redis database as taken by one deployment (SET NX: two runs never share one).
CLAIM_KEY = "eventnet-scale-test:claimed"
# Upper bounds only, for a loaded machine (a quiet one starts in ~5 s).
START_SECONDS = 120
STOP_SECONDS = 10


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str
    cookies: dict[str, str]  # name -> "name=value", from every Set-Cookie header

    @property
    def json(self):
        return json.loads(self.body)


@dataclass
class Deployment:
    database_url: str
    redis_url: str
    web: list[int]  # the gunicorn processes' ports
    smtp: SMTPRecorder
    app: Flask  # for seeding and reading the shared database from the test
    logs: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    def request(
        self,
        process: int,
        method: str,
        path: str,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """One request to web process ``process`` (0 or 1), on a connection of its own."""
        conn = http.client.HTTPConnection("127.0.0.1", self.web[process], timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            found = {k.lower(): v for k, v in response.getheaders()}
            pairs = [c.split(";", 1)[0] for c in response.msg.get_all("Set-Cookie") or []]
            cookies = {pair.split("=", 1)[0]: pair for pair in pairs}
            return Answer(response.status, found, text, cookies)
        finally:
            conn.close()

    def api(self, process: int, method: str, path: str, token: str, payload=None) -> Answer:
        return self.request(
            process,
            method,
            f"/api/v1{path}",
            body=json.dumps(payload if payload is not None else {}),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )

    def check_running(self) -> None:
        for process in self.processes:
            if process.poll() is not None:
                raise AssertionError(f"{process.args!r} exited:\n{_logs(self.logs)}")


def _logs(directory: Path, tail: int = 4000) -> str:
    parts = []
    for log in sorted(directory.glob("*.log")):
        parts.append(f"--- {log.name}\n{log.read_text(errors='replace')[-tail:]}")
    return "\n".join(parts)


@contextmanager
def _database(admin_url: str) -> Iterator[str]:
    admin = sa.create_engine(make_url(admin_url), isolation_level="AUTOCOMMIT")
    name = f"eventnet_scale_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        admin.dispose()
        skip_or_fail(f"PostgreSQL is not reachable at {admin_url}: {error}")
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _claim_redis_database(token: str) -> int | None:
    for number in range(1, 16):
        with redis.Redis.from_url(f"{REDIS_URL}/{number}", socket_connect_timeout=2) as server:
            if server.dbsize() == 0 and server.set(CLAIM_KEY, token, nx=True, ex=3600):
                return number
    return None


@contextmanager
def _redis_database() -> Iterator[str]:
    with redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2) as server:
        try:
            server.ping()
        except redis.ConnectionError as error:
            skip_or_fail(f"Redis is not answering at {REDIS_URL}: {error}")
    number = _claim_redis_database(uuid.uuid4().hex)
    if number is None:
        skip_or_fail(f"no empty Redis database (1-15) at {REDIS_URL}")
    url = f"{REDIS_URL}/{number}"
    try:
        yield url
    finally:
        with redis.Redis.from_url(url, socket_connect_timeout=2) as server:
            server.flushdb()


@contextmanager
def _smtp_sink() -> Iterator[tuple[SMTPRecorder, int]]:
    handler = SMTPRecorder()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), ready_timeout=10)
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop(no_assert=True)


def _environment(database_url: str, redis_url: str, smtp_port: int) -> dict[str, str]:
    """What each machine would have: the production settings of eventnet/config.py."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("EVENTNET_")}
    return {
        **inherited,
        "PYTHONUNBUFFERED": "1",
        "EVENTNET_ENV": "production",
        "EVENTNET_SECRET_KEY": SECRET_KEY,
        "EVENTNET_DATABASE_URL": database_url,
        "EVENTNET_BASE_URL": BASE_URL,
        "EVENTNET_RATELIMIT_STORAGE_URL": redis_url,
        "EVENTNET_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
        "EVENTNET_MAIL_FROM": "eventnet <no-reply@eventnet-scale.example>",
    }


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    # The child has its own copy of the descriptor: ours is closed at once (an open file left
    # to the garbage collector is a ResourceWarning, an error under this suite's settings).
    with log.open("wb") as out:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            # gunicorn: SIGINT is its quick shutdown; a worker finishes its message on SIGTERM.
            web = "gunicorn" in process.args
            process.send_signal(signal.SIGINT if web else signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_serving(running: Deployment) -> None:
    deadline = time.monotonic() + START_SECONDS
    waiting = set(range(len(running.web)))
    while waiting:
        running.check_running()
        for process in sorted(waiting):
            try:
                if running.request(process, "GET", "/healthz").status == 200:
                    waiting.discard(process)
            except OSError:
                pass
        if time.monotonic() > deadline:
            raise AssertionError(
                f"gunicorn did not answer in {START_SECONDS} s:\n{_logs(running.logs)}"
            )
        time.sleep(0.1)


@contextmanager
def deployment(admin_url: str, work: Path) -> Iterator[Deployment]:
    with ExitStack() as stack:
        database_url = stack.enter_context(_database(admin_url))
        redis_url = stack.enter_context(_redis_database())
        smtp, smtp_port = stack.enter_context(_smtp_sink())
        env = _environment(database_url, redis_url, smtp_port)
        flask = [sys.executable, "-m", "flask", "--app", "eventnet"]
        app = create_app(make_test_config(database_url, work))
        stack.callback(_dispose, app)
        running = Deployment(database_url, redis_url, [], smtp, app, work)
        stack.callback(_stop, running.processes)
        # The web processes import the app while the migrations run; they touch the
        # database only per request. The workers start once the schema is there.
        for n in range(2):
            port = free_port()
            running.web.append(port)
            gunicorn = [sys.executable, "-m", "gunicorn", "--workers", "1", "--threads", "8"]
            # No control socket: its default path (~/.gunicorn/gunicorn.ctl) is one per user.
            gunicorn += [
                "--no-control-socket",
                "--graceful-timeout",
                "1",
                "--bind",
                f"127.0.0.1:{port}",
                "wsgi:app",
            ]
            running.processes.append(_start(gunicorn, env, work / f"web-{n}.log"))
        migrated = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [*flask, "db", "upgrade"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert migrated.returncode == 0, migrated.stdout + migrated.stderr
        for n in range(2):
            worker = [*flask, "worker", "--interval", "0.5"]
            running.processes.append(_start(worker, env, work / f"worker-{n}.log"))
        _wait_until_serving(running)
        yield running
        running.check_running()


def _dispose(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
