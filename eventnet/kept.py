"""Values a process keeps between requests, each under a key that changes when it does.

A kept value is never expired or invalidated: its key holds what it was built from (an
event's ``people_revision``, the rows a list shows), read from the database on each request,
so a change made by any process is seen at once by every process, and an old entry is
simply never asked for again. ``seconds`` adds an age limit for values whose key cannot see
every change (the directory's tag counts). The store is a bounded dict per app and name.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app

T = TypeVar("T")
BOUND = 1000  # entries per name: a bound, not an LRU; entries are cheap to make again


def kept(name: str, key: Hashable, build: Callable[[], T], seconds: float | None = None) -> T:
    """``build()``, or what it returned for this ``name`` and ``key`` before."""
    store: dict = current_app.extensions.setdefault(f"eventnet.kept.{name}", {})
    now = time.monotonic()
    found = store.get(key)
    if found is not None and (found[0] is None or found[0] > now):
        return found[1]
    if len(store) >= BOUND:
        store.clear()
    value = build()
    store[key] = (now + seconds if seconds is not None else None, value)
    return value
