"""`make bench-http` (issue 14): eventnet's hot addresses under gunicorn and wrk, beside a
bare Flask app (bench/bare_app.py) served the same way in the same run.

Seeds a database through the services (bench/http_seed.py; cached under instance/bench-http/
by a hash of the seed code and the migrations), serves eventnet and the bare app with
gunicorn (sync workers), logs attendees in through the real login form, loads each address
with wrk (bench/wrk/load.lua) and prints req/s, p99, the ratio to the matching bare baseline
and the issue's goal. The same figures go to instance/bench-http.json.

    python -m bench.http_load [--database sqlite|postgresql]

Environment: BENCH_DATABASE (sqlite), BENCH_SECONDS (10), BENCH_RUNS (3), BENCH_THREADS (2),
BENCH_CONNECTIONS (32), BENCH_WORKERS (2), BENCH_TIMEOUT (wrk's, 10s), BENCH_ONLY (address
keys, comma-separated), BENCH_SCANNERS (16), BENCH_REGISTRANTS (5000), BENCH_POSTGRES_URL.

Writes are measured as they happen in real life: every badge scan is a different attendee
scanning a different badge (a new connection), every registration POST registers a different
person with their own API token. Each run continues where the previous one stopped, so no
request repeats an earlier one until the seeded pools run out (then the row says so).
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import platform
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
WORK = ROOT / "instance" / "bench-http"
REPORT = ROOT / "instance" / "bench-http.json"
LUA = HERE / "wrk" / "load.lua"
RUN_DATABASE = "eventnet_bench_run"
# Limits stay on (their cost is part of each request) but high enough that wrk, one address
# at thousands of requests a second, measures the page rather than the 429.
UNLIMITED = "1000000 per minute"


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


@dataclass
class Settings:
    database: str
    seconds: int = field(default_factory=lambda: _env_int("BENCH_SECONDS", 10))
    runs: int = field(default_factory=lambda: _env_int("BENCH_RUNS", 3))
    threads: int = field(default_factory=lambda: _env_int("BENCH_THREADS", 2))
    connections: int = field(default_factory=lambda: _env_int("BENCH_CONNECTIONS", 32))
    workers: int = field(default_factory=lambda: _env_int("BENCH_WORKERS", 2))
    timeout: str = field(default_factory=lambda: os.environ.get("BENCH_TIMEOUT") or "10s")
    scanners: int = field(default_factory=lambda: _env_int("BENCH_SCANNERS", 16))
    registrants: int = field(default_factory=lambda: _env_int("BENCH_REGISTRANTS", 5000))
    only: list[str] = field(
        default_factory=lambda: [k for k in os.environ.get("BENCH_ONLY", "").split(",") if k]
    )
    postgres_url: str = field(
        default_factory=lambda: (
            os.environ.get("BENCH_POSTGRES_URL")
            or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        )
    )


# --- the addresses ---------------------------------------------------------------------------


@dataclass
class Address:
    """One row of the table: what to request, against which bare baseline, and the goal."""

    key: str
    label: str
    baseline: str  # "page" or "row": the bare app's list page or its one-row answer
    goal: float | None  # the minimum ratio to the baseline
    p99_goal_ms: float | None = None
    expect: int = 200
    path: str = ""
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    paths: list[str] = field(default_factory=list)  # each request its own (see load.lua)
    auths: list[str] = field(default_factory=list)
    preflight: tuple[str, dict[str, str]] | None = None  # a request outside the pools
    note: str = ""


def addresses(world, cookies: list[str], etag: str) -> list[Address]:
    conference, attendee = world["conference"], {"Cookie": cookies[0]}
    network_feed = f"/n/{world['network']}/events.ics"
    badge_paths = [f"/b/{token}" for token in world["badge_tokens"]]
    tokens = world["registrant_tokens"]
    registration = f"/api/v1/events/{world['rush_event']}/registration"
    return [
        Address("event-attendee", f"/e/{conference} as a confirmed attendee", "page", 0.6, 100,
                path=f"/e/{conference}", headers=attendee),
        Address("event-visitor", f"/e/{conference} as a visitor", "page", 0.6, 100,
                path=f"/e/{conference}"),
        Address("home", "/ (upcoming events)", "page", 0.5, path="/"),
        Address("people", f"/e/{conference}/people (2,000 attendees)", "page", 0.3,
                path=f"/e/{conference}/people", headers=attendee),
        Address("badge-scan", "/b/<token> scanned by an attendee", "row", 0.5, 60,
                paths=badge_paths[1:], auths=[f"Cookie: {c}" for c in cookies],
                preflight=(badge_paths[0], attendee),
                note=f"{len(cookies)} attendees scan {len(badge_paths) - 1} badges in turn: "
                "each request records a new connection"),
        Address("event-ics", f"/e/{conference}.ics", "row", 0.6, path=f"/e/{conference}.ics"),
        Address("network-feed", f"{network_feed} (100 events)", "page", 0.5, path=network_feed),
        Address("network-feed-304", "same with If-None-Match (answers 304)", "row", 0.8,
                expect=304, path=network_feed, headers={"If-None-Match": etag}),
        Address("registration", f"POST {registration}", "row", 0.3, expect=201,
                method="POST", headers={"Content-Type": "application/json"}, body="{}",
                paths=[registration], auths=[f"Authorization: Bearer {t}" for t in tokens[1:]],
                preflight=(registration, {"Authorization": f"Bearer {tokens[0]}"}),
                note=f"each request registers a different person (pool of {len(tokens) - 1} "
                "API tokens, first use: last_used_at is written too)"),
        Address("personal-feed", "/cal/<secret>.ics (personal feed; not in the issue)", "row",
                None, path=f"/cal/{world['feed_secret']}.ics"),
    ]  # fmt: skip


BARE = {"page": "/page", "row": "/row/1234"}


# --- the seeded database ---------------------------------------------------------------------


def seed_key(settings: Settings) -> str:
    """Changes when the seed code, the schema or the pools' sizes do."""
    digest = hashlib.sha256((HERE / "http_seed.py").read_bytes())
    for migration in sorted((ROOT / "migrations" / "versions").glob("*.py")):
        digest.update(migration.name.encode())
    digest.update(f"{settings.scanners}/{settings.registrants}".encode())
    return digest.hexdigest()[:12]


