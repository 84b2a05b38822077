"""Local SpamAssassin (``spamassassin -t -L``, Debian's package) scores every kind of email
the app sends at most 0, read as the bytes an SMTP server receives."""

from __future__ import annotations

import mailbox
import re
import shutil
import subprocess
from email import message_from_bytes, policy

import pytest

from eventnet.mail.worker import deliver_due
from tests.conftest import skip_or_fail
from tests.mail.kinds import KINDS, kind_of, queue_every_kind
from tests.mailbox import outbox


@pytest.fixture(autouse=True)
def _https_base_url(app_config):
    """As in production: https links, one-click unsubscribe, no port in the links."""
    app_config["EVENTNET_BASE_URL"] = "https://eventnet.test"


def spam_reports(messages: list[bytes], workdir) -> dict[str, tuple[float, str]]:
    """Score, and the rules that fired, by Message-ID; one spamassassin run for them all."""
    box = mailbox.mbox(workdir / "sent.mbox")
    for data in messages:
        box.add(data)
    box.close()
    with open(workdir / "sent.mbox", "rb") as stdin:
        run = subprocess.run(
            ["spamassassin", "-t", "-L", "--mbox"],  # noqa: S607 - Debian's, found on PATH
            stdin=stdin,
            capture_output=True,
            timeout=600,
            check=True,
        )
    (workdir / "scored.mbox").write_bytes(run.stdout)
    reports = {}
    scored = mailbox.mbox(workdir / "scored.mbox")
    for entry in scored:
        message = message_from_bytes(entry.as_bytes(), policy=policy.default)
        status = " ".join(str(message["X-Spam-Status"]).split())
        score = float(re.search(r"score=(-?[\d.]+)", status).group(1))
        reports[str(message["Message-ID"]).strip()] = (score, status)
    scored.close()
    return reports


def test_every_kind_of_email_scores_at_most_zero_with_spamassassin(app, smtp_server, tmp_path):
    if shutil.which("spamassassin") is None:
        skip_or_fail("spamassassin is not installed (apt-get install spamassassin)")
    queue_every_kind()
    deliver_due(max(e.send_after for e in outbox()), limit=500)

    reports = spam_reports(smtp_server.handler.raw, tmp_path)

    scored = [(kind_of(e), *reports[e.message_id]) for e in outbox()]
    assert {kind for kind, _, _ in scored} == set(KINDS)
    assert [(kind, status) for kind, score, status in scored if score > 0] == []
