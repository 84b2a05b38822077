"""The organiser area's home (/organise) and its "Create event" from anywhere."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from eventnet.networks.services import organised_by
from eventnet.organise.charts import bar_chart
from eventnet.organise.figures import dashboard_figures
from eventnet.organise.home import home_of

bp = Blueprint("organise", __name__)
bp.add_app_template_global(dashboard_figures, "dashboard_figures")
bp.add_app_template_global(bar_chart, "bar_chart")


@bp.get("/organise")
@login_required
def home():
    return render_template("organise/home.html", home=home_of(current_user))


@bp.get("/organise/new-event")
@login_required
def new_event():
    """Straight to the event form when there is one network to create it in; a choice when
    there are several; starting a network when there is none."""
    networks = organised_by(current_user)
    if len(networks) == 1:
        return redirect(url_for("events.create", slug=networks[0].slug))
    if not networks:
        flash("Events belong to a network: start one first, then create its events.")
        return redirect(url_for("networks.create"))
    return render_template("organise/new_event.html", networks=networks)
