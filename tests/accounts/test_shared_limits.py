"""Login limits across processes: each process counts alone with ``memory://``, and every
process shares one count with Redis (``EVENTNET_RATELIMIT_STORAGE_URL=redis://…``).

Each side is a real separate Python process against the machine's Redis at 127.0.0.1:6379,
under a key prefix of its own so parallel runs do not collide; the keys are deleted after.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis

from tests.accounts.login_process import PASSWORD, PRIYA
from tests.conftest import make_test_config, skip_or_fail

REDIS_URL = "redis://127.0.0.1:6379"
ROOT = Path(__file__).resolve().parents[2]
ATTACKER, SCHOOL = "203.0.113.5", "198.51.100.20"


@pytest.fixture
def redis_prefix():
    server = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        server.ping()
    except redis.ConnectionError as error:
        skip_or_fail(f"Redis is not answering at {REDIS_URL}: {error}")
    prefix = f"eventnet-test-{uuid.uuid4().hex}"
    yield prefix
    keys = list(server.scan_iter(match=f"*{prefix}*"))
    if keys:
        server.delete(*keys)
    server.close()


def _process(config: dict, tries: list[tuple[str, str, str]]) -> list[int]:
    """Run one eventnet process that tries these logins; its answers' status codes."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.accounts.login_process",
            json.dumps(config),
            json.dumps(tries),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _config(tmp_path, storage: str, prefix: str) -> dict:
    config = make_test_config(f"sqlite:///{tmp_path / 'shared.sqlite3'}", tmp_path)
    return {
        **config,
        "RATELIMIT_STORAGE_URI": storage,
        "RATELIMIT_KEY_PREFIX": prefix,
        "EVENTNET_LOGIN_LIMITS": "3 per minute",
        "EVENTNET_LOGIN_ACCOUNT_LIMITS": "100 per hour",
    }


GUESSES = [(PRIYA[1], f"guess number {n}", ATTACKER) for n in range(3)]
RIGHT_FROM_ATTACKER = [(PRIYA[1], PASSWORD, ATTACKER)]


def test_with_redis_failures_in_one_process_count_in_another(tmp_path, redis_prefix):
    config = _config(tmp_path, REDIS_URL, redis_prefix)
    assert _process(config, GUESSES) == [401, 401, 401]
    # A second process on the same Redis: that address has used its attempts already.
    assert _process(config, RIGHT_FROM_ATTACKER) == [429]
    # ...and Priya, from an address that has not been failing, still logs in.
    assert _process(config, [(PRIYA[1], PASSWORD, SCHOOL)]) == [302]


def test_with_memory_each_process_counts_alone(tmp_path):
    config = _config(tmp_path, "memory://", "eventnet-test")
    assert _process(config, GUESSES + RIGHT_FROM_ATTACKER) == [401, 401, 401, 429]
    # A new process starts from nothing: this is why several processes need Redis.
    assert _process(config, RIGHT_FROM_ATTACKER) == [302]
