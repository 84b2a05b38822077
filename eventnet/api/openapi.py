"""The OpenAPI 3.1 description of /api/v1, kept beside the views it describes.

Request bodies come from the same declarations that check them (``fields.py``); responses
are checked against these schemas by tests/api/test_openapi.py and the fuzzing run.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from eventnet.api import fields
from eventnet.events.models import EventFormat, EventStatus, EventVisibility, RegistrationMode
from eventnet.registration.models import AttendanceMode, QuestionKind, RegistrationStatus

VERSION = "1.0.0"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _values(enum_class) -> list[str]:
    return [member.value for member in enum_class]


STRING = {"type": "string"}
MOMENT = {"type": "string", "format": "date-time"}
MAYBE_MOMENT = {"type": ["string", "null"], "format": "date-time"}


def _object(properties: dict, required: list[str] | None = None) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
    }


def _list_of(name: str) -> dict:
    return _object(
        {
            "items": {"type": "array", "items": _ref(name)},
            "next": {
                "type": ["string", "null"],
                "format": "uri",
                "description": "The next page, or null on the last one.",
            },
        }
    )


SCHEMAS: dict[str, Any] = {
    "Error": _object(
        {
            "error": _object(
                {
                    "code": {"type": "string", "description": "e.g. invalid, not_found"},
                    "message": {"type": "string", "description": "For people."},
                    "fields": {
                        "type": "object",
                        "additionalProperties": {"type": "string"},
                        "description": "The message for each field that was refused.",
                    },
                }
            )
        }
    ),
    "Me": _object(
        {
            "id": {"type": "integer"},
            "name": STRING,
            "email": STRING,
            "is_admin": {"type": "boolean"},
            "created_at": MOMENT,
        }
    ),
    "Event": _object(
        {
            "slug": STRING,
            "title": STRING,
            "description": {"type": "string", "description": "Markdown."},
            "format": {"enum": _values(EventFormat)},
            "venue_name": STRING,
            "venue_address": STRING,
            "join_url": {
                "type": ["string", "null"],
                "description": "Only for organisers and confirmed registrants attending online.",
            },
            "timezone": STRING,
            "starts_at": MOMENT,
            "ends_at": MOMENT,
            "capacity_in_person": {"type": ["integer", "null"]},
            "capacity_online": {"type": ["integer", "null"]},
            "registration_opens_at": MAYBE_MOMENT,
            "registration_closes_at": MAYBE_MOMENT,
            "visibility": {"enum": _values(EventVisibility)},
            "registration_mode": {"enum": _values(RegistrationMode)},
            "status": {"enum": _values(EventStatus)},
            "hashtag": STRING,
            "network": _object({"slug": STRING, "name": STRING}),
            "url": {"type": "string", "format": "uri", "description": "The event's page."},
        }
    ),
    "Registration": _object(
        {
            "id": {"type": "integer"},
            "event": {"type": "string", "description": "The event's slug."},
            "status": {"enum": _values(RegistrationStatus)},
            "mode": {"enum": _values(AttendanceMode)},
            "registered_at": MOMENT,
            "checked_in_at": MAYBE_MOMENT,
            "answers": {
                "type": "array",
                "description": "Each of the event's registration questions, in order, with "
                "the answer given (null: not answered).",
                "items": _object(
                    {
                        "question_id": {"type": "integer"},
                        "question": STRING,
                        "kind": {"enum": _values(QuestionKind)},
                        "answer": {"type": ["string", "null"]},
                    }
                ),
            },
            "person": {
                **_object({"id": {"type": "integer"}, "name": STRING, "email": STRING}),
                "description": "Organisers only.",
            },
        },
        required=["id", "event", "status", "mode", "registered_at", "checked_in_at", "answers"],
    ),
    "CheckIn": _object(
        {
            "result": {"enum": ["checked_in", "already_checked_in"]},
            "registration": _ref("Registration"),
        }
    ),
    "Contact": _object(
        {
            "id": {"type": "integer"},
            "event": {"type": "string", "description": "The event's slug."},
            "person": _object(
                {
                    "id": {"type": "integer"},
                    "name": STRING,
                    "headline": STRING,
                    "organisation": STRING,
                }
            ),
            "note": {"type": "string", "description": "Your private note."},
            "contact_details": {
                "type": ["object", "null"],
                "properties": {"email": STRING, "phone": STRING},
                "description": "Their email and phone, once they shared them.",
            },
            "my_sharing": {"enum": ["shared", "requested", "ignored"]},
            "their_sharing": {"enum": ["shared", "requested", "ignored"]},
            "connected_at": MOMENT,
        }
    ),
    "ContactList": _list_of("Contact"),
    "Meeting": _object(
        {
            "id": {"type": "integer"},
            "event": {"type": "string", "description": "The event's slug."},
            "status": {"enum": ["proposed", "accepted", "declined", "cancelled"]},
            "starts_at": MOMENT,
            "ends_at": MOMENT,
            "with": _object({"id": {"type": "integer"}, "name": STRING}),
            "incoming": {"type": "boolean", "description": "True when you were asked."},
            "message": STRING,
            "reply": STRING,
            "place": {"type": "string", "description": "The table or room, once accepted."},
            "video_url": {"type": ["string", "null"]},
            "note": STRING,
        }
    ),
    "Meetings": _object({"items": {"type": "array", "items": _ref("Meeting")}}),
    "Slots": _object(
        {"items": {"type": "array", "items": _object({"starts_at": MOMENT, "ends_at": MOMENT})}}
    ),
    "MeetingRequest": fields.MEETING_REQUEST.schema(),
    "MeetingReply": fields.MEETING_REPLY.schema(),
    "Profile": _object(
        {
            **{
                name: STRING
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
            "interests": {"type": "array", "items": STRING},
            "offers": {"type": "array", "items": STRING, "description": "Can help with."},
            "needs": {"type": "array", "items": STRING, "description": "Looking for."},
            "share_on_scan": {"type": "boolean"},
            "hidden": {"type": "boolean"},
            "updated_at": MAYBE_MOMENT,
        }
    ),
    "ProfileChanges": fields.PROFILE_CHANGES.schema(partial=True),
    "EventList": _list_of("Event"),
    "RegistrationList": _list_of("Registration"),
    "MyRegistrations": _object({"items": {"type": "array", "items": _ref("Registration")}}),
    "NewEvent": fields.NEW_EVENT.schema(),
    "EventChanges": fields.EVENT_CHANGES.schema(partial=True),
    "Registering": fields.REGISTER.schema(),
    "MeChanges": fields.ME_CHANGES.schema(partial=True),
    "Badge": {
        **fields.BADGE.schema(),
        "description": "One of the two: the QR token, or the printed code.",
    },
    "NoteChange": fields.NOTE.schema(),
}

ERRORS = {
    "400": "The input was refused; `fields` says why, field by field.",
    "401": "No valid token: send `Authorization: Bearer <token>`.",
    "404": "No such thing, or not yours to see (another network's data is 404).",
    "409": "It conflicts with the current state (e.g. already registered).",
    "415": "The body was not JSON.",
    "429": "Too many requests for this token; try again later.",
}

SLUG = {
    "name": "slug",
    "in": "path",
    "required": True,
    "description": "The event's address, as in /e/<slug>.",
    "schema": {"type": "string", "maxLength": 80},
}
REGISTRATION_ID = {
    "name": "registration_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647},
}
CONNECTION_ID = {
    "name": "connection_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647},
}
MEETING_ID = {**CONNECTION_ID, "name": "meeting_id"}
PAGE = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100000}},
    {
        "name": "per_page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 50},
    },
]


def _operation(
    summary: str,
    success: str,
    schema: str | None,
    *,
    tag: str,
    status: str = "200",
    parameters: list | None = None,
    body: str | None = None,
    errors: tuple[str, ...] = ("400", "401", "404", "429"),
    public: bool = False,
) -> dict:
    content = {"application/json": {"schema": _ref(schema)}} if schema else {}
    responses: dict[str, Any] = {status: {"description": success, "content": content}}
    for code in errors:
        responses[code] = {
            "description": ERRORS[code],
            "content": {"application/json": {"schema": _ref("Error")}},
        }
    operation: dict[str, Any] = {"summary": summary, "tags": [tag], "responses": responses}
    if parameters:
        operation["parameters"] = parameters
    if body:
        operation["requestBody"] = {
            "required": False,
            "content": {"application/json": {"schema": _ref(body)}},
        }
        responses.setdefault(
            "415",
            {
                "description": ERRORS["415"],
                "content": {"application/json": {"schema": _ref("Error")}},
            },
        )
    if public:
        operation["security"] = []
    return operation


WITH_BODY = ("400", "401", "404", "409", "415", "429")


def _paths() -> dict:
    registration = [SLUG, REGISTRATION_ID]
    return {
        "/me": {
            "get": _operation("The token's owner", "Your account.", "Me", tag="me"),
            "patch": _operation(
                "Change your name",
                "Your account.",
                "Me",
                tag="me",
                body="MeChanges",
                errors=WITH_BODY,
            ),
        },
        "/me/profile": {
            "get": _operation(
                "Your pitch card (empty before you first save it)",
                "Your card.",
                "Profile",
                tag="me",
            ),
            "patch": _operation(
                "Change your pitch card (only the fields sent)",
                "Your card.",
                "Profile",
                tag="me",
                body="ProfileChanges",
                errors=WITH_BODY,
            ),
        },
        "/me/registrations": {
            "get": _operation(
                "Your registrations, upcoming events first",
                "Your registrations.",
                "MyRegistrations",
                tag="me",
            ),
        },
        "/events": {
            "get": _operation(
                "Events you may see",
                "A page of events.",
                "EventList",
                tag="events",
                parameters=[
                    {
                        "name": "network",
                        "in": "query",
                        "description": "Only this network's events (its slug).",
                        "schema": {"type": "string", "maxLength": 80},
                    },
                    {
                        "name": "when",
                        "in": "query",
                        "description": "upcoming: not yet over, soonest first; "
                        "past: over, latest first.",
                        "schema": {"enum": list(fields.WHEN)},
                    },
                    *PAGE,
                ],
            ),
            "post": _operation(
                "Create an event (a draft) in a network you organise",
                "The new event.",
                "Event",
                tag="events",
                status="201",
                body="NewEvent",
                errors=WITH_BODY,
            ),
        },
        "/events/{slug}": {
            "get": _operation("One event", "The event.", "Event", tag="events", parameters=[SLUG]),
            "patch": _operation(
                "Change an event you organise (only the fields sent)",
                "The event.",
                "Event",
                tag="events",
                parameters=[SLUG],
                body="EventChanges",
                errors=WITH_BODY,
            ),
        },
        "/events/{slug}/publish": {
            "post": _operation(
                "Publish an event you organise",
                "The event.",
                "Event",
                tag="events",
                parameters=[SLUG],
            ),
        },
        "/events/{slug}/registration": {
            "get": _operation(
                "Your registration", "It.", "Registration", tag="registration", parameters=[SLUG]
            ),
            "post": _operation(
                "Register yourself (confirmed, waitlisted or pending approval)",
                "Your registration.",
                "Registration",
                tag="registration",
                status="201",
                parameters=[SLUG],
                body="Registering",
                errors=WITH_BODY,
            ),
            "delete": _operation(
                "Cancel your registration (a freed place goes to the waitlist)",
                "Your cancelled registration.",
                "Registration",
                tag="registration",
                parameters=[SLUG],
            ),
        },
        "/events/{slug}/registrations": {
            "get": _operation(
                "An event's registrations (organisers)",
                "A page of registrations, by status then first come first.",
                "RegistrationList",
                tag="organisers",
                parameters=[
                    SLUG,
                    {
                        "name": "status",
                        "in": "query",
                        "schema": {"enum": list(fields.REGISTRATION_STATUSES)},
                    },
                    *PAGE,
                ],
            ),
        },
        "/events/{slug}/registrations/{registration_id}": {
            "get": _operation(
                "One registration (organisers)",
                "It.",
                "Registration",
                tag="organisers",
                parameters=registration,
            ),
        },
        "/events/{slug}/registrations/{registration_id}/approve": {
            "post": _operation(
                "Approve a pending registration (organisers)",
                "Confirmed, or waitlisted when full.",
                "Registration",
                tag="organisers",
                parameters=registration,
            ),
        },
        "/events/{slug}/registrations/{registration_id}/decline": {
            "post": _operation(
                "Decline a pending registration (organisers)",
                "Declined.",
                "Registration",
                tag="organisers",
                parameters=registration,
            ),
        },
        "/events/{slug}/registrations/{registration_id}/check-in": {
            "post": _operation(
                "Check a confirmed person in (organisers); idempotent",
                "checked_in, or already_checked_in with the first time.",
                "CheckIn",
                tag="organisers",
                parameters=registration,
            ),
            "delete": _operation(
                "Undo a check-in (organisers)",
                "No longer checked in.",
                "Registration",
                tag="organisers",
                parameters=registration,
            ),
        },
        "/events/{slug}/check-in": {
            "post": _operation(
                "Check in the person of a badge, scanned or typed (organisers); idempotent",
                "checked_in, or already_checked_in with the first time.",
                "CheckIn",
                tag="organisers",
                parameters=[SLUG],
                body="Badge",
                errors=WITH_BODY,
            ),
        },
        "/events/{slug}/connections": {
            "post": _operation(
                "Exchange contacts with another attendee by their badge (confirmed attendees)",
                "A new contact (201), or the one you had (200): scanning twice changes nothing.",
                "Contact",
                tag="contacts",
                status="201",
                parameters=[SLUG],
                body="Badge",
                errors=WITH_BODY,
            ),
        },
        "/me/contacts": {
            "get": _operation(
                "Your contacts, newest event first, with your notes",
                "A page of contacts.",
                "ContactList",
                tag="contacts",
                parameters=PAGE,
            ),
        },
        "/me/contacts/{connection_id}": {
            "get": _operation(
                "One of your contacts", "It.", "Contact", tag="contacts", parameters=[CONNECTION_ID]
            ),
            "patch": _operation(
                "Change your private note",
                "The contact.",
                "Contact",
                tag="contacts",
                parameters=[CONNECTION_ID],
                body="NoteChange",
                errors=WITH_BODY,
            ),
            "delete": _operation(
                "Remove a contact (for you only; it also stops sharing your details)",
                "Removed.",
                None,
                tag="contacts",
                status="204",
                parameters=[CONNECTION_ID],
            ),
        },
        "/events/{slug}/meetings/slots": {
            "get": _operation(
                "Slots free for both you and another attendee",
                "The free slots, soonest first.",
                "Slots",
                tag="meetings",
                parameters=[
                    SLUG,
                    {
                        "name": "with",
                        "in": "query",
                        "required": True,
                        "description": "The other person's id.",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647},
                    },
                ],
            ),
        },
        "/events/{slug}/meetings": {
            "post": _operation(
                "Ask another confirmed attendee for a 1:1 meeting in a free slot",
                "The request (proposed); they are emailed.",
                "Meeting",
                tag="meetings",
                status="201",
                parameters=[SLUG],
                body="MeetingRequest",
                errors=WITH_BODY,
            ),
        },
        "/me/meetings": {
            "get": _operation(
                "Your meetings at events not yet over, in time order",
                "Your meetings.",
                "Meetings",
                tag="meetings",
            ),
        },
        "/me/meetings/{meeting_id}": {
            "get": _operation(
                "One of your meetings", "It.", "Meeting", tag="meetings", parameters=[MEETING_ID]
            ),
        },
        **{
            f"/me/meetings/{{meeting_id}}/{action}": {
                "post": _operation(
                    summary,
                    "The meeting.",
                    "Meeting",
                    tag="meetings",
                    parameters=[MEETING_ID],
                    body="MeetingReply",
                    errors=WITH_BODY,
                )
            }
            for action, summary in (
                ("accept", "Accept a request made to you (a table or video link is assigned)"),
                ("decline", "Decline a request made to you"),
                ("cancel", "Call off a request or an accepted meeting (either person)"),
            )
        },
        "/openapi.json": {
            "get": _operation(
                "This description",
                "OpenAPI 3.1.",
                None,
                tag="about",
                errors=("429",),
                public=True,
            )
        },
    }


@cache
def spec() -> dict:
    paths = _paths()
    connect = paths["/events/{slug}/connections"]["post"]["responses"]
    connect["200"] = {**connect["201"], "description": "The contact you already had."}
    paths["/openapi.json"]["get"]["responses"]["200"]["content"] = {
        "application/json": {"schema": {"type": "object"}}
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "eventnet API",
            "version": VERSION,
            "description": (
                "Events, registrations and check-in for organisers' tools and attendees' apps. "
                "Authenticate with a personal API token from your settings page "
                "(/me/tokens): `Authorization: Bearer <token>`. Datetimes are ISO 8601 with "
                "an offset; lists come in pages with a `next` link. Every error has the shape "
                '`{"error": {"code", "message", "fields"}}`.'
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"token": []}],
        "tags": [
            {"name": "me", "description": "The token's owner."},
            {"name": "events", "description": "Events you may see, and those you organise."},
            {"name": "registration", "description": "Your own place at an event."},
            {"name": "organisers", "description": "An event's registrations and check-in."},
            {"name": "contacts", "description": "Contacts exchanged by badge, with notes."},
            {"name": "meetings", "description": "1:1 meetings at events."},
            {"name": "about", "description": "This description."},
        ],
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "token": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A personal API token, made on /me/tokens or with "
                    "`flask --app eventnet create-token EMAIL`.",
                }
            },
        },
    }


def pages() -> list[dict]:
    """The operations in order, for the human-readable page."""
    rows = []
    for path, item in spec()["paths"].items():
        for method, operation in item.items():
            rows.append({"path": "/api/v1" + path, "method": method.upper(), **operation})
    return rows
