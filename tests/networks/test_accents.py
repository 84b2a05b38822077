"""A network's colour: one of a fixed palette (eventnet/networks/accents.py), written again as
CSS classes in app.css, each readable (WCAG contrast), chosen by the network's organisers and
worn by the <body> of its pages and its events' pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eventnet.extensions import db
from eventnet.networks.accents import DEFAULT, PALETTE
from tests.factories import make_event
from tests.networks.conftest import field_error, flashes, snapshot, text

APP_CSS = Path(__file__).resolve().parents[2] / "eventnet" / "static" / "app.css"
WHITE = "#ffffff"
ACCENT_URL = "/organise/n/midlands-heads/accent"

# --- the palette and the stylesheet ----------------------------------------------------------


def declarations(block: str) -> dict[str, str]:
    return dict(re.findall(r"(--[a-z-]+):\s*([^;]+);", block))


def css_accent_classes() -> dict[str, dict[str, str]]:
    css = APP_CSS.read_text()
    return {
        name: declarations(body)
        for name, body in re.findall(r"^\.accent-([a-z]+)\s*\{([^}]*)\}", css, re.M)
    }


def root_tokens() -> dict[str, str]:
    css = APP_CSS.read_text()
    return declarations(re.search(r':root\[data-theme="light"\] \{(.*?)\n\}', css, re.S).group(1))


def test_the_stylesheet_has_one_class_per_colour_of_the_palette_with_its_values():
    expected = {
        a.name: {
            "--accent": a.accent,
            "--accent-hover": a.hover,
            "--accent-soft": a.soft,
            "--accent-focus": a.focus,
        }
        for a in PALETTE.values()
    }
    assert css_accent_classes() == expected


def test_pages_without_a_network_wear_the_default_colour():
    tokens, default = root_tokens(), PALETTE[DEFAULT]
    assert (tokens["--accent"], tokens["--accent-hover"]) == (default.accent, default.hover)
    assert (tokens["--accent-soft"], tokens["--accent-focus"]) == (default.soft, default.focus)
    assert tokens["--accent-contrast"] == WHITE


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_measured_as_wcag_does():
    assert contrast("#000000", WHITE) == pytest.approx(21)
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("accent", PALETTE.values(), ids=lambda a: a.name)
def test_every_colour_stays_readable(accent):
    page = root_tokens()["--surface-sunk"]  # the page behind the cards, which are white
    for text_on, background, minimum in [
        (WHITE, accent.accent, 4.5),  # a button's label
        (WHITE, accent.hover, 4.5),  # the same button hovered
        (accent.accent, WHITE, 4.5),  # a link in a card
        (accent.accent, page, 4.5),  # a link on the page
        (accent.hover, WHITE, 4.5),  # a link hovered
        (accent.hover, accent.soft, 4.5),  # an info pill, a secondary button hovered
        (accent.focus, WHITE, 3),  # the focus ring (non-text contrast)
    ]:
        assert contrast(text_on, background) >= minimum, (text_on, background)


# --- choosing it -----------------------------------------------------------------------------


def body_class(response) -> str | None:
    match = re.search(r'<body(?: class="([^"]*)")?>', text(response))
    assert match, "no <body>"
    return match.group(1)


def test_a_new_network_is_blue(public_cast):
    assert public_cast.network.accent == "blue"


@pytest.mark.parametrize("kind", ["organiser", "owner"])
def test_an_organiser_gives_the_network_a_colour_its_pages_and_events_wear(
    client, act_as, public_cast, kind
):
    event = make_event(public_cast.network)
    act_as(public_cast.user(kind))
    response = client.post(ACCENT_URL, data={"accent-accent": "teal"}, follow_redirects=True)

    assert "The network's colour is saved." in flashes(text(response))
    assert '<option selected value="teal">Teal</option>' in text(response)
    act_as(None)  # what everyone sees
    assert body_class(client.get("/n/midlands-heads")) == "accent-teal"
    assert body_class(client.get(f"/e/{event.slug}")) == "accent-teal"
    assert body_class(client.get("/")) is None  # not the network's page: the site's own blue
    other = make_event(public_cast.other_network)
    act_as(public_cast.other_organiser)
    assert body_class(client.get(f"/e/{other.slug}")) == "accent-blue"


@pytest.mark.parametrize("kind", ["member", "other_organiser", "outsider"])
def test_no_one_else_can_change_the_colour(client, act_as, private_cast, kind):
    act_as(private_cast.user(kind))
    before = snapshot()
    assert client.post(ACCENT_URL, data={"accent-accent": "teal"}).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("value", ["", "pink", "#ff00ff", "blue; background: red", "Teal"])
def test_a_colour_not_in_the_palette_is_refused_and_nothing_changes(
    client, act_as, public_cast, value
):
    act_as(public_cast.organiser)
    before = snapshot()
    response = client.post(ACCENT_URL, data={"accent-accent": value})

    assert response.status_code == 400
    assert field_error(text(response), "accent-accent") == (
        "Choose one of the listed colours: blue, teal, green, purple, magenta, red, orange, "
        "slate grey."
    )
    assert snapshot() == before
    db.session.expire_all()
    assert public_cast.network.accent == "blue"


ORGANISER_PAGES = [
    "/organise/n/midlands-heads",
    "/organise/n/midlands-heads/events",
    "/organise/n/midlands-heads/events/new",
    "/organise/e/{event}",
    "/organise/e/{event}/edit",
    "/organise/e/{event}/cancel",
    "/organise/e/{event}/agenda",
    "/organise/e/{event}/door",
    "/organise/e/{event}/meetings",
    "/organise/e/{event}/emails",
    "/organise/e/{event}/messages/new",
]


@pytest.mark.parametrize("path", ORGANISER_PAGES)
def test_the_organiser_pages_of_a_network_and_its_events_wear_its_colour(
    client, act_as, public_cast, path
):
    event = make_event(public_cast.network)
    public_cast.network.accent = "purple"
    db.session.commit()
    act_as(public_cast.organiser)
    response = client.get(path.format(event=event.slug))
    assert response.status_code == 200
    assert body_class(response) == "accent-purple"
    assert body_class(client.get("/organise")) is None  # no one network: the site's own blue
