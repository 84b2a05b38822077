"""The organisers' share panel on the event page, the poster under /organise, and the link
previews (Open Graph tags and their pictures) of every page."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from flask_login import current_user, login_required

from eventnet.events import services as events
from eventnet.events.models import Event
from eventnet.networks import services as networks
from eventnet.networks.models import Network
from eventnet.sharing import previews, services

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


# --- link previews ---------------------------------------------------------------------------


@bp.app_template_global("link_preview")
def _link_preview(title: str, event=None, network=None, error=False) -> previews.Preview:
    """For base.html: the page of an event or a network previews as that event or network
    (the organiser area never does: its pages are nobody's to share; nor a network the
    viewer may not see); others as the site.
    An error page names the site, not the address asked for: the 404 of a private network
    is then byte for byte the 404 of one that does not exist."""
    if not request.path.startswith("/organise") and not error:
        if isinstance(event, Event):
            return previews.event_preview(event)
        # A private network's request-to-join page is seen by people who may not see the
        # network, nor so its picture: it previews as the site.
        if isinstance(network, Network) and networks.can_see(network, current_user):
            return previews.network_preview(network)
    url = current_app.config["EVENTNET_BASE_URL"] + ("/" if error else request.path)
    return previews.site_preview(title, url)


def _picture(picture: previews.Picture) -> Response:
    response = Response(picture.png, mimetype="image/png")
    # The address changes with what is drawn, so the bytes behind it never do. A picture of
    # an event only some people may see is kept out of shared caches, as its cover is.
    shared = "public" if picture.public else "private"
    response.headers["Cache-Control"] = f"{shared}, max-age=31536000, immutable"
    return response


@bp.get("/e/<slug>/og/<version>.png")
def event_image(slug: str, version: str):
    return _picture(previews.event_image(slug, version, current_user))


@bp.get("/n/<slug>/og/<version>.png")
def network_image(slug: str, version: str):
    return _picture(previews.network_image(slug, version, current_user))


@bp.get("/og/<version>.png")
def site_image(version: str):
    return _picture(previews.site_image(version))
