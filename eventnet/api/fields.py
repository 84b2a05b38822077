"""The request bodies of the API, declared once for checking and for the OpenAPI description."""

from __future__ import annotations

from eventnet.api.inputs import Body, Field
from eventnet.events.models import EventFormat, EventVisibility, RegistrationMode
from eventnet.events.services import MAX_CAPACITY
from eventnet.registration.models import AttendanceMode, RegistrationStatus
from eventnet.registration.services.questions import MAX_ANSWER, MAX_QUESTIONS


def _choices(enum_class) -> tuple[str, ...]:
    return tuple(member.value for member in enum_class)


def _text(max_length: int, description: str = "") -> Field:
    """One line: line breaks and control characters are refused (eventnet/text.py)."""
    return Field("string", max_length=max_length, description=description)


def _lines(max_length: int, description: str = "") -> Field:
    """Several lines: line breaks and tabs are kept, other control characters refused."""
    return Field("string", max_length=max_length, description=description, multiline=True)


def _when(description: str, nullable: bool = False) -> Field:
    return Field("datetime", nullable=nullable, description=description)


def _places(description: str) -> Field:
    return Field("integer", minimum=0, maximum=MAX_CAPACITY, nullable=True, description=description)


# The organiser form's fields (eventnet/events/forms.py: EventForm).
EVENT_FIELDS = {
    "title": _text(200),
    "slug": _text(80, "The web address /e/<slug>; made from the title when empty."),
    "description": _lines(20000, "Markdown."),
    "format": Field("enum", choices=_choices(EventFormat)),
    "venue_name": _text(200, "In person and hybrid."),
    "venue_address": _lines(500),
    "join_url": _text(
        500, "Online and hybrid; shown only to organisers and confirmed online registrants."
    ),
    "timezone": _text(64, "An IANA time zone, e.g. Europe/London."),
    "starts_at": _when("With an offset, or wall-clock time in the event's zone."),
    "ends_at": _when("With an offset, or wall-clock time in the event's zone."),
    "capacity_in_person": _places("Places in person; null is unlimited."),
    "capacity_online": _places("Places online; null is unlimited."),
    "registration_opens_at": _when("Null opens on publishing.", nullable=True),
    "registration_closes_at": _when("Null closes when the event ends.", nullable=True),
    "visibility": Field("enum", choices=_choices(EventVisibility)),
    "registration_mode": Field("enum", choices=_choices(RegistrationMode)),
    "hashtag": _text(60),
}
NEW_EVENT = Body(
    {"network": _text(80, "The slug of a network you organise."), **EVENT_FIELDS},
    required=("network", "title", "starts_at", "ends_at"),
)
EVENT_CHANGES = Body(EVENT_FIELDS)
REGISTER = Body(
    {
        "mode": Field(
            "enum",
            choices=_choices(AttendanceMode),
            nullable=True,
            description="For hybrid events; the only mode otherwise.",
        ),
        "invitation_token": Field(
            "string", max_length=200, nullable=True, description="For invite-only events."
        ),
        "answers": Field(
            "answers",
            max_length=MAX_ANSWER,
            maximum=MAX_QUESTIONS,
            description="Answers to the event's registration questions, by question id "
            '(e.g. {"12": "Vegetarian"}): text, one of the choices, or "yes" / "no". '
            "Required questions must be answered.",
        ),
    }
)
ME_CHANGES = Body({"name": _text(120)})
# A badge as scanned (the token in its QR code) or as typed (the 8-character code under it).
BADGE = Body(
    {
        "badge_token": _text(100, "The token in the badge's QR address /b/<token>."),
        "short_code": _text(20, "The 8-character code printed under the QR code."),
    }
)


def _tags(description: str) -> Field:
    return Field("tags", max_length=160, maximum=50, description=description)


# The pitch card's fields (eventnet/profiles/services.py: ProfileData); lengths here are only
# the shape, the card's own limits (a 300-character pitch …) are the service's.
PROFILE_CHANGES = Body(
    {
        "family_name": _text(
            1000, "The first or last part of your name that is your family name, or empty."
        ),
        "headline": _text(1000, "Your role, e.g. Headteacher."),
        "organisation": _text(1000),
        "location": _text(1000),
        "pitch": _lines(3000, "The 30-second pitch, at most 300 characters."),
        "interests": _tags("Interest tags."),
        "offers": _tags("What you can help with."),
        "needs": _tags("What you are looking for."),
        "website_url": _text(1000),
        "linkedin_url": _text(1000),
        "social_url": _text(1000, "X or Mastodon."),
        "contact_email": _text(1000, "Shared only through a contact exchange."),
        "contact_phone": _text(1000, "Shared only through a contact exchange."),
        "share_on_scan": Field(
            "boolean", description="Share contact details when scanned (else: ask me first)."
        ),
        "hidden": Field("boolean", description="Hide me from attendee lists."),
    }
)
MEETING_REQUEST = Body(
    {
        "with": Field("integer", minimum=1, maximum=2_147_483_647, description="Their person id."),
        "starts_at": _when("The start of one of the free slots (GET …/meetings/slots)."),
        "message": _lines(500, "Why you would like to meet."),
    },
    required=("with", "starts_at"),
)
MEETING_REPLY = Body({"reply": _lines(500, "A word to the other person.")})
NOTE = Body({"note": _lines(2000, "Your private note about this contact.")}, required=("note",))

REGISTRATION_STATUSES = _choices(RegistrationStatus)
WHEN = ("upcoming", "past")
