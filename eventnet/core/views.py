"""The home page and /healthz."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, get_template_attribute, jsonify, render_template
from sqlalchemy.exc import SQLAlchemyError

from eventnet.events.services import upcoming_public_events, upcoming_public_versions
from eventnet.extensions import db
from eventnet.kept import kept
from eventnet.networks import services as networks
from eventnet.registration.services import figures_for

bp = Blueprint("core", __name__)


@bp.get("/")
def index():
    return render_template(
        "core/index.html",
        networks=networks.public_networks(),
        # The same for everyone: kept under what the cards show (one narrow query).
        event_cards=kept("home-cards", upcoming_public_versions(), _event_cards),
    )


def _event_cards():
    events = upcoming_public_events()
    if not events:
        return None
    cards = get_template_attribute("events/_list.html", "event_cards")
    return cards(events, figures_for([e.id for e in events]))  # Markup: a macro escapes


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify({"status": "unavailable"}), 503
    return jsonify({"status": "ok"})
