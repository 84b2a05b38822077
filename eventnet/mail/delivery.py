"""Turn outbox rows into MIME messages and hand them to SMTP or to .eml files."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from eventnet.db import utcnow
from eventnet.mail.models import Email


def build_message(email: Email, sender: str) -> EmailMessage:
    """A multipart/alternative (text, HTML) message, with attachments when there are any."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = formataddr((email.to_name, email.to_address)) if email.to_name else email.to_address
    msg["Subject"] = email.subject
    msg["Message-ID"] = email.message_id
    msg["Date"] = format_datetime(email.created_at)
    for name, value in (email.headers or {}).items():
        msg[name] = value
    msg.set_content(email.text_body)
    msg.add_alternative(email.html_body, subtype="html")
    for attachment in email.attachments:
        maintype, _, rest = attachment.content_type.partition("/")
        subtype, *param_parts = [p.strip() for p in rest.split(";")]
        params = dict(p.split("=", 1) for p in param_parts if "=" in p)
        if maintype == "text":
            msg.add_attachment(
                attachment.data.decode("utf-8"),
                subtype=subtype,
                filename=attachment.filename,
                params=params,
            )
        else:
            msg.add_attachment(
                attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename
            )
    return msg


class FileTransport:
    """Development delivery: each message becomes ``<mail dir>/<time>-<id>.eml``."""

    def __init__(self, directory: str):
        self.directory = Path(directory)

    def __enter__(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *exc):
        return False

    def send(self, email: Email, message: EmailMessage) -> None:
        stamp = utcnow().strftime("%Y%m%dT%H%M%S")
        path = self.directory / f"{stamp}-{email.id:06d}.eml"
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(bytes(message))
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
            if self.starttls:
                smtp.starttls(context=context)
        if self.username:
            smtp.login(self.username, self.password or "")
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
