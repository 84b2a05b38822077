"""Contacts as vCard 3.0 (what phone address books import most reliably), RFC 2426."""

from __future__ import annotations

from eventnet.notifications.partners import Partner
from eventnet.text import flattened, printable_lines


def _escape(value: str) -> str:
    # Every line break (CR, CRLF, U+2028 …) as \n and no control character, so no value can
    # end its line early and start a property of its own.
    value = printable_lines(value)
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a leading space, never mid-character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def render(partners: list[Partner]) -> bytes:
    lines: list[str] = []
    for p in partners:
        name = p.user.name
        given, _, family = name.rpartition(" ")  # "Priya Shah" → given "Priya", family "Shah"
        profile = p.profile
        card = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{_escape(name)}"]
        card.append(f"N:{_escape(family)};{_escape(given)};;;")
        if profile is not None and getattr(profile, "organisation", ""):
            card.append(f"ORG:{_escape(profile.organisation)}")
        if profile is not None and getattr(profile, "headline", ""):
            card.append(f"TITLE:{_escape(profile.headline)}")
        if p.contact.get("email"):
            card.append(f"EMAIL;TYPE=INTERNET:{_escape(p.contact['email'])}")
        if p.contact.get("phone"):
            card.append(f"TEL;TYPE=CELL:{_escape(p.contact['phone'])}")
        for _label, url in getattr(profile, "links", []) if profile is not None else []:
            card.append(f"URL:{flattened(url)}")
        if p.note:
            card.append(f"NOTE:{_escape(p.note)}")
        card.append("END:VCARD")
        lines += [_fold(line) for line in card]
    return ("\r\n".join(lines) + "\r\n").encode()
