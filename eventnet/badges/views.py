"""Badges: my badge page, its PDF and QR, /b/<token> scans, badge codes, organisers' sheet
and door."""

from __future__ import annotations

from types import SimpleNamespace

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from eventnet.badges import forms, pdf, services
from eventnet.badges.models import Badge
from eventnet.badges.services import Visitor
from eventnet.connections import services as connections
from eventnet.connections.forms import NoteForm
from eventnet.errors import DomainError, NotFound, show_on_form
from eventnet.events import services as events
from eventnet.events import times
from eventnet.extensions import limiter
from eventnet.profiles.services import profile_of, profiles_by_user
from eventnet.registration import services as registration_services
from eventnet.web_forms import run_and_commit, run_button

bp = Blueprint("badges", __name__)

ID = "int(max=2147483647)"


@bp.app_template_global("connections_made")
def connections_made(event) -> int:
    """For the organisers' figures (SPEC §3): connections recorded at ``event``."""
    return connections.connections_count(event)


def _scan_limits() -> str:
    return current_app.config.get("EVENTNET_BADGE_SCAN_LIMITS", "60 per minute;600 per hour")


def _code_limits() -> str:
    return current_app.config.get("EVENTNET_BADGE_CODE_LIMITS", "10 per minute;60 per hour")


def _code_key() -> str:
    # Per person (codes are only for logged-in attendees), so one phone cannot try them all.
    user_id = current_user.get_id() if current_user.is_authenticated else request.remote_addr
    return f"badge-code:{user_id}"


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- my badge --------------------------------------------------------------------------------


def _my_badge(slug: str) -> Badge:
    event = events.visible_event(slug, current_user)
    # Committed: a badge issued on this read is kept.
    return run_and_commit(lambda: services.own_badge(event, current_user))


@bp.get("/e/<slug>/badge")
@login_required
def mine(slug: str):
    badge = _my_badge(slug)
    registration = badge.registration
    return _no_store(
        Response(
            render_template(
                "badges/mine.html",
                badge=badge,
                event=registration.event,
                profile=profile_of(current_user),
                address=services.badge_address(badge.token),
                form=forms.ConfirmForm(),
            )
        )
    )


@bp.get("/e/<slug>/badge.<any(png, svg):kind>")
@login_required
def mine_qr(slug: str, kind: str):
    badge = _my_badge(slug)
    if kind == "png":
        return _no_store(Response(badge.qr_png, mimetype="image/png"))
    return _no_store(Response(badge.qr_svg, mimetype="image/svg+xml"))


def _badge_data(badge: Badge, profile) -> pdf.BadgeData:
    event = badge.registration.event
    return pdf.BadgeData(
        name=badge.registration.user.name,
        headline=profile.headline if profile else "",
        organisation=profile.organisation if profile else "",
        event_title=event.title,
        event_date=times.format_span(event.starts_at, event.ends_at, event.timezone),
        short_code=badge.short_code_display,
        qr_png=badge.qr_png,
    )


