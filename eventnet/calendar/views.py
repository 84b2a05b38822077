"""Calendar addresses (SPEC §2): .ics files and feeds, and the person's feed link on /me."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, current_app, flash, redirect, request, url_for
from flask_login import current_user, login_required
from werkzeug.http import is_resource_modified, quote_etag

from eventnet.calendar import services
from eventnet.calendar.services import CalendarFile
from eventnet.kept import kept
from eventnet.web_forms import run_and_commit

bp = Blueprint("calendar", __name__)


def _cache_control(calendar: CalendarFile) -> str:
    # Clients revalidate each time (cheap with the ETag); personal files stay out of shared
    # caches because they depend on a login or a secret address.
    return "no-cache, private" if calendar.personal else "no-cache, public"


def _respond(calendar: CalendarFile) -> Response | None:
    """200 with ETag and Last-Modified, or 304 when the client's copy is current (without
    reading a stored copy's bytes); None when those bytes are gone (changed meanwhile)."""
    if not is_resource_modified(
        request.environ, etag=calendar.etag, last_modified=calendar.last_modified
    ):
        # What make_conditional would answer, made directly (calendar servers poll this);
        # the HTTP server adds the Date header, as it does to every answer.
        return Response(
            status=304,
            headers=(
                ("ETag", quote_etag(calendar.etag)),
                ("Cache-Control", _cache_control(calendar)),
            ),
        )
    body = calendar.body
    if body is None:
        return None
    response = Response(body, content_type=services.CONTENT_TYPE)
    response.set_etag(calendar.etag)
    response.last_modified = calendar.last_modified
    response.headers["Cache-Control"] = _cache_control(calendar)
    if calendar.filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{calendar.filename}"'
    return response.make_conditional(request)


def _stored(stored: CalendarFile | None, build: Callable[[], CalendarFile]) -> Response:
    """The stored copy read as it is (nothing to commit), or a file that may be built and
    stored, answered inside the transaction that keeps it."""
    if stored is not None and (response := _respond(stored)) is not None:
        return response
    return run_and_commit(lambda: _respond(build()))


# The explicit ".ics" suffix outranks the events blueprint's /e/<slug> (tests check both).
@bp.get("/e/<slug>.ics")
def event_file(slug: str):
    return _stored(
        services.stored_event_file(slug, current_user),
        lambda: services.event_file(slug, current_user),
    )


@bp.get("/e/<slug>/agenda.ics")
def agenda_file(slug: str):
    return _respond(services.agenda_file(slug, current_user))


@bp.get("/n/<slug>/events.ics")
def network_feed(slug: str):
    return _stored(
        services.stored_network_feed(slug, current_user),
        lambda: services.network_feed(slug, current_user),
    )


@bp.get("/cal/<secret>.ics")
def personal_feed(secret: str):
    return _respond(services.personal_feed(secret))


@bp.post("/me/calendar")
@login_required
def make_feed():
    run_and_commit(lambda: services.make_feed_token(current_user))
    return redirect(url_for("accounts.me", _anchor="calendar"))


@bp.post("/me/calendar/revoke")
@login_required
def revoke_feed():
    run_and_commit(lambda: services.revoke_feed_token(current_user))
    flash("Your calendar feed has a new address; the old one no longer works.", "success")
    return redirect(url_for("accounts.me", _anchor="calendar"))


@bp.app_template_global("calendar_feed_links")
def _calendar_feed_links(user):
    """For the Calendar section of /me: the links, or None before the first use."""
    token = services.feed_token_of(user) if user.is_authenticated else None
    return services.feed_links(token) if token else None


@bp.app_template_global("network_feed_links")
def _network_feed_links(network):
    return services.network_feed_links(network)


@bp.app_template_global("calendar_links")
def _calendar_links(event, sessions: int | None = None) -> services.EventLinks:
    """Kept per edit of the event (``updated_at``) and agenda size: quoting the calendar
    apps' long addresses cost a tenth of the event page."""
    if sessions is None:
        return services.event_links(event)
    base = current_app.config["EVENTNET_BASE_URL"]
    key = (base, event.id, event.created_at, event.updated_at, sessions)
    return kept("event-calendar-links", key, lambda: services.event_links(event, sessions))
