"""The home page and /healthz."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, jsonify, render_template
from sqlalchemy.exc import SQLAlchemyError

from eventnet.events.services import upcoming_public_events
from eventnet.extensions import db
from eventnet.networks import services as networks
from eventnet.registration.services import figures_for

bp = Blueprint("core", __name__)


@bp.get("/")
def index():

    events = upcoming_public_events()
    return render_template(
        "core/index.html",
        networks=networks.public_networks(),
        events=events,
        figures=figures_for([e.id for e in events]),
    )


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify({"status": "unavailable"}), 503
    return jsonify({"status": "ok"})
