"""Your pitch card (/me/profile), photos, and the directories of events and networks."""

from __future__ import annotations

import dataclasses

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from eventnet.kept import kept
from eventnet.profiles import directory, forms, photos, services
from eventnet.profiles.models import TagKind
from eventnet.registration.models import AttendanceMode
from eventnet.registration.services import modes_of
from eventnet.urls import absolute_url
from eventnet.web_forms import run_form

bp = Blueprint("profiles", __name__)


@bp.app_template_global("photo_url")
def photo_url(profile, absolute: bool = False) -> str | None:
    if profile is None or not profile.photo_token:
        return None
    if absolute:
        return absolute_url("profiles.photo", token=profile.photo_token)
    return url_for("profiles.photo", token=profile.photo_token)


def _form_for(profile) -> forms.ProfileForm:
    if profile is None:
        return forms.ProfileForm()
    return forms.ProfileForm(
        family_name=profile.family_name,
        headline=profile.headline,
        organisation=profile.organisation,
        location=profile.location,
        pitch=profile.pitch,
        interests=", ".join(t.label for t in profile.tags_of(TagKind.INTEREST)),
        offers=", ".join(t.label for t in profile.tags_of(TagKind.OFFER)),
        needs=", ".join(t.label for t in profile.tags_of(TagKind.NEED)),
        website_url=profile.website_url,
        linkedin_url=profile.linkedin_url,
        social_url=profile.social_url,
        contact_email=profile.contact_email,
        contact_phone=profile.contact_phone,
        ask_first=not profile.share_on_scan,
        hidden=profile.hidden,
    )


def _uploaded_photo(form: forms.ProfileForm) -> bytes | None:
    upload = form.photo.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    # One byte past the limit is enough to say it is too big.
    return upload.stream.read(photos.MAX_UPLOAD_BYTES + 1)


@bp.route("/me/profile", methods=["GET", "POST"])
@login_required
def edit():
    user = current_user._get_current_object()
    profile = services.profile_of(user)
    form = _form_for(profile) if request.method == "GET" else forms.ProfileForm()
    status = 200
    saved = run_form(
        form,
        lambda: services.update_profile(
            user,
            form.data_for_service(),
            photo=_uploaded_photo(form),
            remove_photo=bool(form.remove_photo.data),
        ),
    )
    if saved:
        flash("Your pitch card is saved.", "success")
        return redirect(url_for("profiles.edit"))
    if request.method == "POST":
        status = 400
        profile = services.profile_of(user)
    return (
        render_template(
            "profiles/edit.html",
            form=form,
            profile=profile,
            popular_tags=services.popular_tags(),
        ),
        status,
    )


@bp.get("/photos/<token>.jpg")
def photo(token: str):
    data = services.photo_for_token(token)
    if data is None:
        abort(404)
    response = Response(data, mimetype=photos.CONTENT_TYPE)
    # The address changes with every upload, so the bytes behind it never do.
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


# --- directories -----------------------------------------------------------------------------


def _page_number() -> int:
    try:
        return max(1, min(int(request.args.get("page", "1")), 100_000))
    except ValueError:
        return 1


def _query(allow_mode: bool) -> directory.Query:
    mode = None
    if allow_mode:
        try:
            mode = AttendanceMode(request.args.get("mode", ""))
        except ValueError:
            mode = None
    return directory.Query(
        search=request.args.get("q", "")[:100],
        tag=request.args.get("tag", "")[:80],
        mode=mode,
        page=_page_number(),
    )


def _with_cards(page: directory.Page, heading: int) -> directory.Page:
    """``page`` with each card rendered and its people as plain values, to be kept."""
    card = get_template_attribute("profiles/_card.html", "card")
    entries = [
        directory.CardEntry(
            directory.Person(e.user.id, e.user.name),
            card(e.user, e.profile, heading=heading),
            e.mode,
        )
        for e in page.entries
    ]
    return dataclasses.replace(page, entries=entries)


@bp.get("/e/<slug>/people")
@login_required
def event_people(slug: str):
    event = directory.event_for_directory(slug, current_user)
    query = _query(allow_mode=True)
    # The same for every viewer until who is coming or a card changes: kept per revision.
    page = kept(
        "event-directory",
        directory.event_directory_key(event, query),
        lambda: _with_cards(directory.event_directory(event, query), heading=3),
    )
    return render_template(
        "profiles/event_people.html",
        event=event,
        query=query,
        page=page,
        modes=modes_of(event),
        attending=directory.is_confirmed_attendee(event, current_user),
        hidden=services.is_hidden(current_user),
    )


@bp.get("/e/<slug>/people-to-meet")
@login_required
def people_to_meet(slug: str):
    event = directory.event_for_suggestions(slug, current_user)
    return render_template(
        "profiles/people_to_meet.html",
        event=event,
        suggestions=directory.suggestions(event, current_user),
    )


@bp.get("/n/<slug>/members")
@login_required
def network_members(slug: str):
    network = directory.network_for_directory(slug, current_user)
    query = _query(allow_mode=False)
    return render_template(
        "profiles/network_members.html",
        network=network,
        query=query,
        page=_with_cards(directory.network_directory(network, query), heading=2),
        hidden=services.is_hidden(current_user),
    )
