"""/api/v1: thin JSON views over the domain services, authenticated by personal tokens."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, jsonify, render_template, request, url_for

from eventnet.accounts.services import change_name
from eventnet.api import auth, fields, inputs, openapi
from eventnet.api.representations import (
    contact_json,
    event_json,
    me_json,
    meeting_json,
    profile_json,
    registration_json,
)
from eventnet.badges import services as badges
from eventnet.connections import services as connections
from eventnet.errors import InvalidFields, NotFound
from eventnet.events import services as events
from eventnet.events import times
from eventnet.events.models import EventFormat, EventVisibility, RegistrationMode
from eventnet.events.services import EventData
from eventnet.extensions import db, limiter
from eventnet.meetings import services as meetings
from eventnet.networks import services as networks
from eventnet.profiles import services as profiles
from eventnet.profiles.services import profile_of
from eventnet.registration import access
from eventnet.registration import services as registration
from eventnet.registration.models import AttendanceMode, RegistrationStatus

bp = Blueprint("api", __name__, url_prefix="/api/v1")
limiter.limit(auth.rate_limits, key_func=auth.rate_limit_key)(bp)

# Ids are matched as any number (a router limit would answer 405 through a sibling rule);
# one beyond the 32-bit INTEGER column is simply not found.
ID = "int"
MAX_ID = 2_147_483_647
MAX_PER_PAGE = 100


@bp.after_request
def _api_headers(response):
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="eventnet"'
    response.headers.setdefault("Cache-Control", "no-store")
    return response


bp.after_request(auth.record_unsaved_use)


def _commit() -> None:
    """The request's one commit; the token's last use goes in it."""
    auth.record_use()
    db.session.commit()


def _done(payload, status: int = 200):
    """The request's one commit, then the answer."""
    _commit()
    return jsonify(payload), status


def _page() -> tuple[int, int]:
    return (
        inputs.query_int("page", 1, 1, 100_000),
        inputs.query_int("per_page", 50, 1, MAX_PER_PAGE),
    )


def _paginated(items: list, page: int, per_page: int, kept: tuple[str, ...]) -> dict:
    """``items`` holds up to one more than a page: its presence means there is a next page."""
    following = None
    if len(items) > per_page:
        args = {k: v for k, v in request.args.items() if k in kept}
        following = url_for(
            request.endpoint,
            **(request.view_args or {}),
            **args,
            page=page + 1,
            per_page=per_page,
            _external=True,
        )
    return {"items": items[:per_page], "next": following}


def _registrations_json(rows, *, for_organiser: bool) -> list[dict]:
    """Registrations with their answers, in two queries however many there are."""
    sheets = registration.answer_sheets(rows)
    return [
        registration_json(r, for_organiser=for_organiser, answers=sheets.get(r.id)) for r in rows
    ]


def _registration_json(found, *, for_organiser: bool) -> dict:
    return _registrations_json([found], for_organiser=for_organiser)[0]


# --- the description -------------------------------------------------------------------------


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(openapi.spec())


@bp.get("/docs")
def docs():
    """The same description, for people: every path, method, parameter and schema."""
    return render_template("api/docs.html", spec=openapi.spec(), pages=openapi.pages())


# --- me --------------------------------------------------------------------------------------


@bp.get("/me")
def me():
    return jsonify(me_json(auth.caller()))


@bp.patch("/me")
def update_me():

    user = auth.caller()
    values = fields.ME_CHANGES.parse(inputs.json_body())
    if "name" in values:
        change_name(user, values["name"])
    return _done(me_json(user))


@bp.get("/me/profile")
def my_profile():

    return jsonify(profile_json(profile_of(auth.caller())))


@bp.patch("/me/profile")
def update_my_profile():
    """Only the fields sent change; the card's rules are the profile service's."""

    user = auth.caller()
    values = fields.PROFILE_CHANGES.parse(inputs.json_body())
    current = {
        k: v
        for k, v in profile_json(profiles.profile_of(user)).items()
        if k in fields.PROFILE_CHANGES.fields
    }
    profile = profiles.update_profile(user, profiles.ProfileData(**{**current, **values}))
    return _done(profile_json(profile))


