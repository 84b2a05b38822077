"""Merge fields in organiser messages: ``{first_name}`` and friends, filled per recipient.

Pure and deliberately small: a regex finds ``{name}`` where ``name`` is a plain identifier,
and only the names in ``FIELDS`` are replaced, each in one pass, so a value is never read
again (a name of ``{event_title}`` stays those words). No ``str.format``, no Jinja: the
organiser's text is never a template. ``{{`` and ``}}`` and a lone brace stay as typed.
In Markdown, values are backslash-escaped first, so a name like ``**x**`` or ``<script>``
shows as those characters and the body's own Markdown is rendered after substitution.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

FIELDS = (
    "first_name",
    "name",
    "event_title",
    "event_date",
    "event_link",
    "badge_link",
    "join_link",
)

# ``{{`` / ``}}`` are matched first so that what they enclose is never a field.
_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")
# CommonMark lets any ASCII punctuation be backslash-escaped (spec 2.4).
_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


def unknown_fields(text: str) -> list[str]:
    """The ``{names}`` in ``text`` that are not merge fields, in order, once each."""
    found = (m.group(1) for m in _TOKEN.finditer(text or "") if m.group(1))
    return list(dict.fromkeys(name for name in found if name not in FIELDS))


def escape_markdown(value: str) -> str:
    """``value`` as literal text in CommonMark: punctuation escaped, line breaks as spaces."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(value).split()))


def fill(text: str, values: Mapping[str, str], escape: Callable[[str], str] = str) -> str:
    """``text`` with each known ``{field}`` replaced by ``escape(values[field])``."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name is None or name not in FIELDS:
            return match.group(0)
        return escape(values.get(name, ""))

    return _TOKEN.sub(replace, text or "")
