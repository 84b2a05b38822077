"""Event pages (/e/<slug>) and the organiser's event editing under /organise."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from eventnet.events import access as events_access
from eventnet.events import covers, forms, markdown, pages, services, times
from eventnet.events.models import EventFormat, EventVisibility, RegistrationMode
from eventnet.events.services import EventData, SessionData
from eventnet.networks import services as networks
from eventnet.profiles.directory import attendee_preview
from eventnet.registration import access
from eventnet.registration import services as registration
from eventnet.registration.forms import RegisterForm, VisitorRegisterForm, with_questions
from eventnet.web_forms import run_button, run_form

bp = Blueprint("events", __name__)


@bp.app_template_filter("event_when")
def _event_when(event) -> str:
    return times.format_span(event.starts_at, event.ends_at, event.timezone)


@bp.app_template_filter("in_event_zone")
def _in_event_zone(moment, event) -> str:
    return times.format_moment(moment, event.timezone) if moment else ""


@bp.app_template_filter("event_local")
def _event_local(event):
    """When the event starts, on its own wall clock (the date tile)."""
    return times.in_zone(event.starts_at, event.timezone)


@bp.app_template_filter("event_time")
def _event_time(moment, event) -> str:
    return times.format_time(moment, event.timezone)


@bp.app_template_filter("markdown")
def _markdown(text: str):
    return markdown.render(text or "")


@bp.app_template_filter("map_url")
def _map_url(event) -> str:
    """OpenStreetMap's search for the venue: a plain link, nothing loaded from the page."""
    place = ", ".join(
        part
        for part in (event.venue_name, *(event.venue_address or "").splitlines())
        if part.strip()
    )
    return "https://www.openstreetmap.org/search?" + urlencode({"query": place})


@bp.app_template_global("availability")
def _availability(event, figures) -> str:
    return registration.availability(event, figures)


@bp.app_template_global("cover_url")
def cover_url(event) -> str | None:
    if event is None or not event.cover_token:
        return None
    return url_for("events.cover", slug=event.slug, token=event.cover_token)


@bp.app_template_global("closed_reason")
def _closed_reason(event) -> str | None:
    return registration.closed_reason(event)


def _status(form) -> int:
    return 400 if form.errors or form.form_errors else 200


# --- the public page -------------------------------------------------------------------------


@bp.get("/e/<slug>")
def show(slug: str):
    return event_page(pages.visible_event(slug, current_user))


@bp.get("/e/<slug>/cover/<token>.jpg")
def cover(slug: str, token: str):
    event, jpeg = services.cover_of(slug, token, current_user)
    response = Response(jpeg, mimetype=covers.CONTENT_TYPE)
    # The address changes with every upload, so the bytes behind it never do. A cover only
    # some people may see is kept out of shared caches.
    shared = "public" if events_access.can_see_event(event, None) else "private"
    response.headers["Cache-Control"] = f"{shared}, max-age=31536000, immutable"
    return response


def event_page(
    event,
    form=None,
    status: int = 200,
    invitation_token: str | None = None,
    visitor_form=None,
):
    """The event's page; the registration views render it again with a refused form."""

    mine = registration.registration_of(event, current_user)
    organiser = networks.can_organise(event.network, current_user)
    confirmed = access.is_attendee(mine)
    figures = pages.figures(event)
    places = registration.places_by_mode(event, figures)
    questions = registration.questions_of(event)
    form = form or with_questions(RegisterForm, questions)()
    form.mode.choices = forms.labelled(
        (p.mode.value, f"{p.mode.label} (full: join the waitlist)" if p.full else p.mode.label)
        for p in places
    )
    visitor_form = visitor_form or with_questions(VisitorRegisterForm, questions)()
    visitor_form.mode.choices = form.mode.choices
    return render_template(
        "events/show.html",
        event=event,
        registration=mine,
        position=registration.waitlist_position(mine) if mine else None,
        can_organise=organiser,
        figures=figures,
        places=places,
        # Registering can only waitlist: the button says so.
        waitlist_only=all(p.full for p in places),
        organisers=pages.organisers(event),
        sessions=pages.agenda(event),
        # A count and a few names; the directory and "people to meet" are pages of their own.
        attendees=attendee_preview(event) if confirmed or organiser else None,
        show_join_url=access.may_see_join_link(event, current_user, mine, organiser=organiser),
        invite_only=event.registration_mode is RegistrationMode.INVITE,
        invitation_token=invitation_token,
        form=form,
        visitor_form=visitor_form,
        questions=questions,
        confirm=forms.ConfirmForm(),
    ), status