@bp.get("/me/registrations")
def my_registrations():
    user = auth.caller()
    mine = registration.my_registrations(user)
    rows = mine.upcoming + mine.past
    return jsonify({"items": _registrations_json(rows, for_organiser=False)})


# --- events ----------------------------------------------------------------------------------


@bp.get("/events")
def list_events():
    user = auth.caller()
    page, per_page = _page()
    network_slug = request.args.get("network") or None
    when = inputs.query_choice("when", fields.WHEN)
    network = None
    if network_slug is not None:
        try:
            network = networks.visible_network(network_slug, user)
        except NotFound:
            raise NotFound("There is no such network.", "network") from None
    found = events.listed_events_for(
        user, network, when, limit=per_page + 1, offset=(page - 1) * per_page
    )
    links = access.join_links_for(found, user)
    items = [event_json(e, join_url=links[e.id]) for e in found]
    return jsonify(_paginated(items, page, per_page, ("network", "when")))


def _event_data(values: dict, base: EventData | None) -> EventData:
    """The organiser form's fields as the service takes them (enums as enums)."""
    kinds = {
        "format": EventFormat,
        "visibility": EventVisibility,
        "registration_mode": RegistrationMode,
    }
    values = {k: (kinds[k](v) if k in kinds else v) for k, v in values.items() if k != "network"}
    if base is None:
        return EventData(**values)
    return replace(base, **values)


@bp.post("/events")
def create_event():
    user = auth.caller()
    values = fields.NEW_EVENT.parse(inputs.json_body())
    try:
        network = networks.organised_network(values["network"], user)
    except NotFound:
        raise NotFound("There is no such network that you organise.", "network") from None
    event = events.create_event(network, user, _event_data(values, None))
    return _done(event_json(event, join_url=access.join_link_for(event, user)), 201)


@bp.get("/events/<slug>")
def show_event(slug: str):
    user = auth.caller()
    event = events.visible_event(slug, user)
    mine = registration.registration_of(event, user)
    return jsonify(event_json(event, join_url=access.join_link_for(event, user, mine)))


@bp.patch("/events/<slug>")
def update_event(slug: str):
    user = auth.caller()
    event = events.organised_event(slug, user)
    values = fields.EVENT_CHANGES.parse(inputs.json_body())
    events.update_event(event, _event_data(values, EventData.of(event)))
    return _done(event_json(event, join_url=access.join_link_for(event, user)))


@bp.post("/events/<slug>/publish")
def publish_event(slug: str):
    user = auth.caller()
    event = events.organised_event(slug, user)
    events.publish(event)
    return _done(event_json(event, join_url=access.join_link_for(event, user)))


# --- my registration -------------------------------------------------------------------------


@bp.get("/events/<slug>/registration")
def my_registration(slug: str):
    user = auth.caller()
    event = events.visible_event(slug, user)
    mine = registration.registration_of(event, user)
    if mine is None:
        raise NotFound("You are not registered for this event.")
    return jsonify(_registration_json(mine, for_organiser=False))


@bp.post("/events/<slug>/registration")
def register(slug: str):
    user = auth.caller()
    # The body first (a 400 says nothing of the event); who may see the event, register
    # checks under the event's lock, so it is not asked twice.
    values = fields.REGISTER.parse(inputs.json_body())
    event = events.get_event(slug)
    mode = AttendanceMode(values["mode"]) if values.get("mode") else None
    mine = registration.register(
        event,
        user,
        mode,
        invitation_token=values.get("invitation_token") or None,
        answers=values.get("answers"),
    )
    return _done(_registration_json(mine, for_organiser=False), 201)


@bp.delete("/events/<slug>/registration")
def cancel(slug: str):
    user = auth.caller()
    event = events.visible_event(slug, user)
    mine = registration.registration_of(event, user)
    if mine is None:
        raise NotFound("You are not registered for this event.")
    registration.cancel(mine)
    return _done(_registration_json(mine, for_organiser=False))


# --- the organiser's registrations -----------------------------------------------------------


@bp.get("/events/<slug>/registrations")
def list_registrations(slug: str):
    user = auth.caller()
    event = events.organised_event(slug, user)
    page, per_page = _page()
    status = inputs.query_choice("status", fields.REGISTRATION_STATUSES)
    rows = registration.registrations_for_organisers(
        event, status=RegistrationStatus(status) if status else None
    )
    start = (page - 1) * per_page
    items = _registrations_json(rows[start : start + per_page + 1], for_organiser=True)
    return jsonify(_paginated(items, page, per_page, ("status",)))


