"""Contacts as vCard: 3.0 made by vobject, 4.0 (RFC 6350) written here. Pure renderers.

vobject serialises only vCard 3.0, which is what phones import most reliably (iOS, Android,
Outlook), so it is the default. vCard 4.0 shares 3.0's line syntax (escaping, CRLF, folding
at 75 octets), so the 4.0 cards are written by a small writer below and the tests parse them
back with vobject.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import vobject

from eventnet.text import flattened, printable_lines


@dataclass(frozen=True)
class Card:
    """One person. ``family`` and ``given`` fill N as the person set them
    (``profiles.services.split_name``); ``photo`` is a JPEG, or None."""

    name: str
    family: str = ""
    given: str = ""
    organisation: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    urls: tuple[str, ...] = ()
    note: str = ""
    uid: str = ""
    photo: bytes | None = None


def vcard3(cards: list[Card]) -> str:
    out = []
    for card in cards:
        v = vobject.vCard()
        v.add("fn").value = card.name
        v.add("n").value = vobject.vcard.Name(family=card.family, given=card.given)
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
        for url in card.urls:
            v.add("url").value = url
        if card.note:
            v.add("note").value = card.note
        if card.uid:
            v.add("uid").value = card.uid
        if card.photo:
            # RFC 2426 3.1.4: PHOTO;ENCODING=b;TYPE=JPEG:<base64>; vobject encodes the bytes.
            photo = v.add("photo")
            photo.value = card.photo
            photo.encoding_param = "b"
            photo.type_param = "JPEG"
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
        props = [
            "BEGIN:VCARD",
            "VERSION:4.0",
            f"FN:{_escape(card.name)}",
            f"N:{_escape(card.family)};{_escape(card.given)};;;",
        ]
        if card.organisation:
            props.append(f"ORG:{_escape(card.organisation)}")
        if card.title:
            props.append(f"TITLE:{_escape(card.title)}")
        if card.email:
            props.append(f"EMAIL;TYPE=work:{_escape(card.email)}")
        if card.phone:
            props.append(f"TEL;VALUE=uri;TYPE=cell:tel:{_tel(card.phone)}")
        props += [f"URL:{flattened(url)}" for url in card.urls]
        if card.note:
            props.append(f"NOTE:{_escape(card.note)}")
        if card.uid:
            props.append(f"UID:{_escape(card.uid)}")
        if card.photo:
            # RFC 6350 6.2.4: a data: URI.
            props.append("PHOTO:data:image/jpeg;base64," + base64.b64encode(card.photo).decode())
        props.append("END:VCARD")
        lines += [_fold(p) for p in props]
    return "".join(line + "\r\n" for line in lines)
