"""Headers as the bytes a real SMTP server (aiosmtpd) receives, not as Python parses them back:
List-Unsubscribe as a plain <https://…> (RFC 2369, RFC 8058), subjects in any script that
decode to exactly what was written, and no line over 998 octets (RFC 5322)."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.header import decode_header, make_header

import pytest

from eventnet.extensions import db
from eventnet.mail.worker import deliver_due
from tests.factories import make_event, make_network, make_user, register
from tests.mail.conftest import raw_headers, unfolded
from tests.mail.kinds import KINDS, kind_of, queue_every_kind
from tests.mailbox import outbox

ENCODED_WORD = re.compile(rb"=\?[^?\s]+\?[bBqQ]\?")
# Structured headers (RFC 5322 3.6, RFC 2369, RFC 8058): an encoded-word is not allowed in them.
STRUCTURED = ("message-id", "date", "list-unsubscribe", "list-unsubscribe-post", "mime-version")


@pytest.fixture(autouse=True)
def _https_base_url(app_config):
    """One-click unsubscribe (RFC 8058) needs https links, as in production."""
    app_config["EVENTNET_BASE_URL"] = "https://eventnet.test"


def _delivered(smtp_server) -> dict[str, bytes]:
    """Deliver the whole outbox over SMTP: each message's raw bytes by its Message-ID."""
    # Some were queued for later (a reminder, the follow-up): send them as if then.
    deliver_due(max(e.send_after for e in outbox()), limit=500)
    by_id = {}
    for data in smtp_server.handler.raw:
        [line] = raw_headers(data)["message-id"]
        by_id[line.split(b":", 1)[1].strip().decode()] = data
    return by_id


def _decoded_subject(data: bytes) -> str:
    lines = raw_headers(data)["subject"]
    assert lines[0].split(b":", 1)[1].strip(), f"the Subject starts with a folded space: {lines}"
    by_rfc_2047 = str(make_header(decode_header(unfolded(lines))))
    by_python = str(message_from_bytes(data, policy=policy.default)["Subject"])
    assert by_rfc_2047 == by_python
    return by_rfc_2047


def test_every_kind_of_email_leaves_with_plain_structured_headers(app, smtp_server):
    queue_every_kind()
    sent = _delivered(smtp_server)

    assert {kind_of(e) for e in outbox()} == set(KINDS)
    optional = set()
    for email in outbox():
        data = sent[email.message_id]
        headers = raw_headers(data)
        for name, lines in headers.items():
            assert all(len(line) <= 998 for line in lines), name
            if name in STRUCTURED:
                assert not ENCODED_WORD.search(b"".join(lines)), (kind_of(email), lines)
        assert _decoded_subject(data) == email.subject
        if "List-Unsubscribe" in email.headers:
            optional.add(kind_of(email))
            [line] = headers["list-unsubscribe"]
            assert re.fullmatch(
                rb"List-Unsubscribe: <https://eventnet\.test/unsubscribe/\S+>", line
            )
            assert line.decode() == f"List-Unsubscribe: {email.headers['List-Unsubscribe']}"
            assert headers["list-unsubscribe-post"] == [
                b"List-Unsubscribe-Post: List-Unsubscribe=One-Click"
            ]
    # The emails a person can turn off all carry the header.
    assert {"reminder", "follow_up", "meeting_reminder", "organiser_message"} <= optional


# A person named in each script, and a sentence whose first 1, 2, 3 … words are event titles:
# every length folds at another place.
SCRIPTS = {
    "english": (
        "Ada Lovelace",
        "Summer leadership conference for the heads and deputies of the Oakfield schools",
    ),
    "latin accents": (
        "Łukasz Żółć",
        "Journée pédagogique des écoles élémentaires de l'académie de Créteil-Évry pour tous",
    ),
    "greek": (
        "Ζωή Παπαδοπούλου",
        "Το συνέδριο ηγεσίας του καλοκαιριού για διευθυντές σχολείων και αναπληρωτές",
    ),
    "cjk": (
        "李小龍",
        "夏季领导力会议 面向奥克菲尔德学校的校长 和副校长 请准时参加 谢谢大家的 支持和配合",
    ),
    "arabic": (
        "فاطمة الزهراء",
        "مؤتمر القيادة الصيفي لمديري المدارس ونوابهم في مدينة أوكفيلد خلال عشرين يومًا من الآن",
    ),
    "emoji": (
        "Zoë 🎓 Ní Bhriain",
        "🎉 Summer 🌞 leadership conference 🎓 with friends 🤝 and colleagues from 🏫 every school",
    ),
}
SENDER = "Écoles d'Oakfield – événements"


@pytest.mark.parametrize("script", SCRIPTS)
def test_long_subjects_in_any_script_keep_their_words_and_spaces(app, smtp_server, script):
    name, sentence = SCRIPTS[script]
    app.config["EVENTNET_MAIL_FROM"] = f"{SENDER} <no-reply@eventnet.test>"
    person = make_user(name, f"{script.replace(' ', '-')}@school.example")
    network = make_network()
    words = sentence.split()
    for n in range(1, len(words) + 1):
        register(make_event(network, title=" ".join(words[:n])), person)
    db.session.commit()

    sent = _delivered(smtp_server)

    emails = outbox(person.email)
    assert len(emails) == len(words)
    for email in emails:
        data = sent[email.message_id]
        assert email.subject.startswith("You are registered: ")
        assert _decoded_subject(data) == email.subject
        headers = raw_headers(data)
        assert all(len(line) <= 78 for line in headers["subject"])
        # Names are encoded-words; the address stays outside them, readable by every server.
        for header, who, address in (
            ("from", SENDER, b"<no-reply@eventnet.test>"),
            ("to", name, f"<{person.email}>".encode()),
        ):
            raw = b"".join(headers[header])
            assert raw.endswith(b" " + address)
            assert not re.search(rb"=\?[^?]+\?[bBqQ]\?[^?]*[@<]", raw)
            decoded = str(make_header(decode_header(unfolded(headers[header]))))
            assert decoded == f"{who} {address.decode()}"
