"""Registering, cancelling and "My events"; the organiser's event dashboard and its actions."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from eventnet.accounts.login import await_code, limit_sign_in_emails
from eventnet.errors import NotFound
from eventnet.events import services as events
from eventnet.events import times
from eventnet.events.views import event_page
from eventnet.registration import export, forms, services
from eventnet.registration.models import QuestionKind, Registration, RegistrationStatus
from eventnet.web_forms import EXPIRED, run_button, run_form

bp = Blueprint("registration", __name__)

# Ids in URLs stay within a 32-bit INTEGER column: larger ones are a 404 from the router.
ID = "int(max=2147483647)"


# --- attendees -------------------------------------------------------------------------------


def _register_form(event):
    """The registration form with the event's questions, and the questions."""
    questions = services.questions_of(event)
    return forms.with_questions(forms.RegisterForm, questions)(), questions


def _register(event, token: str | None):
    """Register from the event's page; a refusal (a mistake in the answers too) shows that
    page again with the form as it was sent. None when the form expired (open too long)."""
    form, questions = _register_form(event)
    done = run_form(
        form,
        lambda: services.register(
            event,
            current_user,
            form.mode.data,
            invitation_token=token,
            answers=forms.answers_from(form, questions),
        ),
        check=lambda: services.check_registering(
            event, form.mode.data, forms.answers_from(form, questions)
        ),
    )
    if not done.submitted and not any(name != "csrf_token" for name in form.errors):
        return None
    if not done:
        event = events.visible_event(event.slug, current_user)
        status = done.refusal.status if done.refusal else 400
        return event_page(event, form=form, status=status, invitation_token=token)
    registration = done.result
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
    response = _register(event, None)
    if response is None:
        flash(EXPIRED, "error")
        return redirect(url_for("events.show", slug=event.slug))
    return response


def _on_own_registration(
    slug: str,
    form: FlaskForm,
    change: Callable[[Registration], object],
    *,
    expired: str | None = EXPIRED,
):
    """Press a button on the user's own registration for the event: ``change`` it, or flash
    the refusal. A 404 when they are not registered. The event, the registration and what
    came of it, for the view's words and redirect."""
    event = events.visible_event(slug, current_user)
    registration = services.registration_of(event, current_user)
    if registration is None:
        raise NotFound("You are not registered for this event.")
    return event, registration, run_button(form, lambda: change(registration), expired=expired)


@bp.post("/e/<slug>/register-by-email")
@limit_sign_in_emails
def register_by_email(slug: str):
    """A visitor registers with a name and an address; "Check your email" comes next,
    whatever the address (it never says whether it has an account)."""
    event = events.visible_event(slug, current_user)
    if current_user.is_authenticated:
        return redirect(url_for("events.show", slug=event.slug))
    questions = services.questions_of(event)
    form = forms.with_questions(forms.VisitorRegisterForm, questions)()
    page = url_for("events.show", slug=event.slug)
    done = run_form(
        form,
        lambda: services.register_by_email(
            event,
            current_user,
            form.name.data,
            form.email.data,
            form.mode.data,
            next_path=page,
            answers=forms.answers_from(form, questions),
        ),
        check=lambda: services.check_registering(
            event, form.mode.data, forms.answers_from(form, questions)
        ),
    )
    if done:
        await_code(form.email.data, page)
        return redirect(url_for("accounts.sign_in_code"))
    event = events.visible_event(slug, current_user)
    return event_page(event, visitor_form=form, status=done.refusal.status if done.refusal else 400)


@bp.post("/e/<slug>/cancel-registration")
@login_required
def cancel(slug: str):
    event, _, done = _on_own_registration(slug, forms.ConfirmForm(), services.cancel, expired=None)
    if done:
        flash("Your registration is cancelled.", "info")
    return redirect(url_for("events.show", slug=event.slug))


@bp.post("/e/<slug>/attendance-mode")
@login_required
def change_mode(slug: str):
    form = forms.ChangeModeForm()
    event, registration, done = _on_own_registration(
        slug, form, lambda registration: services.change_mode(registration, form.mode.data)
    )
    if done:
        flash(f"Done: you are attending {registration.mode.label.lower()}.", "success")
    return redirect(url_for("events.show", slug=event.slug))


@bp.route("/e/<slug>/invitation/<token>", methods=["GET", "POST"])
def invitation(slug: str, token: str):
    event = events.visible_event(slug, current_user)
    services.invitation_for_token(event, token)  # 404 for a wrong link
    if request.method == "POST":
        if not current_user.is_authenticated:
            return redirect(url_for("accounts.login", next=request.path))
        response = _register(event, token)
        if response is not None:
            return response
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
    registrations = services.registrations_for_organisers(event, search, _status_filter())
    return render_template(
        "registration/dashboard.html",
        event=event,
        figures=services.figures(event),
        modes=services.modes_of(event),
        registrations=registrations,
        answers=services.answer_sheets(registrations),
        invitations=services.invitations_of(event),
        search=search,
        status_filter=_status_filter(),
        statuses=[s for s in RegistrationStatus if s is not RegistrationStatus.PENDING_EMAIL],
        invite_form=invite_form or forms.InviteForm(),
        confirm=forms.ConfirmForm(),
    ), status


