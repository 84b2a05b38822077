"""A pure renderer's geometry: a bar chart's rectangles and ticks in a 400 × 240 viewBox.

The template (templates/organise/_chart.html) draws them as SVG; no request in here.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 400, 240
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 12, 36
MAX_X_LABELS = 7
MAX_BAR = 48  # a lone bar stays a bar, not a block


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    show_label: bool


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class Geometry:
    width: int
    height: int
    left: int
    base: float
    right: float
    bars: list[Bar]
    ticks: list[Tick]


def _ticks(top: int) -> list[int]:
    if top <= 4:
        return list(range(top + 1))
    step = -(-top // 4)
    return list(range(0, top + 1, step)) + ([top] if top % step else [])


def bar_chart(points: list[tuple[str, int]]) -> Geometry:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = max((v for _, v in points), default=0) or 1
    slot = plot_w / max(len(points), 1)
    bar = min(slot - min(slot * 0.2, 6), MAX_BAR)
    every = -(-len(points) // MAX_X_LABELS) or 1
    base = TOP + plot_h
    bars = [
        Bar(
            x=round(LEFT + i * slot + (slot - bar) / 2, 1),
            y=round(base - plot_h * value / top, 1),
            width=round(bar, 1),
            height=round(plot_h * value / top, 1),
            label=label,
            value=value,
            show_label=i % every == 0,
        )
        for i, (label, value) in enumerate(points)
    ]
    ticks = [Tick(round(base - plot_h * v / top, 1), v) for v in _ticks(top)]
    return Geometry(WIDTH, HEIGHT, LEFT, base, WIDTH - RIGHT, bars, ticks)
