"""Attendee lists as CSV: UTF-8 that spreadsheets open as is, with formula-like cells defused."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

from eventnet.events import times
from eventnet.events.models import Event
from eventnet.registration.models import Registration, RegistrationQuestion
from eventnet.registration.services.questions import AnswerSheet
from eventnet.text import safe_cell

HEADER = ["Name", "Email", "Status", "Attendance", "Registered at", "Checked in at", "Time zone"]


def _local(moment, zone: str) -> str:
    return "" if moment is None else f"{times.in_zone(moment, zone):%Y-%m-%d %H:%M}"


def attendees_csv(
    event: Event,
    registrations: Iterable[Registration],
    questions: Sequence[RegistrationQuestion] = (),
    answers: Mapping[int, AnswerSheet] | None = None,
) -> str:
    """The CSV text; callers encode it as UTF-8 with a byte-order mark for Excel. A column
    for each of the event's ``questions``, in order, with each registration's ``answers``
    (``services.answer_sheets``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(safe_cell(value) for value in (*HEADER, *(q.prompt for q in questions)))
    answers = answers or {}
    for r in registrations:
        sheet = answers.get(r.id)
        labels = sheet.labels() if sheet else [""] * len(questions)
        writer.writerow(
            safe_cell(value)
            for value in (
                r.user.name,
                r.user.email,
                r.status.value,
                r.mode.value,
                _local(r.registered_at, event.timezone),
                _local(r.checked_in_at, event.timezone),
                event.timezone,
                *labels,
            )
        )
    return out.getvalue()
