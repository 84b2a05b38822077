"""A real SMTP server (aiosmtpd) started inside the test, and helpers to queue and read mail."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from eventnet.mail.services import queue_email


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (once the probe socket closes)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def message_id(message: EmailMessage) -> str:
    """The Message-ID token. A short one may be folded onto its own line ("Message-ID:\\n <…>"),
    which is valid (RFC 5322 allows FWS there) but leaves a leading space after parsing."""
    return str(message["Message-ID"]).strip()


@dataclass
class SMTPRecorder:
    """An aiosmtpd handler that keeps every accepted message, or refuses mail on request."""

    refuse_rcpt: str | None = None
    refuse_data: str | None = None
    require_auth: bool = False
    received: list[EmailMessage] = field(default_factory=list)
    raw: list[bytes] = field(default_factory=list)  # each message's bytes, as sent
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    rcpt_attempts: int = 0
    data_attempts: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        with self._lock:
            self.rcpt_attempts += 1
        if self.refuse_rcpt:
            return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        with self._lock:
            self.data_attempts += 1
        if self.refuse_data:
            return self.refuse_data
        if self.require_auth and not session.authenticated:
            return "530 5.7.0 Authentication required"
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.received.append(message)
            self.raw.append(envelope.original_content)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        login = auth_data.login.decode()
        password = auth_data.password.decode()
        with self._lock:
            self.logins.append((login, password))
        # handled=False: aiosmtpd answers the client itself (235, or 535 on a refusal).
        ok = (login, password) == ("mailer", "p@ss word")
        return AuthResult(success=ok, handled=False, auth_data=auth_data)

    def message_ids(self) -> list[str]:
        with self._lock:
            return [message_id(m) for m in self.received]


def raw_headers(data: bytes) -> dict[str, list[bytes]]:
    """The top-level headers as sent: each name (lower case) and its physical lines."""
    head = data.split(b"\r\n\r\n", 1)[0]
    headers: dict[str, list[bytes]] = {}
    lines: list[bytes] = []
    for line in head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t"):
            lines.append(line)
        else:
            lines = headers.setdefault(line.split(b":", 1)[0].decode().lower(), [])
            lines.append(line)
    return headers


def unfolded(lines: list[bytes]) -> str:
    """A header's value with its folds undone (RFC 5322 3.2.2: only the CRLFs go)."""
    return b"".join(lines).split(b":", 1)[1].decode("ascii").lstrip(" ")


@dataclass
class RunningSMTP:
    controller: Controller
    handler: SMTPRecorder

    @property
    def port(self) -> int:
        return self.controller.port

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"


@pytest.fixture
def start_smtp() -> Iterator:
    """``start_smtp(handler=None, port=None, **controller_kwargs)`` runs aiosmtpd on 127.0.0.1.

    Every server started this way is stopped at the end of the test.
    """
    running: list[Controller] = []

    def start(handler: SMTPRecorder | None = None, port: int | None = None, **kwargs):
        handler = handler or SMTPRecorder()
        controller = Controller(
            handler, hostname="127.0.0.1", port=port or free_port(), ready_timeout=10, **kwargs
        )
        controller.start()
        running.append(controller)
        return RunningSMTP(controller, handler)

    yield start
    for controller in running:
        controller.stop(no_assert=True)


@pytest.fixture
def smtp_server(start_smtp, app) -> RunningSMTP:
    """An accepting SMTP server, and the app configured to deliver to it."""
    server = start_smtp()
    app.config["EVENTNET_SMTP_URL"] = server.url
    return server


def queue_reset_mail(n: int | str, *, to: str | None = None, **kwargs):
    """Queue the password-reset message for person ``n`` (does not commit)."""
    return queue_email(
        to=to or f"person{n}@school.example",
        to_name=f"Person {n}",
        template="password_reset",
        context={
            "user": {"name": f"Person {n}"},
            "link": f"http://eventnet.test/r/{n}",
            "minutes": 60,
        },
        dedupe_key=kwargs.pop("dedupe_key", f"test-reset:{n}"),
        **kwargs,
    )