def _seed_into(url: str, settings: Settings) -> dict:
    from flask_migrate import upgrade

    from bench import http_seed
    from eventnet import create_app
    from eventnet.extensions import MIGRATIONS, db

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SECRET_KEY": "bench-seed",
                "EVENTNET_CHEAP_PASSWORD_HASHING": True,
                "EVENTNET_MAIL_DIR": tmp,
                "EVENTNET_BASE_URL": "http://127.0.0.1:8000",
            }
        )
        with app.app_context():
            upgrade(directory=MIGRATIONS)
            world = http_seed.seed(settings.scanners, settings.registrants).to_json()
            db.session.remove()
            db.engine.dispose()
    return world


def _copy_sqlite(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def sqlite_database(settings: Settings) -> tuple[str, dict]:
    """A fresh copy of the cached seed (made first if the seed code changed)."""
    key = seed_key(settings)
    cached, facts = WORK / f"seed-{key}.sqlite3", WORK / f"seed-{key}.json"
    if not facts.exists():
        print(f"seeding {cached.name} (cached for the next runs) ...", flush=True)
        building = WORK / "seeding.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{building}{suffix}").unlink(missing_ok=True)
        world = _seed_into(f"sqlite:///{building}", settings)
        _copy_sqlite(building, cached)  # one self-contained file, the WAL folded in
        for suffix in ("", "-wal", "-shm"):
            Path(f"{building}{suffix}").unlink(missing_ok=True)
        facts.write_text(json.dumps(world))
    run = WORK / "run.sqlite3"
    _copy_sqlite(cached, run)
    return f"sqlite:///{run}", json.loads(facts.read_text())


def postgresql_database(settings: Settings) -> tuple[str, dict]:
    """A fresh database made from the cached seed database (CREATE DATABASE … TEMPLATE)."""
    import sqlalchemy as sa

    key = seed_key(settings)
    template, facts = f"eventnet_bench_{key}", WORK / f"seed-{key}-postgresql.json"
    server = sa.make_url(settings.postgres_url)
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": template}
        )
        if not (exists and facts.exists()):
            print(f"seeding PostgreSQL database {template} (kept for the next runs) ...")
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{template}"'))
            world = _seed_into(server.set(database=template).render_as_string(False), settings)
            facts.write_text(json.dumps(world))
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{RUN_DATABASE}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{RUN_DATABASE}" TEMPLATE "{template}"'))
    admin.dispose()
    url = server.set(database=RUN_DATABASE).render_as_string(hide_password=False)
    return url, json.loads(facts.read_text())


# --- the servers -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port: int, method: str, path: str, headers=None, body: str | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def serve(name: str, app: str, port: int, env: dict, settings: Settings) -> subprocess.Popen:
    log = (WORK / f"gunicorn-{name}.log").open("w")
    command = [sys.executable, "-m", "gunicorn", "--workers", str(settings.workers),
               "--worker-class", "sync", "--bind", f"127.0.0.1:{port}", app]  # fmt: skip
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        command, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn for {name} stopped: see {log.name}")
        try:
            request(port, "GET", "/" if name == "eventnet" else BARE["row"])
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"gunicorn for {name} did not answer in 120 s: see {log.name}")


