"""My contacts as CSV and vCard: the same rows, only the details people shared."""

from __future__ import annotations

import csv
import io

from eventnet.connections import vcard
from eventnet.connections.services import Contact
from eventnet.events import times
from eventnet.profiles.services import split_name
from eventnet.text import safe_cell

HEADER = [
    "Name",
    "Title",
    "Organisation",
    "Email",
    "Phone",
    "Website",
    "LinkedIn",
    "Event",
    "Event date",
    "Connected at (UTC)",
    "My note",
]


def _website(contact: Contact) -> str:
    return contact.profile.website_url if contact.profile else ""


def contacts_csv(contacts: list[Contact]) -> str:
    """CSV text; cells a spreadsheet would run as a formula are defused (text.safe_cell)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for c in contacts:
        profile = c.profile
        details = c.details or {}
        writer.writerow(
            safe_cell(value)
            for value in (
                c.person.name,
                profile.headline if profile else "",
                profile.organisation if profile else "",
                details.get("email", ""),
                details.get("phone", ""),
                _website(c),
                profile.linkedin_url if profile else "",
                c.event.title,
                f"{times.in_zone(c.event.starts_at, c.event.timezone):%Y-%m-%d}",
                f"{c.met_at:%Y-%m-%d %H:%M}",
                c.note,
            )
        )
    return out.getvalue()


def _card(c: Contact, photo: bytes | None) -> vcard.Card:
    profile = c.profile
    family, given = split_name(c.person.name, profile.family_name if profile else "")
    details = c.details or {}
    when = f"{times.in_zone(c.event.starts_at, c.event.timezone):%-d %B %Y}"
    note = f"Met at {c.event.title} ({when})." + (f"\n{c.note}" if c.note else "")
    return vcard.Card(
        name=c.person.name,
        family=family,
        given=given,
        organisation=profile.organisation if profile else "",
        title=profile.headline if profile else "",
        email=details.get("email", ""),
        phone=details.get("phone", ""),
        urls=tuple(url for _, url in profile.links) if profile else (),
        note=note,
        uid=f"urn:eventnet:connection:{c.connection.id}:{c.person.id}",
        photo=photo,
    )


def contacts_vcf(
    contacts: list[Contact], version: str = "3.0", photos: dict[int, bytes] | None = None
) -> str:
    """One .vcf with one card per person (someone met at two events is one card);
    ``photos`` is {person id: JPEG} (``profiles.services.address_book_photos``)."""
    seen: dict[int, Contact] = {}
    for c in contacts:
        seen.setdefault(c.person.id, c)
    photos = photos or {}
    cards = [_card(c, photos.get(person_id)) for person_id, c in seen.items()]
    return vcard.vcard4(cards) if version == "4.0" else vcard.vcard3(cards)
