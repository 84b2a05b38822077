"""Twenty identical requests at the same moment, as a double-clicking person or a retrying
phone sends them: each from its own thread, app context, session and database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from eventnet.extensions import db
from eventnet.mail.models import Email

COPIES = 20
T = TypeVar("T")


@dataclass
class Answer:
    status: int
    location: str
    page: str


def burst(
    app: Flask, browser: FlaskClient | None, method: str, path: str, **kwargs
) -> list[Answer]:
    """``COPIES`` copies of one request, released together by a barrier.

    ``browser`` is a logged-in test client whose session cookie every copy carries (None:
    anonymous, for requests that bring their own ``headers``). Under TESTING an unhandled
    exception propagates out of the request; it is answered here as the 500 it would be.
    """
    cookie = browser.get_cookie("session") if browser is not None else None

    def send() -> Answer:
        client = app.test_client()
        if cookie is not None:
            client.set_cookie(cookie.key, cookie.value, domain=cookie.domain or "localhost")
        try:
            response = client.open(path, method=method, **kwargs)
        except Exception as error:  # noqa: BLE001 - what the user would get: a 500
            return Answer(500, "", f"{type(error).__name__}: {error}")
        return Answer(
            response.status_code,
            response.headers.get("Location", ""),
            response.get_data(as_text=True),
        )

    answers = together(app, [send] * COPIES)
    db.session.expire_all()
    return answers


def together(app: Flask, calls: list[Callable[[], T]]) -> list[T]:
    """Each call in its own thread, app context, session and connection, all released at
    the same moment by a barrier; their results in the order they finished. An exception
    in any call fails the caller (after every thread has ended)."""
    start = threading.Barrier(len(calls))
    results: list[T] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(call: Callable[[], T]) -> None:
        with app.app_context():
            try:
                start.wait(timeout=30)
                result = call()
            except BaseException as error:  # noqa: BLE001 - re-raised by the main thread
                db.session.rollback()
                with lock:
                    errors.append(error)
                return
            finally:
                db.session.remove()
        with lock:
            results.append(result)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    assert len(results) == len(calls), "a call hung"
    return results


def server_errors(answers: list[Answer]) -> list[str]:
    """The 5xx answers, each with what went wrong, for the assertion message."""
    return [a.page[:300] for a in answers if a.status >= 500]


def emails_queued() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Email))
