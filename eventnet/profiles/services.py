"""Pitch card rules: what a card may hold, editing it in one go, export and deletion."""

from __future__ import annotations

import base64
import re
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from sqlalchemy.orm import joinedload, selectinload

from eventnet.accounts.models import User
from eventnet.db import insert_for, lock_row, utcnow
from eventnet.errors import DomainError, Refusals
from eventnet.extensions import db
from eventnet.profiles import photos
from eventnet.profiles.models import (
    PITCH_MAX,
    TAG_MAX,
    TAGS_PER_KIND,
    TEXT_MAX,
    URL_MAX,
    Profile,
    ProfileTag,
    TagKind,
)
from eventnet.text import ONE_LINE_MESSAGE, multi_line, one_line_problem, single_line

PHOTO_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
PHONE_RE = re.compile(r"^\+?[0-9 ()./-]+$")
TAG_SPLIT_RE = re.compile(r"[,;\n]")
TAG_FIELDS = {TagKind.INTEREST: "interests", TagKind.OFFER: "offers", TagKind.NEED: "needs"}


# --- reading ---------------------------------------------------------------------------------


def profile_of(user: User) -> Profile | None:
    """One person's card with its tags, in one query (a join: a card has few tags)."""
    return (
        db.session.scalars(
            sa.select(Profile).options(joinedload(Profile.tags)).where(Profile.user_id == user.id)
        )
        .unique()
        .one_or_none()
    )


def is_hidden(user: User) -> bool:
    """Whether ``user`` hid their card from attendee lists (the directories say so)."""
    return bool(db.session.scalar(sa.select(Profile.hidden).where(Profile.user_id == user.id)))


def profiles_by_user(user_ids: list[int]) -> dict[int, Profile]:
    """Many people's cards (with tags) in two queries, for lists."""
    if not user_ids:
        return {}
    rows = db.session.scalars(
        sa.select(Profile).options(selectinload(Profile.tags)).where(Profile.user_id.in_(user_ids))
    )
    return {p.user_id: p for p in rows}


def photo_for_token(token: str) -> bytes | None:
    # Tokens are URL-safe base64; anything else (NUL, which PostgreSQL refuses) is no token.
    if not PHOTO_TOKEN_RE.match(token):
        return None
    return db.session.scalar(sa.select(Profile.photo).where(Profile.photo_token == token))


def address_book_photos(user_ids: Iterable[int]) -> dict[int, bytes]:
    """{person id: a small JPEG} for the vCards of these people, in one query; people with
    no photo are missing."""
    ids = set(user_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(Profile.user_id, Profile.photo).where(
            Profile.user_id.in_(ids), Profile.photo.is_not(None)
        )
    )
    return {user_id: photos.for_address_book(photo) for user_id, photo in rows}


# --- checking input --------------------------------------------------------------------------


def clean_text(text: str | None, field: str, limit: int = TEXT_MAX) -> str:
    """A one-line card field (headline, organisation, location): refused with a line break
    or a control character (eventnet/text.py), runs of spaces made one."""
    text = " ".join(single_line(text, field).split())
    if len(text) > limit:
        raise DomainError(f"Use at most {limit} characters.", field)
    return text


def clean_family_name(text: str | None, name: str) -> str:
    """The part of ``name`` (as the person gave it) that is their family name: its first or
    its last words, "Ní Bhriain" of "Zoë Ní Bhriain", "李" of "李小龍". Empty is fine."""
    family = clean_text(text, "family_name")
    if family and split_name(name, family)[0] == "":
        raise DomainError(
            f"Give the first or last part of your name ({name}) that is your family name, "
            "or leave this empty.",
            "family_name",
        )
    return family


def split_name(name: str, family: str) -> tuple[str, str]:
    """(family, given) for address books. Without a family name, or one that is no longer
    the start or end of the name, nobody guesses: the whole name is the given name."""
    name = " ".join(name.split())
    if family and family.casefold() != name.casefold():
        folded, wanted = name.casefold(), family.casefold()
        if folded.endswith(wanted):
            given = name[: len(name) - len(family)]
            if not given[-1:].isalnum() or _unspaced(family):
                return family, given.strip()
        if folded.startswith(wanted):
            given = name[len(family) :]
            if not given[:1].isalnum() or _unspaced(family):
                return family, given.strip()
    return "", name


