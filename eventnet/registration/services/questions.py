"""The organisers' registration questions and the registrants' answers to them.

An event asks a few questions, in order: short text, one of several choices, or yes/no, each
required or not. The answers are checked here, whoever sends them (the event page's form,
the API), so a required question cannot be skipped and a choice must be one of the options.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa

from eventnet.errors import DomainError, NotFound, Refusals
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.registration.models import (
    QuestionKind,
    Registration,
    RegistrationAnswer,
    RegistrationQuestion,
)
from eventnet.registration.services._common import _lock
from eventnet.text import single_line

MAX_QUESTIONS = 20
MAX_PROMPT = 200
MAX_CHOICES = 20
MAX_CHOICE = 100
MAX_ANSWER = 500
YES_NO = {"yes": "Yes", "no": "No"}


@dataclass
class QuestionData:
    prompt: str
    kind: QuestionKind | None  # None: the form's choice was not one offered
    choices: list[str] = field(default_factory=list)
    required: bool = False

    @classmethod
    def of(cls, question: RegistrationQuestion) -> QuestionData:
        return cls(question.prompt, question.kind, list(question.choices), question.required)


# --- reading ---------------------------------------------------------------------------------


def questions_of(event: Event) -> list[RegistrationQuestion]:
    """The event's questions in the order they are asked."""
    return list(
        db.session.scalars(
            sa.select(RegistrationQuestion)
            .where(RegistrationQuestion.event_id == event.id)
            .order_by(RegistrationQuestion.position, RegistrationQuestion.id)
        )
    )


def get_question(event: Event, question_id: int) -> RegistrationQuestion:
    question = db.session.get(RegistrationQuestion, question_id)
    if question is None or question.event_id != event.id:
        raise NotFound("There is no such question.")
    return question


def answer_label(question: RegistrationQuestion, value: str | None) -> str:
    """An answer as people read it: "Yes" rather than "yes"; "" when there is none."""
    if value is None:
        return ""
    if question.kind is QuestionKind.YES_NO:
        return YES_NO.get(value, value)
    return value


@dataclass(frozen=True)
class AnswerSheet:
    """One registration's answers, a row per question of its event (None: not answered)."""

    rows: list[tuple[RegistrationQuestion, str | None]]

    def labels(self) -> list[str]:
        return [answer_label(q, v) for q, v in self.rows]

    def answered(self) -> list[tuple[RegistrationQuestion, str]]:
        return [(q, answer_label(q, v)) for q, v in self.rows if v is not None]


def answer_sheets(registrations: Iterable[Registration]) -> dict[int, AnswerSheet]:
    """Each registration's answers, by registration id: two queries however many
    registrations and questions there are (the attendee list, the CSV, the API's pages)."""
    registrations = list(registrations)
    if not registrations:
        return {}
    event_ids = {r.event_id for r in registrations}
    questions: dict[int, list[RegistrationQuestion]] = defaultdict(list)
    for question in db.session.scalars(
        sa.select(RegistrationQuestion)
        .where(RegistrationQuestion.event_id.in_(event_ids))
        .order_by(RegistrationQuestion.position, RegistrationQuestion.id)
    ):
        questions[question.event_id].append(question)
    values: dict[tuple[int, int], str] = {}
    if any(questions.values()):
        for registration_id, question_id, value in db.session.execute(
            sa.select(
                RegistrationAnswer.registration_id,
                RegistrationAnswer.question_id,
                RegistrationAnswer.value,
            ).where(RegistrationAnswer.registration_id.in_([r.id for r in registrations]))
        ):
            values[registration_id, question_id] = value
    return {
        r.id: AnswerSheet([(q, values.get((r.id, q.id))) for q in questions[r.event_id]])
        for r in registrations
    }


# --- the organisers' side --------------------------------------------------------------------


def _clean(data: QuestionData) -> QuestionData:
    """``data`` as stored, or every refusal of it at once (fields: prompt, kind, choices)."""
    refusals = Refusals()
    prompt = ""
    with refusals.checking():
        prompt = single_line(data.prompt, "prompt")
        if not prompt:
            raise DomainError("Enter the question.", "prompt")
        if len(prompt) > MAX_PROMPT:
            raise DomainError(f"Use at most {MAX_PROMPT} characters.", "prompt")
    if data.kind is None:
        refusals.add("kind", "Choose the kind of answer.")
    choices: list[str] = []
    if data.kind is QuestionKind.CHOICE:
        with refusals.checking():
            choices = _clean_choices(data.choices)
    refusals.raise_if_any()
    return QuestionData(prompt, data.kind, choices, bool(data.required))


def _clean_choices(lines: Iterable[str]) -> list[str]:
    choices: list[str] = []
    for line in lines:
        option = single_line(line, "choices")
        if len(option) > MAX_CHOICE:
            raise DomainError(f"Keep each option to at most {MAX_CHOICE} characters.", "choices")
        if option and option.casefold() not in {c.casefold() for c in choices}:
            choices.append(option)
    if len(choices) < 2:
        raise DomainError("Give at least two options, one on each line.", "choices")
    if len(choices) > MAX_CHOICES:
        raise DomainError(f"Give at most {MAX_CHOICES} options.", "choices")
    return choices