# --- the organiser area ----------------------------------------------------------------------


def _choice(kind, value, default):
    """A select's value as its enum; one not offered (the form refuses it) as ``default``,
    so the service's checks can still run on the rest of a refused form."""
    try:
        return kind(value)
    except ValueError:
        return default


def _data(form: forms.EventForm) -> EventData:
    return EventData(
        title=form.title.data or "",
        slug=form.slug.data or "",
        description=form.description.data or "",
        format=_choice(EventFormat, form.format.data, EventFormat.IN_PERSON),
        venue_name=form.venue_name.data or "",
        venue_address=form.venue_address.data or "",
        join_url=form.join_url.data or "",
        timezone=form.timezone.data,
        starts_at=form.starts_at.data,
        ends_at=form.ends_at.data,
        capacity_in_person=form.capacity_in_person.data,
        capacity_online=form.capacity_online.data,
        registration_opens_at=form.registration_opens_at.data,
        registration_closes_at=form.registration_closes_at.data,
        visibility=_choice(EventVisibility, form.visibility.data, EventVisibility.PUBLIC),
        registration_mode=_choice(
            RegistrationMode, form.registration_mode.data, RegistrationMode.OPEN
        ),
        hashtag=form.hashtag.data or "",
    )


# The event form may carry a cover of up to 5 MB: more than the site's usual request limit
# (config.py), so its two routes allow a little more, for the form's own fields.
EVENT_FORM_MAX_BYTES = covers.MAX_UPLOAD_BYTES + 512 * 1024


def _event_form(network, event=None) -> forms.EventForm:
    request.max_content_length = EVENT_FORM_MAX_BYTES
    return _with_zones(forms.EventForm(), network, event)


def _with_zones(form: forms.EventForm, network, event) -> forms.EventForm:
    """The event's own zone first, then the one the network's events use, the UK, UTC."""
    form.timezone.choices = forms.zone_select(
        [event.timezone if event else None, services.usual_zone(network)]
    )
    return form


def _uploaded_cover(form: forms.EventForm) -> bytes | None:
    upload = form.cover.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    # One byte past the limit is enough to say it is too big.
    return upload.stream.read(covers.MAX_UPLOAD_BYTES + 1)


def _form_for(event) -> forms.EventForm:
    data = EventData.of(event)
    form = forms.EventForm(
        data={
            **data.__dict__,
            "format": data.format.value,
            "visibility": data.visibility.value,
            "registration_mode": data.registration_mode.value,
        }
    )
    return _with_zones(form, event.network, event)


@bp.get("/organise/n/<slug>/events")
@login_required
def organiser_list(slug: str):
    network = networks.organised_network(slug, current_user)
    events = services.events_for_organisers(network)
    return render_template(
        "events/organiser_list.html",
        network=network,
        events=events,
        figures=registration.figures_for([e.id for e in events]),
    )


@bp.route("/organise/n/<slug>/events/new", methods=["GET", "POST"])
@login_required
def create(slug: str):
    network = networks.organised_network(slug, current_user)
    form = _event_form(network)
    cover = _uploaded_cover(form)
    created = run_form(
        form,
        lambda: services.create_event(network, current_user, _data(form), cover=cover),
        check=lambda: services.check_event(None, _data(form), cover),
    )
    if created:
        flash("Draft saved. Add the agenda, then publish it when you are ready.", "success")
        return redirect(url_for("registration.dashboard", slug=created.result.slug))
    return render_template("events/edit.html", network=network, event=None, form=form), _status(
        form
    )


