"""Network pages (/n/<slug>), joining, invitations, and the organiser area (/organise)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from eventnet.errors import DomainError
from eventnet.events.services import upcoming_events_of
from eventnet.networks import forms, services
from eventnet.networks.accents import PALETTE
from eventnet.networks.models import Role
from eventnet.registration.services import figures_for
from eventnet.web_forms import run_button, run_form

bp = Blueprint("networks", __name__)

# Ids in URLs stay within a 32-bit INTEGER column: larger ones are a 404 from the router, not
# an overflow error from the database driver.
ID = "int(max=2147483647)"


def _form_status(form) -> int:
    return 400 if form.errors or form.form_errors else 200


@bp.route("/networks/new", methods=["GET", "POST"])
@login_required
def create():
    form = forms.NetworkForm()
    done = run_form(
        form,
        lambda: services.create_network(
            current_user,
            name=form.name.data,
            slug=form.slug.data or "",
            description=form.description.data or "",
            private=form.private.data,
        ),
    )
    if done:
        network = done.result
        flash(f"{network.name} is ready. Invite people to it from here.", "success")
        return redirect(url_for("networks.manage", slug=network.slug))
    return render_template("networks/new.html", form=form), _form_status(form)


@bp.get("/n/<slug>")
def show(slug: str):

    network = services.visible_network(slug, current_user)
    events = upcoming_events_of(network, current_user)
    return render_template(
        "networks/show.html",
        network=network,
        events=events,
        event_figures=figures_for([e.id for e in events]),
        membership=services.membership_of(network, current_user),
        can_organise=services.can_organise(network, current_user),
        member_count=len(network.memberships),
        form=forms.ConfirmForm(),
    )


@bp.post("/n/<slug>/join")
@login_required
def join(slug: str):
    network = services.visible_network(slug, current_user)
    joined = run_button(
        forms.ConfirmForm(), lambda: services.join_public(network, current_user), expired=None
    )
    if joined:
        flash(f"You are now a member of {network.name}.", "success")
    return redirect(url_for("networks.show", slug=network.slug))


@bp.post("/n/<slug>/leave")
@login_required
def leave(slug: str):
    network = services.visible_network(slug, current_user)
    left = run_button(
        forms.ConfirmForm(), lambda: services.leave(network, current_user), expired=None
    )
    if left.refusal:
        return redirect(url_for("networks.show", slug=network.slug))
    if left:
        flash(f"You have left {network.name}.", "info")
    return redirect(url_for("accounts.me"))


@bp.route("/n/<slug>/request/<code>", methods=["GET", "POST"])
@login_required
def request_to_join(slug: str, code: str):
    network = services.network_for_request_code(slug, code)
    if services.membership_of(network, current_user) is not None:
        return redirect(url_for("networks.show", slug=network.slug))
    form = forms.JoinRequestForm()
    if run_form(
        form, lambda: services.request_to_join(network, current_user, form.message.data or "")
    ):
        flash("Your request has been sent. You will get an email when it is decided.", "success")
        return redirect(url_for("accounts.me"))
    return render_template("networks/request.html", network=network, form=form), _form_status(form)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str):
    try:
        invitation = services.invitation_for_token(token, current_user)
    except DomainError as error:
        return render_template("networks/invitation_invalid.html", message=error.message), (
            error.status if error.status == 404 else 400
        )
    form = forms.ConfirmForm()
    status = 200
    if current_user.is_authenticated:
        accepted = run_form(form, lambda: services.accept_invitation(token, current_user))
        if accepted:
            flash(f"Welcome to {invitation.network.name}.", "success")
            return redirect(url_for("networks.show", slug=invitation.network.slug))
        if accepted.refusal:
            status = accepted.refusal.status
    return render_template("networks/invitation.html", invitation=invitation, form=form), status


# --- the organiser area ----------------------------------------------------------------------


def _manage_page(network, *, invite_form=None, settings_form=None, accent_form=None, status=200):
    return (
        render_template(
            "networks/manage.html",
            network=network,
            members=services.members(network),
            requests=services.pending_requests(network),
            invitations=services.open_invitations(network),
            is_owner=services.is_owner(network, current_user),
            invite_form=invite_form or forms.InviteForm(),
            settings_form=settings_form
            or forms.NetworkSettingsForm(
                prefix="settings",
                name=network.name,
                description=network.description,
                private=network.is_private,
            ),
            accent_form=accent_form or forms.AccentForm(prefix="accent", accent=network.accent),
            accents=PALETTE.values(),
            form=forms.ConfirmForm(),
            role_choices=forms.ROLE_CHOICES,
        ),
        status,
    )


@bp.get("/organise/n/<slug>")
@login_required
def manage(slug: str):
    return _manage_page(services.organised_network(slug, current_user))


@bp.post("/organise/n/<slug>/invite")
@login_required
def invite(slug: str):
    network = services.organised_network(slug, current_user)
    form = forms.InviteForm()
    if run_form(
        form, lambda: services.invite(network, current_user, form.email.data, Role(form.role.data))
    ):
        flash(f"Invitation emailed to {form.email.data}.", "success")
        return redirect(url_for("networks.manage", slug=network.slug))
    return _manage_page(network, invite_form=form, status=400)


@bp.post("/organise/n/<slug>/settings")
@login_required
def settings(slug: str):
    network = services.owned_network(slug, current_user)
    form = forms.NetworkSettingsForm(prefix="settings")
    saved = run_form(
        form,
        lambda: services.update_network(
            network,
            name=form.name.data,
            description=form.description.data or "",
            private=form.private.data,
        ),
    )
    if saved:
        flash("Network settings saved.", "success")
        return redirect(url_for("networks.manage", slug=network.slug))
    network = services.organised_network(slug, current_user)
    return _manage_page(network, settings_form=form, status=400)


@bp.post("/organise/n/<slug>/accent")
@login_required
def accent(slug: str):
    network = services.organised_network(slug, current_user)
    form = forms.AccentForm(prefix="accent")
    if run_form(form, lambda: services.set_accent(network, form.accent.data or "")):
        flash("The network's colour is saved.", "success")
        return redirect(url_for("networks.manage", slug=network.slug))
    return _manage_page(network, accent_form=form, status=400)


def _confirmed_post(network, action, success: str):
    """Run ``action`` for a bare POST button, flash the outcome, return to the manage page."""
    if run_button(forms.ConfirmForm(), action):
        flash(success, "success")
    return redirect(url_for("networks.manage", slug=network.slug))


@bp.post(f"/organise/n/<slug>/requests/<{ID}:request_id>/<any(approve, decline):decision>")
@login_required
def decide(slug: str, request_id: int, decision: str):
    network = services.organised_network(slug, current_user)
    approve = decision == "approve"
    return _confirmed_post(
        network,
        lambda: services.decide_request(network, request_id, current_user, approve),
        "Request approved." if approve else "Request declined.",
    )


@bp.post(f"/organise/n/<slug>/members/<{ID}:membership_id>/role")
@login_required
def set_role(slug: str, membership_id: int):
    network = services.owned_network(slug, current_user)
    try:
        role = Role(request.form.get("role", ""))
    except ValueError:
        flash("Choose owner, organiser or member.", "error")
        return redirect(url_for("networks.manage", slug=network.slug))
    return _confirmed_post(
        network,
        lambda: services.set_role(network, membership_id, role),
        "Role changed.",
    )


@bp.post(f"/organise/n/<slug>/members/<{ID}:membership_id>/remove")
@login_required
def remove_member(slug: str, membership_id: int):
    network = services.owned_network(slug, current_user)
    return _confirmed_post(
        network, lambda: services.remove_member(network, membership_id), "Member removed."
    )


@bp.post("/organise/n/<slug>/request-link")
@login_required
def new_request_link(slug: str):
    network = services.organised_network(slug, current_user)
    return _confirmed_post(
        network,
        lambda: services.new_request_link(network),
        "A new request link is ready; the old one no longer works.",
    )
