"""Models as the API shows them: plain JSON-ready dicts, datetimes in ISO 8601 with offsets."""

from __future__ import annotations

from datetime import datetime

from eventnet.events import times
from eventnet.events.models import Event
from eventnet.profiles.models import TagKind
from eventnet.registration.models import Registration
from eventnet.registration.services import AnswerSheet
from eventnet.urls import absolute_url


def moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def event_moment(value: datetime | None, event: Event) -> str | None:
    """A time of the event in its own zone, with that zone's offset."""
    return times.in_zone(value, event.timezone).isoformat() if value else None


def event_json(event: Event, *, join_url: str) -> dict:
    """``join_url``: the link as ``registration.access`` lets the caller see it, or ""."""
    return {
        "slug": event.slug,
        "title": event.title,
        "description": event.description,
        "format": event.format.value,
        "venue_name": event.venue_name,
        "venue_address": event.venue_address,
        "join_url": join_url or None,
        "timezone": event.timezone,
        "starts_at": event_moment(event.starts_at, event),
        "ends_at": event_moment(event.ends_at, event),
        "capacity_in_person": event.capacity_in_person,
        "capacity_online": event.capacity_online,
        "registration_opens_at": event_moment(event.registration_opens_at, event),
        "registration_closes_at": event_moment(event.registration_closes_at, event),
        "visibility": event.visibility.value,
        "registration_mode": event.registration_mode.value,
        "status": event.status.value,
        "hashtag": event.hashtag,
        "network": {"slug": event.network.slug, "name": event.network.name},
        "url": absolute_url("events.show", slug=event.slug),
    }


def registration_json(
    registration: Registration, *, for_organiser: bool, answers: AnswerSheet | None = None
) -> dict:
    """The registrant's own view, or the organiser's (which adds who it is). ``answers``:
    the registration's answers to its event's questions (``services.answer_sheets``)."""
    data = {
        "id": registration.id,
        "event": registration.event.slug,
        "status": registration.status.value,
        "mode": registration.mode.value,
        "registered_at": moment(registration.registered_at),
        "checked_in_at": moment(registration.checked_in_at),
        "answers": [
            {
                "question_id": question.id,
                "question": question.prompt,
                "kind": question.kind.value,
                "answer": value,
            }
            for question, value in (answers.rows if answers else [])
        ],
    }
    if for_organiser:
        user = registration.user
        data["person"] = {"id": user.id, "name": user.name, "email": user.email}
    return data


def me_json(user) -> dict:
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "is_admin": user.is_admin,
        "created_at": moment(user.created_at),
    }


def contact_json(contact) -> dict:
    """One of my connections as I see it (``connections.services.Contact``)."""
    profile = contact.profile
    return {
        "id": contact.connection.id,
        "event": contact.event.slug,
        "person": {
            "id": contact.person.id,
            "name": contact.person.name,
            "headline": profile.headline if profile else "",
            "organisation": profile.organisation if profile else "",
        },
        "note": contact.note,
        "contact_details": contact.details,
        "my_sharing": contact.my_sharing.value,
        "their_sharing": contact.their_sharing.value,
        "connected_at": moment(contact.met_at),
    }


def meeting_json(meeting, user) -> dict:
    """A 1:1 meeting as one of its two people sees it."""
    event, other = meeting.event, meeting.other(user)
    return {
        "id": meeting.id,
        "event": event.slug,
        "status": meeting.status.value,
        "starts_at": event_moment(meeting.starts_at, event),
        "ends_at": event_moment(meeting.ends_at, event),
        "with": {"id": other.id, "name": other.name},
        "incoming": meeting.invitee_id == user.id,
        "message": meeting.message,
        "reply": meeting.reply,
        "place": meeting.place,
        "video_url": meeting.video_url or None,
        "note": meeting.note,
    }


def profile_json(profile) -> dict:
    """The caller's own pitch card, every field (an empty card before the first save)."""

    def tags(kind):
        return [t.label for t in profile.tags_of(kind)] if profile else []

    def value(name, default=""):
        return getattr(profile, name) if profile else default

    return {
        **{
            name: value(name)
            for name in (
                "family_name",
                "headline",
                "organisation",
                "location",
                "pitch",
                "website_url",
                "linkedin_url",
                "social_url",
                "contact_email",
                "contact_phone",
            )
        },
        "interests": tags(TagKind.INTEREST),
        "offers": tags(TagKind.OFFER),
        "needs": tags(TagKind.NEED),
        "share_on_scan": value("share_on_scan", True),
        "hidden": value("hidden", False),
        "updated_at": moment(value("updated_at", None)),
    }
