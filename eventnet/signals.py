"""Named signals whose receivers run in the order they were connected.

A lower package announces what happened (``events/signals.py``: an event changed) and higher
packages answer in their ``receivers.py``; ``eventnet/wiring.py`` connects every pair in one
written list. Blinker calls receivers in set order, which is not the order of connection, so
these signals keep theirs: promotion from the waitlist runs before the "event changed" email
because the list says so. Receivers run synchronously, inside the sender's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableSet
from typing import Any

import blinker


class _OrderedSet(MutableSet):
    """A set that iterates in insertion order (what blinker keeps receiver ids in)."""

    def __init__(self, items: Iterable[Any] = ()) -> None:
        self._items = dict.fromkeys(items)

    def __contains__(self, item: object) -> bool:
        return item in self._items

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def add(self, item: Any) -> None:
        self._items[item] = None

    def discard(self, item: Any) -> None:
        self._items.pop(item, None)

    def copy(self) -> _OrderedSet:
        return _OrderedSet(self._items)


class OrderedSignal(blinker.NamedSignal):
    set_class = _OrderedSet


def signal(name: str, doc: str) -> OrderedSignal:
    return OrderedSignal(name, doc)


def answers(sent: list[tuple[Any, Any]]) -> list[Any]:
    """The receivers' return values, in order, without the ones that returned None."""
    return [value for _receiver, value in sent if value is not None]
