"""The colours a network's organisers may give its pages: a fixed palette, written once here.

Each accent is a CSS class ``.accent-<name>`` in eventnet/static/app.css that sets the
``--accent*`` tokens on the page's <body> (the CSP allows no inline style, so a colour cannot
be typed in). tests/networks/test_accents.py holds app.css to this palette and checks each
colour's contrast: white text on the accent and the accent on the page at least 4.5:1 (WCAG
AA), the focus ring at least 3:1.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Accent:
    name: str  # the stored value and the CSS class's suffix
    label: str  # what organisers choose from
    accent: str  # buttons (white text on it) and links (on the page)
    hover: str  # the same, hovered: darker
    soft: str  # a pale background: info pills, a secondary button hovered
    focus: str  # the focus ring of buttons and form fields


DEFAULT = "blue"

PALETTE: dict[str, Accent] = {
    a.name: a
    for a in (
        Accent("blue", "Blue", "#1d4ed8", "#1e3a8a", "#e8efff", "#3b82f6"),
        Accent("teal", "Teal", "#0f766e", "#134e4a", "#e3f5f2", "#0d9488"),
        Accent("green", "Green", "#15803d", "#14532d", "#e5f5ea", "#16a34a"),
        Accent("purple", "Purple", "#6d28d9", "#4c1d95", "#f0eaff", "#8b5cf6"),
        Accent("magenta", "Magenta", "#a21caf", "#701a75", "#fbe8fc", "#c026d3"),
        Accent("red", "Red", "#be123c", "#881337", "#fde9ed", "#e11d48"),
        Accent("orange", "Orange", "#c2410c", "#7c2d12", "#fdede3", "#ea580c"),
        Accent("slate", "Slate grey", "#475569", "#1e293b", "#edf0f4", "#64748b"),
    )
}
