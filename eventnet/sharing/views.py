"""The organisers' share panel on the event page, and the poster under /organise."""

from __future__ import annotations

from flask import Blueprint, Response
from flask_login import current_user, login_required

from eventnet.events import services as events
from eventnet.sharing import services

bp = Blueprint("sharing", __name__)


@bp.get("/organise/e/<slug>/poster.pdf")
@login_required
def poster(slug: str):
    event = events.organised_event(slug, current_user)
    response = Response(services.poster_pdf(event), mimetype="application/pdf")
    # Opened in the browser's viewer, ready to print; saved under the event's name.
    response.headers["Content-Disposition"] = f'inline; filename="poster-{event.slug}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_template_global("share_links")
def _share_links(event):
    """For the share panel: None when the event may not be shared (yet)."""
    return services.share_links(event) if services.may_share(event) else None