def _organised_registration(slug: str, registration_id: int):
    user = auth.caller()
    event = events.organised_event(slug, user)
    if registration_id > MAX_ID:
        raise NotFound("There is no such registration.")
    return user, registration.get_registration(event, registration_id)


@bp.get(f"/events/<slug>/registrations/<{ID}:registration_id>")
def show_registration(slug: str, registration_id: int):
    _, found = _organised_registration(slug, registration_id)
    return jsonify(_registration_json(found, for_organiser=True))


@bp.post(f"/events/<slug>/registrations/<{ID}:registration_id>/approve")
def approve(slug: str, registration_id: int):
    _, found = _organised_registration(slug, registration_id)
    registration.approve(found)
    return _done(_registration_json(found, for_organiser=True))


@bp.post(f"/events/<slug>/registrations/<{ID}:registration_id>/decline")
def decline(slug: str, registration_id: int):
    _, found = _organised_registration(slug, registration_id)
    registration.decline(found)
    return _done(_registration_json(found, for_organiser=True))


def _check_in_answer(found, checked_in: bool) -> dict:
    return {
        "result": "checked_in" if checked_in else "already_checked_in",
        "registration": _registration_json(found, for_organiser=True),
    }


@bp.post(f"/events/<slug>/registrations/<{ID}:registration_id>/check-in")
def check_in(slug: str, registration_id: int):
    """Idempotent: a second check-in answers ``already_checked_in`` with the first time."""
    user, found = _organised_registration(slug, registration_id)
    checked_in = registration.check_in(found, user, anyway=True)
    return _done(_check_in_answer(found, checked_in))


@bp.delete(f"/events/<slug>/registrations/<{ID}:registration_id>/check-in")
def undo_check_in(slug: str, registration_id: int):
    _, found = _organised_registration(slug, registration_id)
    registration.undo_check_in(found)
    return _done(_registration_json(found, for_organiser=True))


# --- badges: check-in at the door, contact exchange ------------------------------------------


def _badge_of(event, values: dict):
    """The badge of ``event`` named by its QR token or its printed code (one of them)."""

    if bool(values.get("badge_token")) == bool(values.get("short_code")):
        message = "Send either badge_token or short_code."
        raise InvalidFields({"badge_token": message, "short_code": message})
    if values.get("short_code"):
        return badges.badge_for_short_code(event, values["short_code"])
    badge = badges.badge_for_token(values["badge_token"])
    if badge is None or badge.registration.event_id != event.id:
        raise NotFound("No badge of this event has that token.", "badge_token")
    return badge


@bp.post("/events/<slug>/check-in")
def check_in_badge(slug: str):
    """At the door: check in the person whose badge was scanned or typed; idempotent."""
    user = auth.caller()
    event = events.organised_event(slug, user)
    badge = _badge_of(event, fields.BADGE.parse(inputs.json_body()))
    checked_in = registration.check_in(badge.registration, user, anyway=True)
    return _done(_check_in_answer(badge.registration, checked_in))


@bp.post("/events/<slug>/connections")
def connect(slug: str):
    """Exchange contacts with another attendee by their badge, as scanning /b/<token> does."""

    user = auth.caller()
    event = events.visible_event(slug, user)
    if badges.confirmed_registration(event, user) is None:
        raise NotFound("Contact exchange works only for the confirmed attendees of this event.")
    badge = _badge_of(event, fields.BADGE.parse(inputs.json_body()))
    if not access.is_attendee(badge.registration):
        raise NotFound("This badge is not valid: it may have been replaced by a new one.")
    connection, created = connections.record_scan(event, user, badge.registration.user)
    db.session.flush()
    contact = _contact(user, connection.id)
    return _done(contact_json(contact), 201 if created else 200)


def _contact(user, connection_id: int):

    if connection_id > MAX_ID:
        raise NotFound("There is no such contact.")
    connection = connections.own_connection(user, connection_id)
    return next(c for c in connections.contacts_of(user) if c.connection.id == connection.id)