ACTIONS = {
    "approve": (lambda r: services.approve(r), "{name} is approved."),
    "decline": (lambda r: services.decline(r), "{name} is declined."),
    "promote": (lambda r: services.move_off_waitlist(r), "{name} is confirmed."),
    # The people list is for putting records right after the event, on any day.
    "check-in": (
        lambda r: services.check_in(r, current_user, anyway=True),
        "{name} is checked in.",
    ),
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
    done = run_button(forms.ConfirmForm(), lambda: run(registration))
    if done:
        name = registration.user.name
        if action == "check-in" and done.result is False:
            at = times.format_time(registration.checked_in_at, event.timezone)
            flash(f"{name} was already checked in at {at}.", "info")
        else:
            flash(message.format(name=name), "success")
        if action == "promote" and done.result:
            flash("The place was full, so its capacity went up by one.", "info")
    return redirect(url_for("registration.dashboard", slug=event.slug, **_kept_args()))


def _kept_args() -> dict:
    return {k: v for k, v in request.args.items() if k in ("q", "status") and v}


@bp.post("/organise/e/<slug>/invite")
@login_required
def invite(slug: str):
    event = events.organised_event(slug, current_user)
    form = forms.InviteForm()
    if run_form(form, lambda: services.invite(event, current_user, form.email.data)):
        flash(f"Invitation emailed to {form.email.data.strip()}.", "success")
        return redirect(url_for("registration.dashboard", slug=event.slug))
    return dashboard(slug, invite_form=form, status=400)


@bp.get("/organise/e/<slug>/attendees.csv")
@login_required
def attendees_csv(slug: str):
    event = events.organised_event(slug, current_user)
    registrations = services.registrations_for_organisers(event)
    text = export.attendees_csv(
        event, registrations, services.questions_of(event), services.answer_sheets(registrations)
    )
    return Response(
        text.encode("utf-8-sig"),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{event.slug}-attendees.csv"',
            "Content-Type": "text/csv; charset=utf-8",
        },
    )


# --- the organisers' registration questions --------------------------------------------------


def _question_data(form: forms.QuestionForm) -> services.QuestionData:
    try:
        kind = QuestionKind(form.kind.data)
    except ValueError:
        kind = None
    return services.QuestionData(
        prompt=form.prompt.data or "",
        kind=kind,
        choices=(form.choices.data or "").splitlines(),
        required=bool(form.required.data),
    )


def _status_of(form) -> int:
    return 400 if form.errors or form.form_errors else 200


@bp.route("/organise/e/<slug>/questions", methods=["GET", "POST"])
@login_required
def questions(slug: str):
    event = events.organised_event(slug, current_user)
    form = forms.QuestionForm()
    added = run_form(
        form,
        lambda: services.add_question(event, _question_data(form)),
        check=lambda: services.check_question(_question_data(form)),
    )
    if added:
        flash("Question added: people are asked it when they register.", "success")
        return redirect(url_for("registration.questions", slug=event.slug))
    if added.refusal:
        event = events.organised_event(slug, current_user)
    return render_template(
        "registration/questions.html",
        event=event,
        questions=services.questions_of(event),
        form=form,
        confirm=forms.ConfirmForm(),
    ), _status_of(form)


@bp.route(f"/organise/e/<slug>/questions/<{ID}:question_id>", methods=["GET", "POST"])
@login_required
def edit_question(slug: str, question_id: int):
    event = events.organised_event(slug, current_user)
    question = services.get_question(event, question_id)
    if request.method == "POST":
        form = forms.QuestionForm()
    else:
        data = services.QuestionData.of(question)
        form = forms.QuestionForm(
            data={
                "prompt": data.prompt,
                "kind": data.kind.value,
                "choices": "\n".join(data.choices),
                "required": data.required,
            }
        )
    saved = run_form(
        form,
        lambda: services.update_question(question, _question_data(form)),
        check=lambda: services.check_question(_question_data(form)),
    )
    if saved:
        flash("Question saved.", "success")
        return redirect(url_for("registration.questions", slug=event.slug))
    if saved.refusal:
        event = events.organised_event(slug, current_user)
        question = services.get_question(event, question_id)
    return render_template(
        "registration/question_edit.html", event=event, question=question, form=form
    ), _status_of(form)


@bp.post(f"/organise/e/<slug>/questions/<{ID}:question_id>/delete")
@login_required
def delete_question(slug: str, question_id: int):
    event = events.organised_event(slug, current_user)
    question = services.get_question(event, question_id)
    if run_button(forms.ConfirmForm(), lambda: services.remove_question(question)):
        flash("Question removed, with its answers.", "success")
    return redirect(url_for("registration.questions", slug=event.slug))


@bp.post(f"/organise/e/<slug>/questions/<{ID}:question_id>/move")
@login_required
def move_question(slug: str, question_id: int):
    event = events.organised_event(slug, current_user)
    question = services.get_question(event, question_id)
    form = forms.MoveForm()
    done = run_button(form, lambda: services.move_question(question, form.direction.data))
    if done and done.result:
        flash(f"Moved “{question.prompt}” {form.direction.data}.", "success")
    elif done:
        where = "first" if form.direction.data == "up" else "last"
        flash(f"“{question.prompt}” is already asked {where}.", "info")
    return redirect(url_for("registration.questions", slug=event.slug, _anchor=f"q{question.id}"))
