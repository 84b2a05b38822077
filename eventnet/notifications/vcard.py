"""The follow-up email's contacts.vcf: the people met, as vCard 3.0 (what phone address
books import most reliably), made by the one vCard producer, eventnet/connections/vcard.py."""

from __future__ import annotations

from eventnet.connections.vcard import Card, vcard3
from eventnet.notifications.partners import Partner
from eventnet.profiles.services import address_book_photos, split_name


def _card(partner: Partner, photo: bytes | None) -> Card:
    profile = partner.profile
    family, given = split_name(partner.user.name, getattr(profile, "family_name", ""))
    links = getattr(profile, "links", []) if profile is not None else []
    return Card(
        name=partner.user.name,
        family=family,
        given=given,
        organisation=getattr(profile, "organisation", ""),
        title=getattr(profile, "headline", ""),
        email=partner.contact.get("email", ""),
        phone=partner.contact.get("phone", ""),
        urls=tuple(url for _, url in links),
        note=partner.note,
        photo=photo,
    )


def render(partners: list[Partner]) -> bytes:
    photos = address_book_photos(p.user.id for p in partners)
    return vcard3([_card(p, photos.get(p.user.id)) for p in partners]).encode()
