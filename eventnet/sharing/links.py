"""Share links for an event page: each app's own "share this" address, filled in. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode


@dataclass(frozen=True)
class ShareLinks:
    url: str  # the event page
    email: str
    whatsapp: str
    linkedin: str
    x: str


def share_links(url: str, title: str, when: str) -> ShareLinks:
    """``when`` is the date as the page shows it; every app gets the title, date and link."""
    text = f"{title}, {when}"
    # mailto: takes RFC 3986 escapes (%20), not the form encoding's "+" that mail apps show.
    mail = urlencode({"subject": title, "body": f"{text}\n\n{url}"}, quote_via=quote)
    return ShareLinks(
        url=url,
        email=f"mailto:?{mail}",
        whatsapp="https://wa.me/?" + urlencode({"text": f"{text} {url}"}, quote_via=quote),
        linkedin="https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        x="https://x.com/intent/post?" + urlencode({"text": text, "url": url}),
    )