def _cookies(headers, jar: dict[str, str]) -> dict[str, str]:
    for line in headers.get_all("Set-Cookie") or []:
        name, _, value = line.split(";", 1)[0].partition("=")
        jar[name.strip()] = value.strip()
    return jar


def log_in(port: int, email: str, password: str) -> str:
    """Through the real login form, CSRF token included: the session cookie it sets."""
    from urllib.parse import urlencode

    status, headers, body = request(port, "GET", "/login")
    jar = _cookies(headers, {})
    tag = re.search(rb'<input[^>]*name="csrf_token"[^>]*>', body)
    csrf = re.search(rb'value="([^"]+)"', tag.group(0)).group(1).decode()
    form = urlencode({"email": email, "password": password, "csrf_token": csrf, "next": ""})
    cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
    status, headers, _ = request(
        port,
        "POST",
        "/login",
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
        form,
    )
    if status != 302:
        raise SystemExit(f"logging in {email} answered {status}, not a redirect")
    jar = _cookies(headers, jar)
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def check(port: int, address: Address) -> None:
    """One request outside the measured pools: the answer must be the one being measured
    (not a login redirect, a 404 or a 409), or the figures would time the wrong path."""
    path, headers = address.preflight or (address.path, address.headers)
    headers = {**address.headers, **headers}
    status, _, body = request(port, address.method, path, headers, address.body or None)
    if status != address.expect:
        raise SystemExit(
            f"{address.key}: {address.method} {path} answered {status}, not {address.expect}: "
            f"{body[:300]!r}"
        )


# --- loading ---------------------------------------------------------------------------------


def wrk(port: int, address: Address, settings: Settings, offset: int) -> dict:
    env = {
        "BENCH_METHOD": address.method,
        "BENCH_BODY": address.body,
        "BENCH_HEADERS": "\n".join(f"{k}: {v}" for k, v in address.headers.items()),
        "BENCH_THREADS": str(settings.threads),
        "BENCH_OFFSET": str(offset),
        "BENCH_PATHS": "",
        "BENCH_AUTHS": "",
    }
    for name, lines in (("BENCH_PATHS", address.paths), ("BENCH_AUTHS", address.auths)):
        if lines:
            listed = WORK / f"{address.key}-{name.lower()}.txt"
            listed.write_text("\n".join(lines) + "\n")
            env[name] = str(listed)
    command = ["wrk", f"-t{settings.threads}", f"-c{settings.connections}",
               f"-d{settings.seconds}s", f"--timeout={settings.timeout}", "-s", str(LUA),
               f"http://127.0.0.1:{port}{address.path or '/'}"]  # fmt: skip
    done = subprocess.run(  # noqa: S603 - wrk, with our own arguments
        command, env={**os.environ, **env}, capture_output=True, text=True, check=True
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("{"))
    figures = json.loads(line)
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def measure(port: int, address: Address, settings: Settings) -> dict:
    check(port, address)
    runs, offset = [], 0
    for _ in range(settings.runs):
        figures = wrk(port, address, settings, offset)
        # wrk's count leaves out the requests still in flight when it stopped: skip past them.
        offset += figures["requests"] + 2 * settings.connections
        runs.append(figures)
        print(f"  {address.key}: {figures['rps']:.1f} req/s, p99 {figures['p99_ms']:.0f} ms",
              flush=True)  # fmt: skip
    errors = sum(r[k] for r in runs for k in ("connect", "read", "write", "status", "timeout"))
    pool = len(address.auths) * max(len(address.paths), 1) if address.auths else None
    return {
        "rps": statistics.median(r["rps"] for r in runs),
        "p99_ms": statistics.median(r["p99_ms"] for r in runs),
        "errors": errors,
        "pool_exhausted": bool(pool and offset > pool),
        "runs": runs,
    }


def verdict(address: Address, result: dict, baseline: float) -> tuple[float, str]:
    ratio = result["rps"] / baseline
    if address.goal is None:
        return ratio, "–"
    fast = ratio >= address.goal
    quick = address.p99_goal_ms is None or result["p99_ms"] < address.p99_goal_ms
    return ratio, "PASS" if fast and quick and not result["errors"] else "MISS"


def goal_text(address: Address) -> str:
    if address.goal is None:
        return "–"
    text = f"≥ {address.goal} × {address.baseline}"
    return text + (f", p99 < {address.p99_goal_ms:.0f} ms" if address.p99_goal_ms else "")


def machine() -> dict:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {"nproc": os.cpu_count(), "cpu": model, "load_average": os.getloadavg()}