def _unspaced(text: str) -> bool:
    # Scripts written without spaces between words (李小龍): a family name needs no boundary.
    return any("\u3000" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af" for char in text)


def clean_pitch(text: str | None) -> str:
    # Browsers count a line break as one character towards maxlength but send two (CRLF).
    text = multi_line(text, "pitch")
    if len(text) > PITCH_MAX:
        raise DomainError(
            f"Keep your pitch to {PITCH_MAX} characters; it has {len(text)}.", "pitch"
        )
    return text


def tag_key(label: str) -> str:
    """How tags are matched: compatibility-normalised, spaces collapsed, case-folded."""
    return " ".join(unicodedata.normalize("NFKC", label).casefold().split())


def clean_tags(text: str | list[str] | None, field: str) -> list[tuple[str, str]]:
    """``"Assessment, wellbeing"`` → ``[("Assessment", "assessment"), ...]``: labels as typed
    (trimmed, a leading # dropped), duplicates by key dropped, at most TAGS_PER_KIND."""
    parts = TAG_SPLIT_RE.split(text) if isinstance(text, str) else list(text or [])
    if (isinstance(text, str) and one_line_problem(text)) or any(map(one_line_problem, parts)):
        raise DomainError(ONE_LINE_MESSAGE, field)
    tags: dict[str, str] = {}
    for part in parts:
        label = " ".join(part.split()).lstrip("#").strip()
        if not label:
            continue
        if len(label) > TAG_MAX:
            raise DomainError(
                f"Keep each tag to {TAG_MAX} characters; “{label[:TAG_MAX]}…” is longer.", field
            )
        tags.setdefault(tag_key(label), label)
    if len(tags) > TAGS_PER_KIND:
        raise DomainError(
            f"Choose at most {TAGS_PER_KIND} tags here (you gave {len(tags)}).", field
        )
    return [(label, key) for key, label in tags.items()]


def clean_url(url: str | None, field: str) -> str:
    """Only http(s) links with a host; a bare ``www.example.org`` gets https:// in front."""
    url = (url or "").strip()
    if not url:
        return ""
    if "://" not in url and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url):
        url = "https://" + url
    message = "Enter a web address starting with https:// (or http://)."
    if len(url) > URL_MAX:
        raise DomainError(f"Use a web address of at most {URL_MAX} characters.", field)
    if one_line_problem(url) or any(c.isspace() for c in url):
        raise DomainError(message, field)
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        raise DomainError(message, field) from None
    if parts.scheme.lower() not in ("http", "https") or not host or "." not in host:
        raise DomainError(message, field)
    return url


def clean_email(email: str | None) -> str:
    email = (email or "").strip()
    if not email:
        return ""
    if len(email) > 254:
        raise DomainError("Use at most 254 characters.", "contact_email")
    try:
        return validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError:
        raise DomainError(
            "Enter a valid email address, or leave it empty.", "contact_email"
        ) from None


def clean_phone(phone: str | None) -> str:
    phone = " ".join((phone or "").split())
    if not phone:
        return ""
    digits = sum(c.isdigit() for c in phone)
    if len(phone) > 40 or not PHONE_RE.match(phone) or not 5 <= digits <= 20:
        raise DomainError(
            "Enter a phone number of digits, spaces and + ( ) - only, e.g. +44 121 496 0000.",
            "contact_phone",
        )
    return phone


# --- editing ---------------------------------------------------------------------------------


@dataclass
class ProfileData:
    """What a person enters on their card; tags as typed, comma-separated or as lists."""

    headline: str = ""
    organisation: str = ""
    location: str = ""
    pitch: str = ""
    family_name: str = ""
    interests: str | list[str] = ""
    offers: str | list[str] = ""
    needs: str | list[str] = ""
    website_url: str = ""
    linkedin_url: str = ""
    social_url: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    share_on_scan: bool = True
    hidden: bool = False


def _checked(
    data: ProfileData, name: str, refusals: Refusals
) -> tuple[dict[str, Any], dict[TagKind, list[tuple[str, str]]]]:
    """Every value checked before anything changes, so a refusal leaves the card as it was;
    each refusal is added to ``refusals``, so the person can fix them all in one go."""
    checks = {
        "family_name": lambda: clean_family_name(data.family_name, name),
        "headline": lambda: clean_text(data.headline, "headline"),
        "organisation": lambda: clean_text(data.organisation, "organisation"),
        "location": lambda: clean_text(data.location, "location"),
        "pitch": lambda: clean_pitch(data.pitch),
        "website_url": lambda: clean_url(data.website_url, "website_url"),
        "linkedin_url": lambda: clean_url(data.linkedin_url, "linkedin_url"),
        "social_url": lambda: clean_url(data.social_url, "social_url"),
        "contact_email": lambda: clean_email(data.contact_email),
        "contact_phone": lambda: clean_phone(data.contact_phone),
    }
    values: dict[str, Any] = {}
    for field, check in checks.items():
        with refusals.checking():
            values[field] = check()
    tags = {}
    for kind, field in TAG_FIELDS.items():
        with refusals.checking():
            tags[kind] = clean_tags(getattr(data, field), field)
    values["share_on_scan"] = bool(data.share_on_scan)
    values["hidden"] = bool(data.hidden)
    return values, tags


