"""Turn outbox rows into MIME messages and hand them to SMTP or to .eml files."""

from __future__ import annotations

import functools
import smtplib
import ssl
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from eventnet.db import utcnow
from eventnet.mail.headers import WIRE_POLICY
from eventnet.mail.models import Email
from eventnet.text import flattened


def build_message(email: Email, sender: str) -> EmailMessage:
    """A multipart/alternative (text, HTML) message, with attachments when there are any."""
    msg = EmailMessage(policy=WIRE_POLICY)
    msg["From"] = _parsed("From", sender)
    # Names and subjects are checked as one line when typed; rows from before that check (or
    # from a subject built of several texts) are made one line here, so no message fails.
    msg["To"] = Address(flattened(email.to_name), addr_spec=email.to_address)
    msg["Subject"] = flattened(email.subject)
    msg["Message-ID"] = email.message_id
    msg["Date"] = format_datetime(email.created_at)
    for name, value in (email.headers or {}).items():
        msg[name] = value
    msg.set_content(email.text_body)
    msg.add_alternative(email.html_body, subtype="html")
    for attachment in email.attachments:
        _attach(msg, attachment.filename, attachment.content_type, attachment.data)
    return msg


@functools.lru_cache(maxsize=16)
def _parsed(name: str, value: str):
    """A header parsed once and shared: the same sender is on every message of a batch, and
    header objects are immutable (``msg[name] = header`` stores it as it is)."""
    return WIRE_POLICY.header_factory(name, value)


def _attach(msg: EmailMessage, filename: str, content_type: str, data: bytes) -> None:
    """Attach ``data`` as ``content_type``, parameters and all (e.g. ``method=REQUEST``)."""
    header = policy.default.header_factory("Content-Type", content_type)
    maintype, subtype = header.maintype, header.subtype
    if header.defects:  # not a content type we can trust: send the bytes as they are
        maintype, subtype = "application", "octet-stream"
    params = dict(header.params)
    if maintype == "text":
        charset = params.pop("charset", "utf-8")
        try:
            text = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # not text in that charset after all: attach the bytes untouched
        else:
            msg.add_attachment(
                text, subtype=subtype, charset=charset, filename=filename, params=params
            )
            return
    msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename, params=params)


class FileTransport:
    """Development delivery: each message becomes ``<mail dir>/<time>-<id>.eml``."""

    def __init__(self, directory: str):
        self.directory = Path(directory)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send(self, email: Email, message: EmailMessage) -> None:
        # Made here, not on __enter__, so a folder that cannot be made fails each message
        # (recorded and retried) rather than the whole pass with the batch left claimed.
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = utcnow().strftime("%Y%m%dT%H%M%S")
        path = self.directory / f"{stamp}-{email.id:06d}.eml"
        tmp = path.with_suffix(".tmp")
        # CRLF, as on the wire: .eml readers and the .ics inside expect RFC 5322 line ends.
        tmp.write_bytes(message.as_bytes(policy=message.policy.clone(linesep="\r\n")))
        tmp.rename(path)


class SMTPTransport:
    """``smtp://user:pass@host:587?starttls=true``, or ``smtps://`` for TLS from the start.

    The connection opens on the first message, so a batch with nothing to send opens none.
    """

    def __init__(self, url: str, timeout: float = 30):
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps"):
            raise ValueError(f"EVENTNET_SMTP_URL must start with smtp:// or smtps://, not {url!r}")
        query = parse_qs(parts.query)
        self.ssl = parts.scheme == "smtps"
        self.starttls = query.get("starttls", ["false"])[0].lower() in ("1", "true", "yes")
        self.host = parts.hostname or "localhost"
        self.port = parts.port or (465 if self.ssl else 587 if self.starttls else 25)
        self.username = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except smtplib.SMTPException:
                self._smtp.close()
            except OSError:
                self._smtp.close()
        return False

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self.ssl:
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.starttls and not self.ssl:
                smtp.starttls(context=context)
            if self.username:
                smtp.login(self.username, self.password or "")
        except BaseException:
            smtp.close()  # e.g. refused credentials: do not leak the socket
            raise
        return smtp

    def send(self, email: Email, message: EmailMessage) -> None:
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            self._smtp.send_message(message, to_addrs=[email.to_address])
        except (smtplib.SMTPServerDisconnected, OSError):
            # The connection is gone: drop it so the next message connects anew.
            self._smtp.close()
            self._smtp = None
            raise


def open_transport(config) -> FileTransport | SMTPTransport:
    url = config.get("EVENTNET_SMTP_URL")
    return SMTPTransport(url) if url else FileTransport(config["EVENTNET_MAIL_DIR"])