def _pdf_response(data: bytes, filename: str) -> Response:
    return _no_store(
        Response(
            data,
            mimetype="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    )


@bp.get("/e/<slug>/badge.pdf")
@login_required
def mine_pdf(slug: str):
    badge = _my_badge(slug)
    data = pdf.badge_pdf(_badge_data(badge, profile_of(current_user)))
    return _pdf_response(data, f"badge-{badge.registration.event.slug}.pdf")


@bp.post("/e/<slug>/badge/reissue")
@login_required
def reissue_mine(slug: str):
    badge = _my_badge(slug)
    if run_button(forms.ConfirmForm(), lambda: services.reissue(badge)):
        flash("Your badge has a new code. The old badge and its QR code no longer work.", "success")
    return redirect(url_for("badges.mine", slug=slug))


# --- scanning --------------------------------------------------------------------------------


def _public_card(badge: Badge):
    """What the badge itself prints, and nothing more: for visitors who are not attendees."""
    profile = profile_of(badge.registration.user)
    return SimpleNamespace(
        headline=profile.headline if profile else "",
        organisation=profile.organisation if profile else "",
        location="",
        pitch="",
        tag_groups=[],
        links=[],
        photo_token=None,
    )


def _scanned_badge(token: str) -> tuple[Badge, Visitor]:
    badge, visitor = services.scanned_badge(token, current_user)
    if not services.scannable(badge, visitor is Visitor.ORGANISER):
        raise NotFound("This badge is not valid: it may have been replaced by a new one.")
    return badge, visitor


def _navigated_from_elsewhere() -> bool:
    """A link on another site (not a camera app, a typed address or our own pages): such a
    visit could be planted, so it must not share anybody's details without a click."""
    return request.headers.get("Sec-Fetch-Site", "none") in ("cross-site", "same-site")


@bp.get("/b/<token>")
@limiter.limit(_scan_limits)
def scan(token: str):
    badge, visitor = _scanned_badge(token)
    if visitor is Visitor.OWNER:
        flash("This is your own badge: show it to people you meet.", "info")
        return redirect(url_for("badges.mine", slug=badge.registration.event.slug))
    if visitor is Visitor.ORGANISER:
        return _check_in_page(badge)
    if visitor is Visitor.ATTENDEE:
        if _navigated_from_elsewhere():
            return _public_page(badge, confirm=True)
        return _exchange(badge)
    return _public_page(badge)


@bp.post("/b/<token>")
@limiter.limit(_scan_limits)
def exchange(token: str):
    badge, visitor = _scanned_badge(token)
    if visitor is not Visitor.ATTENDEE or not forms.ConfirmForm().validate_on_submit():
        return redirect(url_for("badges.scan", token=token))
    return _exchange(badge)


def _exchange(badge: Badge):
    scanned = badge.registration.user
    event = badge.registration.event
    # Kept loaded: the page shows what the scan has just recorded, nothing to read again.
    connection, created = run_and_commit(
        lambda: connections.record_scan(event, current_user, scanned), keep_loaded=True
    )
    card = connections.card_for_scan(current_user, scanned, connection)
    form = NoteForm(note=card["note"], back=badge.token)
    return _no_store(
        Response(
            render_template(
                "badges/scan_attendee.html",
                badge=badge,
                event=event,
                person=scanned,
                connection=connection,
                created=created,
                form=form,
                **card,
            )
        )
    )


def _public_page(badge: Badge, confirm: bool = False):
    return _no_store(
        Response(
            render_template(
                "badges/scan_public.html",
                badge=badge,
                event=badge.registration.event,
                person=badge.registration.user,
                public=_public_card(badge),
                confirm=confirm,
                form=forms.ConfirmForm(),
            )
        )
    )


# --- check-in (organisers) -------------------------------------------------------------------


def _check_in_page(badge: Badge, status: int = 200, not_event_day: str | None = None):
    registration = badge.registration
    event = registration.event
    checked_in_at = (
        times.format_time(registration.checked_in_at, event.timezone)
        if registration.checked_in_at
        else None
    )
    return _no_store(
        Response(
            render_template(
                "badges/check_in.html",
                badge=badge,
                event=event,
                registration=registration,
                person=registration.user,
                profile=profile_of(registration.user),
                checked_in_at=checked_in_at,
                door=request.args.get("door") == "1" or request.form.get("door") == "1",
                form=forms.ConfirmForm(
                    door=request.args.get("door", "") or request.form.get("door", "")
                ),
                not_event_day=not_event_day,
            ),
            status=status,
        )
    )


def _organiser_badge(token: str) -> Badge:
    badge, visitor = _scanned_badge(token)
    if visitor is not Visitor.ORGANISER:
        raise NotFound("This badge is not valid: it may have been replaced by a new one.")
    return badge


def _refused_check_in(name: str, error: DomainError, asked: list[DomainError]) -> None:
    """A check-in outside the event's day becomes a confirm step; other refusals flash."""
    if isinstance(error, registration_services.NotEventDay):
        asked.append(error)
    else:
        flash(f"{name}: {error.message}", "error")


@bp.post("/b/<token>/check-in")
@login_required
def check_in(token: str):
    badge = _organiser_badge(token)
    form = forms.ConfirmForm()
    registration = badge.registration
    event = registration.event
    name = registration.user.name
    asked: list[DomainError] = []
    checked = run_button(
        form,
        lambda: registration_services.check_in(
            registration, current_user, anyway=form.confirm.data == "1"
        ),
        refused=lambda error: _refused_check_in(name, error, asked),
    )
    if asked:
        return _check_in_page(badge, status=409, not_event_day=asked[0].message)
    if not checked:
        return redirect(url_for("badges.scan", token=token))
    if checked.result:
        flash(f"{name} is checked in.", "success")
    else:
        at = times.format_time(registration.checked_in_at, event.timezone)
        flash(f"{name} is already checked in at {at}.", "warning")
    if form.door.data == "1":
        return redirect(url_for("badges.door", slug=event.slug))
    return redirect(url_for("badges.scan", token=token))


@bp.post("/b/<token>/undo-check-in")
@login_required
def undo_check_in(token: str):
    badge = _organiser_badge(token)
    undone = run_button(
        forms.ConfirmForm(),
        lambda: registration_services.undo_check_in(badge.registration),
        expired=None,
    )
    if undone:
        flash(f"{badge.registration.user.name} is no longer checked in.", "info")
    return redirect(url_for("badges.scan", token=token))


# --- the in-page camera scanner --------------------------------------------------------------


@bp.get("/scan")
def scanner():
    """Optional: a camera scanner for scanning many badges in a row (and door mode)."""
    return render_template(
        "badges/scanner.html",
        badge_base=services.badge_address("TOKEN")[: -len("TOKEN")],
        door=request.args.get("door") == "1",
    )


# --- typing a badge code ---------------------------------------------------------------------


@bp.route("/e/<slug>/badge-code", methods=["GET", "POST"])
@login_required
@limiter.limit(_code_limits, key_func=_code_key, methods=["POST"])
def code(slug: str):
    event = events.visible_event(slug, current_user)
    if services.confirmed_registration(event, current_user) is None:
        raise NotFound("Badge codes work only for the attendees of this event.")
    return _code_page(event, door=False)


@bp.route("/organise/e/<slug>/door", methods=["GET", "POST"])
@login_required
@limiter.limit(_code_limits, key_func=_code_key, methods=["POST"])
def door(slug: str):
    """The people-at-the-door mode: type (or scan) one badge after another."""
    event = events.organised_event(slug, current_user)
    return _code_page(event, door=True)


def _code_page(event, door: bool):
    form = forms.ShortCodeForm()
    status = 200
    if form.validate_on_submit():
        try:
            badge = services.badge_for_short_code(event, form.code.data)
        except DomainError as error:
            show_on_form(form, error)
            status = error.status  # 404 for a code no badge of this event has
        else:
            if door:
                return redirect(url_for("badges.scan", token=badge.token, door="1"))
            return redirect(url_for("badges.scan", token=badge.token))
    elif form.errors:
        status = 400
    return render_template(
        "badges/code.html",
        event=event,
        form=form,
        door=door,
        figures=registration_services.figures(event) if door else None,
    ), status


# --- organisers: the sheet and reissuing -----------------------------------------------------


@bp.get("/organise/e/<slug>/badges.pdf")
@login_required
def sheet(slug: str):
    event = events.organised_event(slug, current_user)
    registrations = services.sheet_registrations(event)
    if not registrations:  # a sheet of crop marks only would look like a broken print
        flash("No badges to print yet: the event has no confirmed attendees.", "info")
        return redirect(url_for("registration.dashboard", slug=event.slug))
    # Committed: badges issued for the sheet are the ones printed.
    badges = run_and_commit(lambda: services.ensure_badges(registrations))
    profiles = profiles_by_user([r.user_id for r in registrations])
    data = pdf.sheet_pdf(
        [_badge_data(badges[r.id], profiles.get(r.user_id)) for r in registrations],
        f"Badges: {event.title}",
    )
    return _pdf_response(data, f"badges-{event.slug}.pdf")


@bp.post(f"/organise/e/<slug>/registrations/<{ID}:registration_id>/reissue-badge")
@login_required
def reissue_for(slug: str, registration_id: int):
    event = events.organised_event(slug, current_user)
    badge = services.get_badge_of_registration(event, registration_id)
    if run_button(forms.ConfirmForm(), lambda: services.reissue(badge)):
        flash(
            f"{badge.registration.user.name} has a new badge; the old one no longer works.",
            "success",
        )
    return redirect(url_for("registration.dashboard", slug=event.slug))


# --- the door kiosk: no site chrome, a name search, one tap a person -------------------------


def _kiosk_url(event, q: str = "", **args) -> str:
    return url_for("badges.kiosk", slug=event.slug, q=q or None, **args)


@bp.get("/organise/e/<slug>/kiosk")
@login_required
def kiosk(slug: str, confirming=None, status: int = 200):
    """The door on a tablet or phone: "37 / 60 in", find a person by name, tap to check in."""
    event = events.organised_event(slug, current_user)
    q = (request.args.get("q") or request.form.get("q") or "")[:100]
    done = None
    done_id = request.args.get("in", type=int)
    if done_id is not None and 0 < done_id <= 2147483647:
        try:
            done = registration_services.get_registration(event, done_id)
        except NotFound:
            done = None
    matches = services.kiosk_search(event, q)
    return _no_store(
        Response(
            render_template(
                "badges/kiosk.html",
                event=event,
                q=q,
                matches=matches,
                done=done,
                confirming=confirming,
                figures=registration_services.figures(event),
                time_of=lambda moment: times.format_time(moment, event.timezone),
                form=forms.KioskCheckInForm(q=q),
            ),
            status=status,
        )
    )


@bp.post(f"/organise/e/<slug>/kiosk/<{ID}:registration_id>/check-in")
@login_required
def kiosk_check_in(slug: str, registration_id: int):
    event = events.organised_event(slug, current_user)
    registration = registration_services.get_registration(event, registration_id)
    form = forms.KioskCheckInForm()
    name = registration.user.name
    asked: list[DomainError] = []
    checked = run_button(
        form,
        lambda: registration_services.check_in(
            registration, current_user, anyway=form.confirm.data == "1"
        ),
        refused=lambda error: _refused_check_in(name, error, asked),
    )
    if asked:
        return kiosk(slug, confirming=(registration, asked[0].message), status=409)
    if not checked:
        return redirect(_kiosk_url(event, form.q.data))
    return redirect(_kiosk_url(event, form.q.data, **{"in": registration.id}))


@bp.post(f"/organise/e/<slug>/kiosk/<{ID}:registration_id>/undo")
@login_required
def kiosk_undo(slug: str, registration_id: int):
    event = events.organised_event(slug, current_user)
    registration = registration_services.get_registration(event, registration_id)
    form = forms.KioskCheckInForm()
    if run_button(form, lambda: registration_services.undo_check_in(registration)):
        flash(f"{registration.user.name} is no longer checked in.", "info")
    return redirect(_kiosk_url(event, form.q.data))
