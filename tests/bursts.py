"""Twenty identical requests at the same moment, as a double-clicking person or a retrying
phone sends them: each from its own thread, app context, session and database connection."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from eventnet.extensions import db
from eventnet.mail.models import Email

COPIES = 20


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
    start = threading.Barrier(COPIES)
    answers: list[Answer] = []
    lock = threading.Lock()

    def send() -> None:
        client = app.test_client()
        if cookie is not None:
            client.set_cookie(cookie.key, cookie.value, domain=cookie.domain or "localhost")
        with app.app_context():
            try:
                start.wait(timeout=30)
                response = client.open(path, method=method, **kwargs)
                answer = Answer(
                    response.status_code,
                    response.headers.get("Location", ""),
                    response.get_data(as_text=True),
                )
            except Exception as error:  # noqa: BLE001 - what the user would get: a 500
                answer = Answer(500, "", f"{type(error).__name__}: {error}")
            finally:
                db.session.remove()
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=send) for _ in range(COPIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(answers) == COPIES, "a request hung"
    db.session.expire_all()
    return answers


def server_errors(answers: list[Answer]) -> list[str]:
    """The 5xx answers, each with what went wrong, for the assertion message."""
    return [a.page[:300] for a in answers if a.status >= 500]


def emails_queued() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Email))