def _reencoded(photo: bytes) -> bytes:
    try:
        return photos.reencode(photo)
    except photos.PhotoError as error:
        raise DomainError(str(error), "photo") from None


def update_profile(
    user: User,
    data: ProfileData,
    *,
    photo: bytes | None = None,
    remove_photo: bool = False,
) -> Profile:
    """Save the whole card, making it on first use. ``photo`` is the uploaded file's bytes."""
    refusals = Refusals()
    values, tags = _checked(data, user.name, refusals)
    jpeg = None
    if photo is not None:
        with refusals.checking():
            jpeg = _reencoded(photo)
    refusals.raise_if_any()
    profile = _locked_profile(user)
    for name, value in values.items():
        setattr(profile, name, value)
    _replace_tags(profile, tags)
    if jpeg is not None:
        profile.photo = jpeg
        profile.photo_token = secrets.token_urlsafe(24)
    elif remove_photo:
        profile.photo = None
        profile.photo_token = None
    db.session.flush()
    return profile


def _locked_profile(user: User) -> Profile:
    """The card, made if missing (INSERT … ON CONFLICT DO NOTHING), locked and read afresh:
    twenty saves at once make one card and run one after the other, never a 500."""
    find = sa.select(Profile.id).where(Profile.user_id == user.id)
    profile_id = db.session.scalar(find)
    if profile_id is None:
        db.session.execute(
            insert_for(db.session, Profile)
            .values(user_id=user.id, created_at=utcnow(), updated_at=utcnow())
            .on_conflict_do_nothing(index_elements=["user_id"])
        )
        profile_id = db.session.scalar(find)
    lock_row(db.session, Profile, profile_id)
    profile = db.session.get(Profile, profile_id)
    db.session.refresh(profile)
    return profile


def _replace_tags(profile: Profile, tags: dict[TagKind, list[tuple[str, str]]]) -> None:
    current = {(t.kind, t.key): t for t in profile.tags}
    wanted = {(kind, key) for kind, pairs in tags.items() for _, key in pairs}
    for ident, tag in current.items():
        if ident not in wanted:
            profile.tags.remove(tag)
    # A tag re-typed in other letter case keeps its row (same key) and takes the new label.
    for kind, pairs in tags.items():
        for position, (label, key) in enumerate(pairs):
            tag = current.get((kind, key))
            if tag is None:
                profile.tags.append(ProfileTag(kind=kind, label=label, key=key, position=position))
            else:
                tag.label, tag.position = label, position


def popular_tags(limit: int = 30) -> list[str]:
    """Tags other people use most, as suggestions on the edit page."""
    rows = db.session.execute(
        sa.select(sa.func.min(ProfileTag.label), sa.func.count())
        .group_by(ProfileTag.key)
        .order_by(sa.func.count().desc(), ProfileTag.key)
        .limit(limit)
    )
    return [label for label, _ in rows]


# --- the account registries ------------------------------------------------------------------


def export_profile(user: User) -> dict[str, Any] | None:
    profile = profile_of(user)
    if profile is None:
        return None
    photo = db.session.scalar(sa.select(Profile.photo).where(Profile.id == profile.id))
    return {
        "family_name": profile.family_name,
        "headline": profile.headline,
        "organisation": profile.organisation,
        "location": profile.location,
        "pitch": profile.pitch,
        "interests": [t.label for t in profile.tags_of(TagKind.INTEREST)],
        "can_help_with": [t.label for t in profile.tags_of(TagKind.OFFER)],
        "looking_for": [t.label for t in profile.tags_of(TagKind.NEED)],
        "website": profile.website_url,
        "linkedin": profile.linkedin_url,
        "x_or_mastodon": profile.social_url,
        "contact_email": profile.contact_email,
        "contact_phone": profile.contact_phone,
        "share_contact_details_when_scanned": profile.share_on_scan,
        "hidden_from_attendee_lists": profile.hidden,
        "photo_jpeg_base64": base64.b64encode(photo).decode() if photo else None,
        "updated_at": profile.updated_at.isoformat(),
    }


def delete_profile(user: User) -> None:
    profile = profile_of(user)
    if profile is not None:
        db.session.delete(profile)
        db.session.flush()