def table(rows: list[dict]) -> str:
    lines = [
        "| address | req/s | p99 | × bare | goal | result |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        flags = []
        if row["errors"]:
            flags.append(f"{row['errors']} errors")
        if row["pool_exhausted"]:
            flags.append("pool ran out: later requests repeated")
        flag = f" ({'; '.join(flags)})" if flags else ""
        lines.append(
            f"| `{row['label']}` | {row['rps']:.1f} | {row['p99_ms']:.0f} ms | "
            f"{row['ratio']:.2f} × {row['baseline']} | {row['goal']} | {row['result']}{flag} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"],
                        default=os.environ.get("BENCH_DATABASE") or "sqlite")  # fmt: skip
    settings = Settings(parser.parse_args(argv).database)
    if shutil.which("wrk") is None:
        raise SystemExit("make bench-http needs wrk: apt-get install wrk")
    WORK.mkdir(parents=True, exist_ok=True)
    started, load_before = datetime.now(UTC), os.getloadavg()
    url, world = (sqlite_database if settings.database == "sqlite" else postgresql_database)(
        settings
    )
    bare_db = WORK / "bare.sqlite3"
    os.environ["BENCH_BARE_DB"] = str(bare_db)
    from bench import bare_app  # fills its database once, before two workers race to

    bare_app._fill(str(bare_db))
    app_port, bare_port = free_port(), free_port()
    app_env = {
        "PYTHONPATH": str(ROOT),
        "EVENTNET_ENV": "production",
        "EVENTNET_SECRET_KEY": "bench-http-not-a-secret",
        "EVENTNET_DATABASE_URL": url,
        "EVENTNET_BASE_URL": f"http://127.0.0.1:{app_port}",
        "EVENTNET_MAIL_DIR": str(WORK / "mail"),
        "EVENTNET_LOGIN_LIMITS": UNLIMITED,
        "EVENTNET_BADGE_SCAN_LIMITS": UNLIMITED,
        "EVENTNET_BADGE_CODE_LIMITS": UNLIMITED,
        "EVENTNET_API_LIMITS": UNLIMITED,
    }
    servers = []
    try:
        servers.append(serve("eventnet", "wsgi:app", app_port, app_env, settings))
        servers.append(
            serve("bare", "bench.bare_app:app", bare_port, {"PYTHONPATH": str(ROOT)}, settings)
        )
        cookies = [log_in(app_port, e, world["password"]) for e in world["scanner_emails"]]
        _, headers, _ = request(app_port, "GET", f"/n/{world['network']}/events.ics")
        etag = headers.get("ETag")
        if not etag:
            raise SystemExit("the network feed sends no ETag: the 304 row cannot be measured")
        wanted = addresses(world, cookies, etag)
        if settings.only:
            wanted = [a for a in wanted if a.key in settings.only]
        print(f"bare app ({settings.runs} × {settings.seconds} s each) ...", flush=True)
        bare = {}
        for kind, path in BARE.items():
            bare[kind] = measure(bare_port, Address(f"bare-{kind}", path, kind, None, path=path),
                                 settings)  # fmt: skip
        print("eventnet ...", flush=True)
        rows = []
        for address in wanted:
            result = measure(app_port, address, settings)
            ratio, result_word = verdict(address, result, bare[address.baseline]["rps"])
            rows.append({"key": address.key, "label": address.label, "baseline": address.baseline,
                         "ratio": ratio, "goal": goal_text(address), "result": result_word,
                         "note": address.note, **result})  # fmt: skip
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
    bare_rows = [
        {"label": f"bare {kind}: {BARE[kind]}", "baseline": kind, "ratio": 1.0, "goal": "–",
         "result": "–", **bare[kind]}
        for kind in BARE
    ]  # fmt: skip
    report = {
        "date": started.isoformat(timespec="seconds"),
        "database": settings.database,
        "machine": {**machine(), "load_average_before": load_before},
        "settings": {k: v for k, v in vars(settings).items() if k != "postgres_url"},
        "wrk": f"wrk -t{settings.threads} -c{settings.connections} -d{settings.seconds}s "
        f"--timeout={settings.timeout}, median of {settings.runs}",
        "gunicorn": f"{settings.workers} sync workers",
        "bare": bare,
        "addresses": rows,
    }
    REPORT.write_text(json.dumps(report, indent=2) + "\n")
    info = report["machine"]
    print(
        f"\n{started:%Y-%m-%d %H:%M} UTC, {settings.database}, {info['nproc']} × {info['cpu']}, "
        f"load {info['load_average'][0]:.1f}; {report['wrk']}; gunicorn {report['gunicorn']}\n"
    )
    print(table(bare_rows + rows))
    print(f"\nwritten to {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
