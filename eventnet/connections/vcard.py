"""Contacts as vCard: 3.0 made by vobject, 4.0 (RFC 6350) written here. Pure renderers.

vobject serialises only vCard 3.0, which is what phones import most reliably (iOS, Android,
Outlook), so it is the default. vCard 4.0 shares 3.0's line syntax (escaping, CRLF, folding
at 75 octets), so the 4.0 cards are written by a small writer below and the tests parse them
back with vobject.
"""

from __future__ import annotations

from dataclasses import dataclass

import vobject

from eventnet.text import flattened, printable_lines


@dataclass(frozen=True)
class Card:
    name: str
    organisation: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    url: str = ""
    note: str = ""
    uid: str = ""


def _name_parts(name: str) -> tuple[str, str]:
    """(family, given) for the N property, from the one name field we keep."""
    parts = name.strip().rsplit(" ", 1)
    return (parts[1], parts[0]) if len(parts) == 2 else (parts[0], "")


def vcard3(cards: list[Card]) -> str:
    out = []
    for card in cards:
        v = vobject.vCard()
        v.add("fn").value = card.name
        family, given = _name_parts(card.name)
        v.add("n").value = vobject.vcard.Name(family=family, given=given)
        if card.organisation:
            v.add("org").value = [card.organisation]
        if card.title:
            v.add("title").value = card.title
        if card.email:
            email = v.add("email")
            email.value = card.email
            email.type_param = "INTERNET"
        if card.phone:
            tel = v.add("tel")
            tel.value = card.phone
            tel.type_param = "CELL"
        if card.url:
            v.add("url").value = card.url
        if card.note:
            v.add("note").value = card.note
        if card.uid:
            v.add("uid").value = card.uid
        out.append(v.serialize())
    return "".join(out)


def _escape(value: str) -> str:
    # Every line break (CR, CRLF, U+2028 …) as \n and no control character, so no value can
    # end its line early and start a property of its own.
    return (
        printable_lines(value)
        .replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """At most 75 octets per line, never splitting a UTF-8 character (RFC 6350 3.2)."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _tel(phone: str) -> str:
    """A tel: URI keeps the digits, "+" and the visual separators "-.()"."""
    return "".join(c for c in phone if c.isdigit() or c in "+-.()")


def vcard4(cards: list[Card]) -> str:
    lines: list[str] = []
    for card in cards:
        family, given = _name_parts(card.name)
        props = [
            "BEGIN:VCARD",
            "VERSION:4.0",
            f"FN:{_escape(card.name)}",
            f"N:{_escape(family)};{_escape(given)};;;",
        ]
        if card.organisation:
            props.append(f"ORG:{_escape(card.organisation)}")
        if card.title:
            props.append(f"TITLE:{_escape(card.title)}")
        if card.email:
            props.append(f"EMAIL;TYPE=work:{_escape(card.email)}")
        if card.phone:
            props.append(f"TEL;VALUE=uri;TYPE=cell:tel:{_tel(card.phone)}")
        if card.url:
            props.append(f"URL:{flattened(card.url)}")
        if card.note:
            props.append(f"NOTE:{_escape(card.note)}")
        if card.uid:
            props.append(f"UID:{_escape(card.uid)}")
        props.append("END:VCARD")
        lines += [_fold(p) for p in props]
    return "".join(line + "\r\n" for line in lines)
