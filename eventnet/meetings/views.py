"""Requesting and answering meetings, "My meetings", and the organiser's meeting settings."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from eventnet.db import utcnow
from eventnet.errors import DomainError
from eventnet.events import services as events
from eventnet.events import times
from eventnet.events.forms import labelled
from eventnet.mail import preferences
from eventnet.meetings import forms, services
from eventnet.profiles.services import profile_of
from eventnet.web_forms import EXPIRED, run_button, run_form

bp = Blueprint("meetings", __name__)

ID = "int(max=2147483647)"


@bp.app_template_global("meetings_enabled")
def _meetings_enabled(event) -> bool:
    """Once per event and request, however many cards a page shows."""
    cache = g.setdefault("meetings_enabled", {})
    if event.id not in cache:
        cache[event.id] = services.meetings_enabled(event)
    return cache[event.id]


def remember_settings(event, settings) -> None:
    """The event page read the settings (or None) with the event: ``meetings_enabled`` need
    not ask again in this request."""
    g.setdefault("meetings_enabled", {})[event.id] = services.enabled_in(settings)


@bp.app_template_global("meeting_figures")
def _meeting_figures(event) -> dict[str, int]:
    return services.figures(event)


@bp.app_template_global("meeting_request_url")
def _meeting_request_url(event, user) -> str | None:
    """The "Request a meeting" link for ``user``'s card, when the viewer may use it."""
    if event is None or not current_user.is_authenticated or user.id == current_user.id:
        return None
    if not _meetings_enabled(event):
        return None
    return url_for("meetings.request_meeting", slug=event.slug, user_id=user.id)


def _status(form) -> int:
    return 400 if form.errors or form.form_errors else 200


# --- the organiser's settings ----------------------------------------------------------------


def _settings_form(event) -> forms.SettingsForm:
    settings = services.settings_of(event)
    if settings is None:
        return forms.SettingsForm(
            data={"video_link_pattern": services.DEFAULT_VIDEO_PATTERN, "slot_minutes": "15"}
        )
    numbered = settings.places == [f"Table {n}" for n in range(1, len(settings.places) + 1)]
    return forms.SettingsForm(
        data={
            "enabled": settings.enabled,
            "windows": services.windows_text(event, settings),
            "slot_minutes": str(settings.slot_minutes),
            "table_count": len(settings.places) if numbered else None,
            "place_names": "" if numbered else "\n".join(settings.places),
            "video_link_pattern": settings.video_link_pattern,
            "cap_per_person": settings.cap_per_person,
        }
    )


@bp.route("/organise/e/<slug>/meetings", methods=["GET", "POST"])
@login_required
def settings(slug: str):
    event = events.organised_event(slug, current_user)
    form = forms.SettingsForm() if request.method == "POST" else _settings_form(event)
    saved = run_form(
        form,
        lambda: services.save_settings(
            event,
            services.SettingsData(
                enabled=bool(form.enabled.data),
                windows=form.windows.data or "",
                slot_minutes=int(form.slot_minutes.data),
                table_count=form.table_count.data,
                place_names=form.place_names.data or "",
                video_link_pattern=form.video_link_pattern.data or "",
                cap_per_person=form.cap_per_person.data,
            ),
        ),
    )
    if saved:
        flash("Meeting settings saved.", "success")
        return redirect(url_for("meetings.settings", slug=event.slug))
    if saved.refusal:
        event = events.organised_event(slug, current_user)
    return render_template(
        "meetings/settings.html", event=event, form=form, figures=services.figures(event)
    ), _status(form)


# --- asking for a meeting --------------------------------------------------------------------


def _slot_label(slot, event) -> str:
    return times.format_span(slot.starts_at, slot.ends_at, event.timezone)


def _parse_slot(value: str | None) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value or "")
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else None


@bp.route(f"/e/<slug>/meetings/request/<{ID}:user_id>", methods=["GET", "POST"])
@login_required
def request_meeting(slug: str, user_id: int):
    event = events.visible_event(slug, current_user)
    invitee = services.requestable_person(event, current_user, user_id)
    form = forms.RequestForm()
    slots = services.free_slots(event, current_user, invitee)
    form.slot.choices = labelled((s.starts_at.isoformat(), _slot_label(s, event)) for s in slots)
    sent = run_form(form, lambda: _request(event, invitee, form))
    if sent:
        flash(f"Request sent. We will email you when {invitee.name} answers.", "success")
        return redirect(url_for("meetings.mine"))
    if sent.refusal:
        event = events.visible_event(slug, current_user)
        invitee = services.requestable_person(event, current_user, user_id)
        slots = services.free_slots(event, current_user, invitee)
    refusal = None
    try:
        services.check_meetable(event, current_user, invitee)
    except DomainError as error:
        refusal = error.message
    return render_template(
        "meetings/request.html",
        event=event,
        invitee=invitee,
        profile=profile_of(invitee),
        form=form,
        slots=slots,
        refusal=refusal,
    ), _status(form)


def _request(event, invitee, form: forms.RequestForm):
    starts_at = _parse_slot(form.slot.data)
    if starts_at is None:
        raise DomainError("Choose one of the meeting slots offered.", "slot")
    return services.request_meeting(
        event, current_user, invitee, starts_at, form.message.data or ""
    )


# --- "My meetings" and answering -------------------------------------------------------------


@bp.get("/me/meetings")
@login_required
def mine():
    user = current_user._get_current_object()
    return render_template(
        "meetings/mine.html",
        agendas=services.my_meetings(user),
        reply_form=forms.ReplyForm(),
        now=utcnow(),
        reminders=preferences.wants(user, services.REMINDER_CATEGORY),
    )


def _answer(meeting_id: int, action, success: str):
    user = current_user._get_current_object()
    meeting = services.meeting_for(meeting_id, user)
    form = forms.ReplyForm()
    answered = run_button(form, lambda: action(meeting, user, form.reply.data or ""), expired=None)
    if not answered.submitted:
        flash(" ".join(form.reply.errors) or EXPIRED, "error")
    elif answered:
        flash(success, "success")
    return redirect(url_for("meetings.mine"))


@bp.post(f"/me/meetings/<{ID}:meeting_id>/accept")
@login_required
def accept(meeting_id: int):
    return _answer(meeting_id, services.accept, "Meeting accepted: it is in your agenda.")


@bp.post(f"/me/meetings/<{ID}:meeting_id>/decline")
@login_required
def decline(meeting_id: int):
    return _answer(meeting_id, services.decline, "Request declined.")


@bp.post(f"/me/meetings/<{ID}:meeting_id>/cancel")
@login_required
def cancel(meeting_id: int):
    return _answer(meeting_id, services.cancel, "Meeting cancelled; the other person is told.")
