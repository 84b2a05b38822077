"""People to meet: a pure ranking of attendees by how well their tags fit yours.

A need of one person met by an offer of the other ("looking for" ↔ "can help with", either
way) weighs most; a shared interest next. Ties go by name, then id, so the same data always
gives the same list. No database here: callers hand in plain ``Person`` values.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

HELP_WEIGHT = 3
INTEREST_WEIGHT = 1
DEFAULT_LIMIT = 10


@dataclass(frozen=True)
class Person:
    """Someone's tags, each a mapping of match key → label as they typed it."""

    id: int
    name: str
    interests: Mapping[str, str] = field(default_factory=dict)
    offers: Mapping[str, str] = field(default_factory=dict)
    needs: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Suggestion:
    person: Person
    score: int
    # Their labels: what they can help you with, what they look for that you offer, and
    # the interests you share.
    they_help_with: tuple[str, ...]
    you_help_with: tuple[str, ...]
    shared_interests: tuple[str, ...]

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.they_help_with:
            reasons.append("can help with: " + ", ".join(self.they_help_with))
        if self.you_help_with:
            reasons.append("is looking for: " + ", ".join(self.you_help_with))
        if self.shared_interests:
            reasons.append("you both follow: " + ", ".join(self.shared_interests))
        return reasons

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def _common(mine: Mapping[str, str], theirs: Mapping[str, str]) -> tuple[str, ...]:
    """Their labels for the keys both have, in a stable (key) order."""
    if len(mine) > len(theirs):
        keys = [k for k in theirs if k in mine]
    else:
        keys = [k for k in mine if k in theirs]
    return tuple(theirs[k] for k in sorted(keys))


def score(me: Person, other: Person) -> Suggestion:
    they_help = _common(me.needs, other.offers)
    you_help = _common(me.offers, other.needs)
    shared = _common(me.interests, other.interests)
    points = HELP_WEIGHT * (len(they_help) + len(you_help)) + INTEREST_WEIGHT * len(shared)
    return Suggestion(other, points, they_help, you_help, shared)


def rank(me: Person, others: Iterable[Person], limit: int = DEFAULT_LIMIT) -> list[Suggestion]:
    """The best ``limit`` fits among ``others`` (``me`` and zero scores left out), best first."""
    scored = (score(me, other) for other in others if other.id != me.id)
    return heapq.nsmallest(
        limit,
        (s for s in scored if s.score > 0),
        key=lambda s: (-s.score, s.person.name.casefold(), s.person.id),
    )