@bp.get("/me/contacts")
def my_contacts():

    user = auth.caller()
    page, per_page = _page()
    rows = connections.contacts_of(user)
    start = (page - 1) * per_page
    items = [contact_json(c) for c in rows[start : start + per_page + 1]]
    return jsonify(_paginated(items, page, per_page, ()))


@bp.get(f"/me/contacts/<{ID}:connection_id>")
def show_contact(connection_id: int):
    return jsonify(contact_json(_contact(auth.caller(), connection_id)))


@bp.patch(f"/me/contacts/<{ID}:connection_id>")
def note_contact(connection_id: int):

    user = auth.caller()
    contact = _contact(user, connection_id)
    values = fields.NOTE.parse(inputs.json_body())
    connections.set_note(contact.connection, user, values["note"])
    return _done(contact_json(_contact(user, connection_id)))


@bp.delete(f"/me/contacts/<{ID}:connection_id>")
def remove_contact(connection_id: int):

    user = auth.caller()
    contact = _contact(user, connection_id)
    connections.remove(contact.connection, user)
    _commit()
    return "", 204


# --- 1:1 meetings ----------------------------------------------------------------------------


def _meeting_partner(slug: str, user_id: int):

    user = auth.caller()
    event = events.visible_event(slug, user)
    if user_id > MAX_ID:
        raise NotFound("There is no such person at this event.")
    return user, event, meetings.requestable_person(event, user, user_id)


@bp.get("/events/<slug>/meetings/slots")
def meeting_slots(slug: str):
    """The slots still free for both the caller and the person ``with``."""

    partner_id = inputs.query_int("with", 0, 1, MAX_ID)
    if partner_id == 0:
        raise InvalidFields({"with": "This field is required."})
    user, event, invitee = _meeting_partner(slug, partner_id)
    slots = meetings.free_slots(event, user, invitee)
    return jsonify(
        {
            "items": [
                {"starts_at": s.starts_at.isoformat(), "ends_at": s.ends_at.isoformat()}
                for s in slots
            ]
        }
    )


@bp.post("/events/<slug>/meetings")
def request_meeting(slug: str):

    values = fields.MEETING_REQUEST.parse(inputs.json_body())
    user, event, invitee = _meeting_partner(slug, values["with"])
    starts_at = times.local_to_utc(values["starts_at"], event.timezone, "starts_at")
    meeting = meetings.request_meeting(event, user, invitee, starts_at, values.get("message", ""))
    return _done(meeting_json(meeting, user), 201)


@bp.get("/me/meetings")
def my_meetings():

    user = auth.caller()
    agendas = meetings.my_meetings(user)
    items = [meeting_json(entry.meeting, user) for a in agendas for entry in a.entries]
    return jsonify({"items": items})


def _my_meeting(meeting_id: int):

    user = auth.caller()
    if meeting_id > MAX_ID:
        raise NotFound("There is no such meeting.")
    return user, meetings.meeting_for(meeting_id, user)


@bp.get(f"/me/meetings/<{ID}:meeting_id>")
def show_meeting(meeting_id: int):
    user, meeting = _my_meeting(meeting_id)
    return jsonify(meeting_json(meeting, user))


def _answer_meeting(meeting_id: int, action: str):

    user, meeting = _my_meeting(meeting_id)
    reply = fields.MEETING_REPLY.parse(inputs.json_body()).get("reply", "")
    run = {"accept": meetings.accept, "decline": meetings.decline, "cancel": meetings.cancel}
    run[action](meeting, user, reply)
    return _done(meeting_json(meeting, user))


@bp.post(f"/me/meetings/<{ID}:meeting_id>/accept")
def accept_meeting(meeting_id: int):
    """The invitee says yes: a table or video link is assigned."""
    return _answer_meeting(meeting_id, "accept")


@bp.post(f"/me/meetings/<{ID}:meeting_id>/decline")
def decline_meeting(meeting_id: int):
    return _answer_meeting(meeting_id, "decline")


@bp.post(f"/me/meetings/<{ID}:meeting_id>/cancel")
def cancel_meeting(meeting_id: int):
    """Either person calls off a request or an accepted meeting."""
    return _answer_meeting(meeting_id, "cancel")