@bp.route("/organise/e/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    event = services.organised_event(slug, current_user)
    form = _event_form(event.network, event) if request.method == "POST" else _form_for(event)
    cover = _uploaded_cover(form)
    saved = run_form(
        form,
        lambda: services.update_event(
            event, _data(form), cover=cover, remove_cover=bool(form.remove_cover.data)
        ),
        check=lambda: services.check_event(event, _data(form), cover),
    )
    if saved:
        flash("Event saved.", "success")
        return redirect(url_for("registration.dashboard", slug=event.slug))
    if saved.refusal:
        event = services.organised_event(slug, current_user)
    return render_template(
        "events/edit.html", network=event.network, event=event, form=form
    ), _status(form)


def _confirmed_post(event, action, success: str, target: str | None = None):
    """Run ``action`` for a bare POST button, flash the outcome, go back to the dashboard."""
    done = run_button(forms.ConfirmForm(), action)
    if done:
        flash(success, "success")
        if callable(target):
            return redirect(target(done.result))
    return redirect(url_for("registration.dashboard", slug=event.slug))


@bp.post("/organise/e/<slug>/publish")
@login_required
def publish(slug: str):
    event = services.organised_event(slug, current_user)
    # To the event page, where its share panel is: the moment to pass the link on.
    return _confirmed_post(
        event,
        lambda: services.publish(event),
        "Published: people can now see and register. Share the link below.",
        target=lambda _: url_for("events.show", slug=event.slug, _anchor="share"),
    )


@bp.route("/organise/e/<slug>/cancel", methods=["GET", "POST"])
@login_required
def cancel(slug: str):
    event = services.organised_event(slug, current_user)
    form = forms.CancelEventForm()
    cancelled = run_form(form, lambda: services.cancel_event(event, form.message.data or ""))
    if cancelled:
        flash(f"Event cancelled; {cancelled.result} people will be emailed.", "success")
        return redirect(url_for("registration.dashboard", slug=event.slug))
    return render_template("events/cancel.html", event=event, form=form), _status(form)


@bp.post("/organise/e/<slug>/duplicate")
@login_required
def duplicate(slug: str):
    event = services.organised_event(slug, current_user)
    return _confirmed_post(
        event,
        lambda: services.duplicate(event, current_user),
        "A draft copy is ready: set its dates and publish it.",
        target=lambda copy: url_for("events.edit", slug=copy.slug),
    )


@bp.post("/organise/e/<slug>/delete")
@login_required
def delete(slug: str):
    event = services.organised_event(slug, current_user)
    network_slug = event.network.slug
    return _confirmed_post(
        event,
        lambda: services.delete_draft(event),
        "Draft deleted.",
        target=lambda _: url_for("events.organiser_list", slug=network_slug),
    )


def _session_data(form: forms.SessionForm) -> SessionData:
    return SessionData(
        title=form.title.data or "",
        starts_at=form.starts_at.data,
        ends_at=form.ends_at.data,
        room=form.room.data or "",
        speaker=form.speaker.data or "",
    )


@bp.route("/organise/e/<slug>/agenda", methods=["GET", "POST"])
@login_required
def agenda(slug: str):
    event = services.organised_event(slug, current_user)
    form = forms.SessionForm()
    added = run_form(
        form,
        lambda: services.add_session(event, _session_data(form)),
        check=lambda: services.check_session(event, _session_data(form)),
    )
    if added:
        flash("Session added.", "success")
        return redirect(url_for("events.agenda", slug=event.slug))
    if added.refusal:
        event = services.organised_event(slug, current_user)
    elif not form.is_submitted():
        start = times.wall_clock(event.starts_at, event.timezone)
        form.starts_at.data = start
        form.ends_at.data = start
    return render_template(
        "events/agenda.html", event=event, form=form, confirm=forms.ConfirmForm()
    ), _status(form)


@bp.post("/organise/e/<slug>/agenda/<int(max=2147483647):session_id>/delete")
@login_required
def delete_session(slug: str, session_id: int):
    event = services.organised_event(slug, current_user)
    return _confirmed_post(
        event,
        lambda: services.delete_session(event, session_id),
        "Session deleted.",
        target=lambda _: url_for("events.agenda", slug=event.slug),
    )
