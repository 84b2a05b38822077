"""What people may type: one-line text (names, titles, tags) and multi-line text (pitches,
descriptions, notes), checked by one set of rules for forms, the API and the services.

A one-line value ends up in places that have no room for a line break: an iCal property,
a mail header, a vCard line, a CSV cell, a badge. So it is refused when it holds a line
break or any other control character, rather than quietly changed: the person sees what
was wrong, next to the field, and nothing is stored. A tab (pasted from a spreadsheet) is
the one exception: it becomes a space. Multi-line text keeps its line breaks (as ``\\n``)
and tabs; every renderer escapes them. Emoji, accents, combining marks and right-to-left
text are text like any other and are kept as typed.
"""

from __future__ import annotations

import re

from wtforms.validators import ValidationError

from eventnet.errors import DomainError

ONE_LINE_MESSAGE = "Use one line, without line breaks or invisible control characters."
CONTROL_MESSAGE = "Remove the invisible control characters from this text."

# C0 controls but tab, DEL, the C1 controls (NEL among them), the Unicode line and paragraph
# separators, and lone surrogates (JSON can carry them; no database can store them).
_NOT_ONE_LINE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# The same, less the line breaks a multi-line text may hold (normalised to "\n" first).
_NOT_MULTI_LINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAK = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]+")


def one_line_problem(text: str | None) -> str | None:
    """Why ``text`` cannot be a one-line value, or None when it can."""
    if text and _NOT_ONE_LINE.search(text):
        return ONE_LINE_MESSAGE
    return None


def multi_line_problem(text: str | None) -> str | None:
    """Why ``text`` cannot be a multi-line value, or None when it can."""
    if text and _NOT_MULTI_LINE.search(normalise_line_breaks(text)):
        return CONTROL_MESSAGE
    return None


def normalise_line_breaks(text: str) -> str:
    """CRLF, CR and the Unicode line separators as "\\n" (browsers send CRLF)."""
    return _LINE_BREAK.sub("\n", text)


def single_line(text: str | None, field: str | None = None) -> str:
    """A one-line value as stored: trimmed, tabs as spaces; refused (a DomainError on
    ``field``) when it holds a line break or another control character."""
    problem = one_line_problem(text)
    if problem:
        raise DomainError(problem, field)
    return (text or "").replace("\t", " ").strip()


def multi_line(text: str | None, field: str | None = None) -> str:
    """A multi-line value as stored: line breaks as "\\n", trimmed; refused when it holds a
    control character other than a line break or a tab."""
    problem = multi_line_problem(text)
    if problem:
        raise DomainError(problem, field)
    return normalise_line_breaks(text or "").strip()


def printable_lines(text: str | None) -> str:
    """Any text with line breaks as "\\n" and no other control character, for writers that
    escape "\\n" themselves (vCard). Also a last line of defence."""
    return _NOT_MULTI_LINE.sub("", normalise_line_breaks(text or ""))


def flattened(text: str | None) -> str:
    """Any text made safe for a one-line place it was not checked for (a mail header from an
    old row, a multi-line text shown on one line): controls and runs of white space become
    one space. The last line of defence, not a substitute for refusing bad input."""
    return " ".join(_ANY_CONTROL.sub(" ", text or "").split())


# --- spreadsheets ---------------------------------------------------------------------------

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
# (OWASP "CSV injection"); tab and carriage return can smuggle one in after a separator.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# "+" is also how international phone numbers start: "+44 7700 900123" stays as typed.
_PHONE = re.compile(r"\+[0-9 ().-]+")
_PHONE_DIGITS = range(5, 21)


def safe_cell(value: object) -> str:
    """A CSV cell no spreadsheet runs as a formula: one that could be is prefixed with "'",
    which spreadsheets show as text; a phone number such as "+44 7700 900123" is kept."""
    text = "" if value is None else str(value)
    if not text.startswith(FORMULA_STARTS):
        return text
    if _PHONE.fullmatch(text) and sum(c.isdigit() for c in text) in _PHONE_DIGITS:
        return text
    return "'" + text


# --- the same rules as WTForms validators -------------------------------------------------


def one_line_field(form, field) -> None:
    """For every StringField a person types one line into."""
    problem = one_line_problem(field.data if isinstance(field.data, str) else None)
    if problem:
        raise ValidationError(problem)


def multi_line_field(form, field) -> None:
    """For every TextAreaField."""
    problem = multi_line_problem(field.data if isinstance(field.data, str) else None)
    if problem:
        raise ValidationError(problem)