def check_question(data: QuestionData) -> None:
    """The refusals of ``data``, changing nothing (for a form that refused some fields)."""
    _clean(data)


def add_question(event: Event, data: QuestionData) -> RegistrationQuestion:
    """Ask ``data`` after the event's other questions."""
    clean = _clean(data)
    _lock(event)
    existing = questions_of(event)
    if len(existing) >= MAX_QUESTIONS:
        raise DomainError(f"An event asks at most {MAX_QUESTIONS} questions.")
    question = RegistrationQuestion(
        event_id=event.id,
        position=max((q.position for q in existing), default=0) + 1,
        prompt=clean.prompt,
        kind=clean.kind,
        choices=clean.choices,
        required=clean.required,
    )
    db.session.add(question)
    db.session.flush()
    return question


def _answered(question: RegistrationQuestion) -> bool:
    return bool(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(RegistrationAnswer)
            .where(RegistrationAnswer.question_id == question.id)
        )
    )


def update_question(question: RegistrationQuestion, data: QuestionData) -> RegistrationQuestion:
    """Reword a question, change its options or whether it is required. Answers already
    given are kept as they were given, even an option since renamed or removed; the kind of
    answer cannot change once someone has answered (their answers would no longer fit)."""
    clean = _clean(data)
    if clean.kind is not question.kind and _answered(question):
        raise DomainError(
            "People have answered this question, so its kind of answer stays as it is. "
            "Remove it and add a new question instead.",
            "kind",
        )
    question.prompt = clean.prompt
    question.kind = clean.kind
    question.choices = clean.choices
    question.required = clean.required
    db.session.flush()
    return question


def remove_question(question: RegistrationQuestion) -> None:
    """The question and its answers go; registrations stay as they are."""
    db.session.execute(
        sa.delete(RegistrationAnswer).where(RegistrationAnswer.question_id == question.id)
    )
    db.session.delete(question)
    db.session.flush()


def move_question(question: RegistrationQuestion, direction: str) -> bool:
    """Swap the question with the one before ("up") or after ("down") it; False when it is
    already first or last."""
    if direction not in ("up", "down"):
        raise DomainError("Move a question up or down.")
    event = question.event
    _lock(event)
    ordered = questions_of(event)
    at = ordered.index(question)
    other = at - 1 if direction == "up" else at + 1
    if not 0 <= other < len(ordered):
        return False
    ordered[at], ordered[other] = ordered[other], ordered[at]
    for position, each in enumerate(ordered, start=1):
        each.position = position
    db.session.flush()
    return True


def copy_questions(source: Event, copy: Event) -> None:
    """The same questions, in the same order, for a duplicated event (no answers)."""
    for question in questions_of(source):
        db.session.add(
            RegistrationQuestion(
                event_id=copy.id,
                position=question.position,
                prompt=question.prompt,
                kind=question.kind,
                choices=list(question.choices),
                required=question.required,
            )
        )
    db.session.flush()


# --- the registrants' side -------------------------------------------------------------------


def _checked_answer(question: RegistrationQuestion, raw: str | None) -> str | None:
    field_name = question.field_name
    value = single_line(raw if isinstance(raw, str) else None, field_name)
    if not value:
        if question.required:
            verb = "Enter" if question.kind is QuestionKind.TEXT else "Choose"
            raise DomainError(f"{verb} an answer to “{question.prompt}”.", field_name)
        return None
    if question.kind is QuestionKind.TEXT:
        if len(value) > MAX_ANSWER:
            raise DomainError(f"Keep your answer to at most {MAX_ANSWER} characters.", field_name)
        return value
    allowed = list(YES_NO) if question.kind is QuestionKind.YES_NO else question.choices
    if value not in allowed:
        raise DomainError(f"Choose one of the answers to “{question.prompt}”.", field_name)
    return value


def check_answers(
    event: Event, answers: Mapping[int, str | None] | None, refusals: Refusals | None = None
) -> dict[RegistrationQuestion, str | None]:
    """Each of the event's questions with its answer as stored (None: left blank), or every
    refusal at once; answers to no question of the event are refused too. With
    ``refusals``, they are collected there for the caller to raise with its own."""
    own = refusals is None
    refusals = Refusals() if refusals is None else refusals
    answers = dict(answers or {})
    questions = questions_of(event)
    known = {q.id for q in questions}
    if any(key not in known for key in answers):
        refusals.add("answers", "Answer only this event's questions.")
    checked: dict[RegistrationQuestion, str | None] = {}
    for question in questions:
        with refusals.checking():
            checked[question] = _checked_answer(question, answers.get(question.id))
    if own:
        refusals.raise_if_any()
    return checked


def save_answers(
    registration: Registration, checked: Mapping[RegistrationQuestion, str | None]
) -> None:
    """Store checked answers (``check_answers``), replacing the registration's earlier ones.
    An event that asks nothing has no answers to replace."""
    if not checked:
        return
    db.session.execute(
        sa.delete(RegistrationAnswer).where(RegistrationAnswer.registration_id == registration.id)
    )
    for question, value in checked.items():
        if value is not None:
            db.session.add(
                RegistrationAnswer(
                    registration_id=registration.id, question_id=question.id, value=value
                )
            )
    db.session.flush()
