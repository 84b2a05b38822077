"""Link previews: the Open Graph and Twitter card tags of a page, and their 1200 × 630
picture, for an event, a network, or the site itself.

A picture's address carries a version, a hash of everything drawn on it (and of the cover's
token), so it may be cached for a year: a new title, date, place, cover or colour is a new
address. Rendered pictures are kept in memory per version; the old ones age out.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass

from werkzeug.exceptions import NotFound

from eventnet.config import SITE_NAME, SITE_TAGLINE
from eventnet.events import access as events_access
from eventnet.events import markdown
from eventnet.events import services as events
from eventnet.events.models import Event
from eventnet.networks import services as networks
from eventnet.networks.accents import DEFAULT, PALETTE
from eventnet.networks.models import Network
from eventnet.sharing import og_image
from eventnet.sharing.services import place_of, when_of
from eventnet.text import flattened
from eventnet.urls import absolute_url

# Bump when the drawing changes, so every cached picture is drawn again.
DRAWING = "1"
DESCRIPTION_CHARS = 200
CACHE_SIZE = 128  # pictures of about 40–70 KB each


@dataclass(frozen=True)
class Preview:
    title: str
    description: str
    url: str  # the page, absolute
    image: str  # the picture, absolute
    image_alt: str
    image_width: int = og_image.SIZE[0]
    image_height: int = og_image.SIZE[1]
    type: str = "website"
    site_name: str = SITE_NAME


def _short(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    text = flattened(text)
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def _colour(accent: str) -> str:
    return (PALETTE.get(accent) or PALETTE[DEFAULT]).accent


def _version(card: og_image.Card, cover_token: str | None = None) -> str:
    drawn = [DRAWING, card.kicker, card.title, *card.lines, card.footer, card.background]
    digest = hashlib.sha256(json.dumps([*drawn, cover_token]).encode()).hexdigest()
    return digest[:16]


# --- what each picture shows --------------------------------------------------------------


def _event_card(event: Event) -> og_image.Card:
    return og_image.Card(
        kicker=event.network.name,
        title=event.title,
        lines=(when_of(event), place_of(event)),
        footer=SITE_NAME,
        background=_colour(event.network.accent),
    )


def _network_card(network: Network) -> og_image.Card:
    return og_image.Card(
        kicker="",
        title=network.name,
        lines=(_short(network.description, 90),) if network.description else (),
        footer=SITE_NAME,
        background=_colour(network.accent),
    )


def _site_card() -> og_image.Card:
    return og_image.Card("", SITE_NAME, (SITE_TAGLINE,), "", _colour(DEFAULT))


def event_version(event: Event) -> str:
    return _version(_event_card(event), event.cover_token)


def network_version(network: Network) -> str:
    return _version(_network_card(network))


def site_version() -> str:
    return _version(_site_card())


# --- the tags -----------------------------------------------------------------------------


def event_preview(event: Event) -> Preview:
    when, place = when_of(event), place_of(event)
    about = _short(markdown.render(event.description or "").striptags())
    return Preview(
        title=event.title,
        description=f"{when} · {place}" + (f". {about}" if about else ""),
        url=absolute_url("events.show", slug=event.slug),
        image=absolute_url("sharing.event_image", slug=event.slug, version=event_version(event)),
        image_alt=f"{event.title}: {when}, {place}",
    )


def network_preview(network: Network) -> Preview:
    return Preview(
        title=network.name,
        description=_short(network.description) or f"{network.name}, a network on {SITE_NAME}.",
        url=absolute_url("networks.show", slug=network.slug),
        image=absolute_url(
            "sharing.network_image", slug=network.slug, version=network_version(network)
        ),
        image_alt=network.name,
    )


def site_preview(title: str, url: str) -> Preview:
    """Any other page: its own title and address, the site's words and picture."""
    return Preview(
        title=title,
        description=SITE_TAGLINE,
        url=url,
        image=absolute_url("sharing.site_image", version=site_version()),
        image_alt=f"{SITE_NAME}: {SITE_TAGLINE}",
    )


# --- the pictures -------------------------------------------------------------------------

_cache: OrderedDict[str, bytes] = OrderedDict()
_cache_lock = threading.Lock()


def _cached(key: str, draw) -> bytes:
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    png = draw()
    with _cache_lock:
        _cache[key] = png
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return png


def _check(version: str, current: str) -> None:
    # An old version is gone, as a replaced cover is: the page links the current one.
    if not secrets.compare_digest(version.encode(), current.encode()):  # bytes: any text
        raise NotFound("There is no such image.")


@dataclass(frozen=True)
class Picture:
    png: bytes
    public: bool  # anyone may see it: shared caches may keep it


def event_image(slug: str, version: str, user) -> Picture:
    """The event's picture for ``user``, who may see the event (else 404, as its page)."""
    event = events.visible_event(slug, user)
    card = _event_card(event)
    _check(version, _version(card, event.cover_token))

    def draw() -> bytes:
        cover = events.cover_jpeg(event) if event.cover_token else None
        return og_image.card_png(
            og_image.Card(card.kicker, card.title, card.lines, card.footer, card.background, cover)
        )

    png = _cached(f"event:{event.id}:{version}", draw)
    return Picture(png, events_access.can_see_event(event, None))


def network_image(slug: str, version: str, user) -> Picture:
    network = networks.visible_network(slug, user)
    card = _network_card(network)
    _check(version, _version(card))
    png = _cached(f"network:{network.id}:{version}", lambda: og_image.card_png(card))
    return Picture(png, networks.can_see(network, None))


def site_image(version: str) -> Picture:
    card = _site_card()
    _check(version, _version(card))
    return Picture(_cached(f"site:{version}", lambda: og_image.card_png(card)), True)
