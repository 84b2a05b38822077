"""How our headers are written on the wire, where Python's own folding gets them wrong.

Python's folder (``email.policy``; seen on 3.11) turns a token longer than a line, such as
the ``<https://…>`` of ``List-Unsubscribe``, into RFC 2047 encoded-words, which RFC 2369
forbids and providers do not decode (so they show no unsubscribe button); it can start a
Subject on a folded, empty first line; and between two encoded-words it can leave a space
that decoders must ignore, so a word's space is lost. So ``Subject`` is written as
encoded-words that each carry their own spaces, and the structured headers we make
ourselves (all ASCII) are folded only at their spaces, never encoded. Addresses keep
Python's folding, which quotes and encodes display names as RFC 2047 section 5 asks.
"""

from __future__ import annotations

import re
from email import policy
from email.header import Header
from email.headerregistry import HeaderRegistry, UnstructuredHeader

# RFC 5322 2.1.1: a line is at most 998 octets, CRLF excluded.
MAX_LINE_OCTETS = 998


def fold_at_spaces(name: str, value: str, max_line_length: int) -> list[str]:
    """``Name: value`` as lines broken only before a space, the first one never empty."""
    lines = [f"{name}:"]
    for token in re.findall(r"\s*\S+", f" {value.strip()}"):
        if len(lines[-1]) + len(token) > max_line_length and lines[-1] != f"{name}:":
            lines.append(token)  # the space it starts with is the folding whitespace
        else:
            lines[-1] += token
    return lines


def _fits(lines: list[str]) -> bool:
    return all(len(line.encode()) <= MAX_LINE_OCTETS for line in lines)


class _AsGiven(UnstructuredHeader):
    @classmethod
    def parse(cls, value, kwds):
        super().parse(value, kwds)
        kwds["decoded"] = value  # the text as we set it: "=?…?=" in it is not decoded


class VerbatimHeader(_AsGiven):
    """An ASCII header we build (a URI list, a msg-id): folded at its spaces, never encoded."""

    def fold(self, *, policy) -> str:
        lines = fold_at_spaces(self.name, str(self), policy.max_line_length)
        if not str(self).isascii() or not _fits(lines):
            raise ValueError(f"{self.name} must be ASCII words that fit a line: {self!s:.200}")
        return policy.linesep.join(lines) + policy.linesep


class TextHeader(_AsGiven):
    """Free text (the Subject): plain ASCII as it is, anything else as UTF-8 encoded-words.

    ``email.header.Header`` cuts encoded-words at character boundaries and keeps every space
    inside a word, so any decoder gives back the exact text in any script.
    """

    def fold(self, *, policy) -> str:
        value = str(self)
        if value.isascii() and "=?" not in value:
            lines = fold_at_spaces(self.name, value, policy.max_line_length)
            if _fits(lines):
                return policy.linesep.join(lines) + policy.linesep
        words = Header(
            value, "utf-8", maxlinelen=policy.max_line_length, header_name=self.name
        ).encode(linesep=policy.linesep)
        return f"{self.name}: {words}{policy.linesep}"


class _CachedRegistry(HeaderRegistry):
    """The stdlib makes a new class for every header it parses (``type(...)`` in
    ``__getitem__``), a third of the time it takes to build a message; one per name will do."""

    def __init__(self):
        super().__init__()
        self._classes: dict[str, type] = {}

    def map_to_type(self, name, cls):
        super().map_to_type(name, cls)
        self._classes.clear()

    def __getitem__(self, name):
        key = name.lower()
        cls = self._classes.get(key)
        if cls is None:
            cls = self._classes[key] = super().__getitem__(name)
        return cls


def _registry() -> HeaderRegistry:
    registry = _CachedRegistry()  # our own: the stdlib's default one is shared by everyone
    for name in ("list-unsubscribe", "list-unsubscribe-post", "message-id"):
        registry.map_to_type(name, VerbatimHeader)
    registry.map_to_type("subject", TextHeader)
    return registry


# SMTP: CRLF line ends and 78-character lines, as on the wire.
WIRE_POLICY = policy.SMTP.clone(header_factory=_registry())
