"""Email pages: preferences under /me, one-click unsubscribe, feedback, the organiser's
schedules, messages and email log under /organise/e/<slug>/emails."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from eventnet.accounts.models import User
from eventnet.events import forms as event_forms
from eventnet.events import services as events
from eventnet.extensions import csrf, db
from eventnet.mail import preferences
from eventnet.mail.services import render_message
from eventnet.notifications import forms, services
from eventnet.notifications.models import Audience, OrganiserMessage, ScheduleKind, Timing
from eventnet.web_forms import run_and_commit, run_button, run_form

bp = Blueprint("notifications", __name__)


def _status(form) -> int:
    return 400 if form.errors or form.form_errors else 200


# --- preferences and unsubscribe -------------------------------------------------------------


@bp.route("/me/emails", methods=["GET", "POST"])
@login_required
def preferences_page():
    if request.method == "POST":
        form = forms.PreferencesForm()
        if run_form(form, lambda: _save_preferences(form)):
            flash("Email settings saved.", "success")
            return redirect(url_for("notifications.preferences_page"))
    else:
        form = forms.PreferencesForm(data=preferences.preferences_of(current_user))
    return render_template("notifications/preferences.html", form=form), _status(form)


def _save_preferences(form) -> None:
    for category in preferences.CATEGORIES:
        preferences.set_preference(current_user, category, getattr(form, category).data)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    """GET asks to confirm (link scanners and previews must not unsubscribe anyone); POST
    unsubscribes. CSRF is off here on purpose: mail clients' one-click POST (RFC 8058) carries
    no token, and none is needed: the signed link is the authority, and all it can do is turn
    one category of optional mail off for one person."""
    found = preferences.read_unsubscribe_token(token)
    user = db.session.get(User, found[0]) if found else None
    if user is None:
        abort(404, "This unsubscribe link is not valid.")
    category = found[1]
    if request.method == "POST":
        run_and_commit(lambda: preferences.set_preference(user, category, False))
        return render_template(
            "notifications/unsubscribed.html", label=preferences.CATEGORIES[category]
        )
    return render_template(
        "notifications/unsubscribe.html",
        label=preferences.CATEGORIES[category],
        token=token,
        email=user.email,
    )


# --- feedback --------------------------------------------------------------------------------


@bp.route("/e/<slug>/feedback/<token>", methods=["GET", "POST"])
def feedback(slug: str, token: str):
    """Works without logging in: the signed link says whose answer it is."""
    event = events.get_event(slug)
    person = services.feedback_person(event, token)
    existing = services.feedback_of(event, person)
    form = forms.FeedbackForm()
    if request.method == "GET" and existing is not None:
        form = forms.FeedbackForm(
            data={"rating": str(existing.rating), "comment": existing.comment}
        )
    if run_form(
        form,
        lambda: services.give_feedback(
            event, person, int(form.rating.data), form.comment.data or ""
        ),
    ):
        return render_template("notifications/feedback_thanks.html", event=event)
    return render_template(
        "notifications/feedback.html", event=event, form=form, token=token, existing=existing
    ), _status(form)


# --- the organiser's emails page -------------------------------------------------------------


def _overview(event, schedule_form=None, status: int = 200):
    return render_template(
        "notifications/organise.html",
        event=event,
        schedules=services.schedules_of(event),
        due_at=services.due_at,
        describe=services.describe_offset,
        schedule_form=schedule_form or forms.ScheduleForm(),
        messages=services.messages_of(event),
        message_due_at=services.message_due_at,
        summary=services.feedback_summary(event),
        log=services.email_log(event),
        confirm=event_forms.ConfirmForm(),
    ), status


@bp.get("/organise/e/<slug>/emails")
@login_required
def organise(slug: str):
    event = events.organised_event(slug, current_user)
    # Committed: the default schedules, made on first sight.
    return run_and_commit(lambda: _overview(event))


@bp.post("/organise/e/<slug>/emails/schedules")
@login_required
def add_schedule(slug: str):
    event = events.organised_event(slug, current_user)
    form = forms.ScheduleForm()
    if run_form(
        form,
        lambda: services.add_schedule(
            event,
            ScheduleKind(form.kind.data),
            ((form.days.data or 0) * 24 + (form.hours.data or 0)) * 60,
        ),
    ):
        flash("Schedule saved.", "success")
        return redirect(url_for("notifications.organise", slug=slug))
    return _overview(event, form, 400)


@bp.post("/organise/e/<slug>/emails/schedules/<int:schedule_id>/remove")
@login_required
def remove_schedule(slug: str, schedule_id: int):
    event = events.organised_event(slug, current_user)
    if run_button(
        event_forms.ConfirmForm(),
        lambda: services.remove_schedule(event, schedule_id),
        expired=None,
    ):
        flash("Schedule removed.", "success")
    return redirect(url_for("notifications.organise", slug=slug))


@bp.post("/organise/e/<slug>/emails/retry")
@login_required
def retry(slug: str):
    event = events.organised_event(slug, current_user)
    retried = run_button(
        event_forms.ConfirmForm(), lambda: services.retry_failed(event), expired=None
    )
    if retried:
        flash(f"{retried.result} failed email(s) queued again.", "success")
    return redirect(url_for("notifications.organise", slug=slug))


def _message_data(form) -> services.MessageData:
    hours = form.offset_hours.data
    return services.MessageData(
        subject=form.subject.data or "",
        body=form.body.data or "",
        audience=Audience(form.audience.data),
        timing=Timing(form.timing.data),
        send_at=form.send_at.data,
        offset_minutes=hours * 60 if hours is not None else None,
        hide_reply_to=bool(form.hide_reply_to.data),
    )


@bp.route("/organise/e/<slug>/messages/new", methods=["GET", "POST"])
@login_required
def new_message(slug: str):
    """Write, preview, "Send to 23 people?", then confirm: only the confirm POST saves."""
    event = events.organised_event(slug, current_user)
    form = forms.MessageForm()
    preview = confirm = None
    if "confirm" in request.form:
        created = run_form(
            form, lambda: services.create_message(event, current_user, _message_data(form))
        )
        if created:
            message = created.result
            flash("Message queued." if message.queued_at else "Message scheduled.", "success")
            return redirect(url_for("notifications.message", slug=slug, message_id=message.id))
    elif request.method == "POST":
        checked = run_form(form, lambda: services.check_message(event, _message_data(form)))
        if checked:
            data = _message_data(form)
            preview = _preview(event, data)
            if "preview" not in request.form:
                confirm = {"count": preview["count"], "timing": data.timing}
    return render_template(
        "notifications/new_message.html",
        event=event,
        form=form,
        preview=preview,
        confirm=confirm,
        count={a: len(services.audience_of(event, a)) for a in Audience},
    ), _status(form)


def _preview(event, data: services.MessageData):
    """The message as its first recipient would get it now (or, with no one in the
    audience yet, as the organiser's own copy): subject, text and HTML."""
    message = OrganiserMessage(
        subject=data.subject.strip(), body=data.body.strip(), audience=data.audience
    )
    message.event = event
    message.created_by = current_user._get_current_object()
    registrations = services.audience_of(event, data.audience)
    first = registrations[0] if registrations else None
    user = first.user if first else current_user._get_current_object()
    context = services.message_context(message, user, first)
    context["unsubscribe_url"] = preferences.unsubscribe_url(user, "organiser_messages")
    subject, text, _html = render_message("organiser_message", context)
    if message in db.session:
        db.session.expunge(message)
    # The HTML part carries inline styles, which this page's CSP refuses: show its content.
    return {
        "subject": subject,
        "text": text,
        "body_html": context["body_html"],
        "recipient": first.user.name if first else None,
        "count": len(registrations),
    }


@bp.get("/organise/e/<slug>/messages/<int:message_id>")
@login_required
def message(slug: str, message_id: int):
    event = events.organised_event(slug, current_user)
    msg = services.get_message(event, message_id)
    return render_template(
        "notifications/message.html",
        event=event,
        message=msg,
        due_at=services.message_due_at(msg),
        deliveries=services.deliveries_of(msg),
        confirm=event_forms.ConfirmForm(),
    )


@bp.post("/organise/e/<slug>/messages/<int:message_id>/cancel")
@login_required
def cancel_message(slug: str, message_id: int):
    event = events.organised_event(slug, current_user)
    msg = services.get_message(event, message_id)
    if run_button(event_forms.ConfirmForm(), lambda: services.cancel_message(msg), expired=None):
        flash("Scheduled message deleted.", "success")
    return redirect(url_for("notifications.organise", slug=slug))


@bp.app_template_global("feedback_summary")
def _feedback_summary(event):
    return services.feedback_summary(event)
