"""Registering, cancelling and "My events"; the organiser's event dashboard and its actions."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from eventnet.errors import DomainError, NotFound, show_on_form
from eventnet.events import services as events
from eventnet.events import times
from eventnet.events.views import event_page
from eventnet.extensions import db
from eventnet.registration import export, forms, services
from eventnet.registration.models import RegistrationStatus

bp = Blueprint("registration", __name__)

# Ids in URLs stay within a 32-bit INTEGER column: larger ones are a 404 from the router.
ID = "int(max=2147483647)"


# --- attendees -------------------------------------------------------------------------------


def _register(event, form, token: str | None):
    try:
        registration = services.register(
            event, current_user, form.mode.data, invitation_token=token
        )
    except NotFound:
        raise
    except DomainError as error:
        db.session.rollback()
        show_on_form(form, error)
        event = events.visible_event(event.slug, current_user)
        return event_page(event, form=form, status=error.status, invitation_token=token)
    db.session.commit()
    flash(
        {
            services.CONFIRMED: "You are registered. A confirmation is on its way by email.",
            services.WAITLISTED: "The event is full: you are on the waitlist. We will email "
            "you if a place comes free.",
            services.PENDING: "Thank you: the organisers will review your request and email you.",
        }[registration.status],
        "success",
    )
    return redirect(url_for("events.show", slug=event.slug))


@bp.post("/e/<slug>/register")
@login_required
def register(slug: str):
    event = events.visible_event(slug, current_user)
    form = forms.RegisterForm()
    if not form.validate_on_submit():
        flash("The form had expired; please try again.", "error")
        return redirect(url_for("events.show", slug=event.slug))
    return _register(event, form, None)


@bp.post("/e/<slug>/cancel-registration")
@login_required
def cancel(slug: str):
    event = events.visible_event(slug, current_user)
    registration = services.registration_of(event, current_user)
    if forms.ConfirmForm().validate_on_submit() and registration is not None:
        try:
            services.cancel(registration)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash("Your registration is cancelled.", "info")
    return redirect(url_for("events.show", slug=event.slug))


@bp.route("/e/<slug>/invitation/<token>", methods=["GET", "POST"])
def invitation(slug: str, token: str):
    event = events.visible_event(slug, current_user)
    services.invitation_for_token(event, token)  # 404 for a wrong link
    if request.method == "POST":
        if not current_user.is_authenticated:
            return redirect(url_for("accounts.login", next=request.path))
        form = forms.RegisterForm()
        if form.validate_on_submit():
            return _register(event, form, token)
    return event_page(event, invitation_token=token)


@bp.get("/me/events")
@login_required
def my_events():
    return render_template(
        "registration/my_events.html", mine=services.my_registrations(current_user)
    )


# --- the organiser's dashboard ---------------------------------------------------------------


def _status_filter() -> RegistrationStatus | None:
    try:
        return RegistrationStatus(request.args.get("status", ""))
    except ValueError:
        return None


@bp.get("/organise/e/<slug>")
@login_required
def dashboard(slug: str, invite_form=None, status: int = 200):
    event = events.organised_event(slug, current_user)
    search = request.args.get("q", "")[:100]
    return render_template(
        "registration/dashboard.html",
        event=event,
        figures=services.figures(event),
        modes=services.modes_of(event),
        registrations=services.registrations_for_organisers(event, search, _status_filter()),
        invitations=services.invitations_of(event),
        search=search,
        status_filter=_status_filter(),
        statuses=list(RegistrationStatus),
        invite_form=invite_form or forms.InviteForm(),
        confirm=forms.ConfirmForm(),
    ), status


ACTIONS = {
    "approve": (lambda r: services.approve(r), "{name} is approved."),
    "decline": (lambda r: services.decline(r), "{name} is declined."),
    "promote": (lambda r: services.move_off_waitlist(r), "{name} is confirmed."),
    "check-in": (lambda r: services.check_in(r, current_user), "{name} is checked in."),
    "undo-check-in": (lambda r: services.undo_check_in(r), "{name} is no longer checked in."),
}


@bp.post(
    f"/organise/e/<slug>/registrations/<{ID}:registration_id>/"
    "<any(approve, decline, promote, 'check-in', 'undo-check-in'):action>"
)
@login_required
def act(slug: str, registration_id: int, action: str):
    event = events.organised_event(slug, current_user)
    registration = services.get_registration(event, registration_id)
    run, message = ACTIONS[action]
    if not forms.ConfirmForm().validate_on_submit():
        flash("The form had expired; please try again.", "error")
    else:
        try:
            result = run(registration)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            name = registration.user.name
            if action == "check-in" and result is False:
                at = times.format_time(registration.checked_in_at, event.timezone)
                flash(f"{name} was already checked in at {at}.", "info")
            else:
                flash(message.format(name=name), "success")
            if action == "promote" and result:
                flash("The place was full, so its capacity went up by one.", "info")
    return redirect(url_for("registration.dashboard", slug=event.slug, **_kept_args()))


def _kept_args() -> dict:
    return {k: v for k, v in request.args.items() if k in ("q", "status") and v}


@bp.post("/organise/e/<slug>/invite")
@login_required
def invite(slug: str):
    event = events.organised_event(slug, current_user)
    form = forms.InviteForm()
    if form.validate_on_submit():
        try:
            services.invite(event, current_user, form.email.data)
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error)
        else:
            db.session.commit()
            flash(f"Invitation emailed to {form.email.data.strip()}.", "success")
            return redirect(url_for("registration.dashboard", slug=event.slug))
    return dashboard(slug, invite_form=form, status=400)


@bp.get("/organise/e/<slug>/attendees.csv")
@login_required
def attendees_csv(slug: str):
    event = events.organised_event(slug, current_user)
    text = export.attendees_csv(event, services.registrations_for_organisers(event))
    return Response(
        text.encode("utf-8-sig"),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{event.slug}-attendees.csv"',
            "Content-Type": "text/csv; charset=utf-8",
        },
    )
