"""What the organisers share: which events may be shared, their links and their poster."""

from __future__ import annotations

from eventnet.badges import qr
from eventnet.errors import Conflict
from eventnet.events import times
from eventnet.events.models import Event
from eventnet.sharing import links, poster
from eventnet.urls import absolute_url


def may_share(event: Event) -> bool:
    """Only a published event: a draft's link is 404 to everyone else, a cancelled one's
    would invite people to nothing. Who may share (its organisers) the caller has checked."""
    return event.is_published


def when_of(event: Event) -> str:
    return times.format_span(event.starts_at, event.ends_at, event.timezone)


def place_of(event: Event) -> str:
    if not event.has_venue:
        return "Online"
    place = [event.venue_name, *event.venue_address.splitlines()]
    text = ", ".join(p.strip() for p in place if p.strip()) or "Venue to be announced"
    return f"{text}, and online" if event.is_online else text


def share_links(event: Event) -> links.ShareLinks:
    return links.share_links(
        absolute_url("events.show", slug=event.slug), event.title, when_of(event)
    )


def poster_pdf(event: Event) -> bytes:
    """The A4 poster of a shareable event, its QR the event page."""
    if event.is_cancelled:
        raise Conflict("The event is cancelled: a poster would invite people to nothing.")
    if not may_share(event):
        raise Conflict("Publish the event first: the poster's code leads to its page.")
    url = absolute_url("events.show", slug=event.slug)
    data = poster.PosterData(
        network=event.network.name,
        title=event.title,
        when=when_of(event),
        place=place_of(event),
        url=url,
        qr_png=qr.png(url),
    )
    return poster.poster_pdf(data)
