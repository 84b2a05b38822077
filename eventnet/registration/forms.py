"""Registration forms: input shape only."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length

from eventnet.accounts.forms import EMAIL, strip
from eventnet.registration.models import QuestionKind, RegistrationQuestion
from eventnet.registration.services.questions import MAX_ANSWER, MAX_PROMPT, YES_NO
from eventnet.text import multi_line_field, one_line_field
from eventnet.web_forms import labelled


class RegisterForm(FlaskForm):
    # Choices are the event's attendance modes, set by the view.
    mode = SelectField("How will you attend?", choices=[], validate_choice=False)


class ChangeModeForm(FlaskForm):
    """The hidden choice behind "Attend online instead" (or in person)."""

    mode = HiddenField()


class InviteForm(FlaskForm):
    email = EmailField(
        "Email address",
        validators=[
            DataRequired("Enter an email address."),
            Length(max=254),
            Email("Enter a valid email address."),
        ],
    )


class ConfirmForm(FlaskForm):
    """A bare form for POST buttons: it carries the CSRF token."""


class VisitorRegisterForm(FlaskForm):
    """One-step registration on the event page for a visitor: a name and an address."""

    name = StringField(
        "Your name",
        validators=[
            DataRequired("Enter your name."),
            Length(max=120, message="Use at most 120 characters."),
            one_line_field,
        ],
    )
    email = EmailField("Your email", validators=EMAIL, filters=[strip])
    # Choices are the event's attendance modes, set by the view.
    mode = SelectField("How will you attend?", choices=[], validate_choice=False)


# --- the organisers' questions ---------------------------------------------------------------


def with_questions(form_class: type[FlaskForm], questions: Iterable[RegistrationQuestion]):
    """``form_class`` with a field for each of the event's questions, named by
    ``question.field_name``: the registration form, whatever else it asks. Whether an answer
    is required, and whether a choice is one offered, is the service's to say."""
    fields = {}
    for question in questions:
        if question.kind is QuestionKind.TEXT:
            fields[question.field_name] = StringField(
                question.prompt, validators=[Length(max=MAX_ANSWER), one_line_field]
            )
        else:
            options = (
                YES_NO.items()
                if question.kind is QuestionKind.YES_NO
                else ((choice, choice) for choice in question.choices)
            )
            fields[question.field_name] = RadioField(
                question.prompt, choices=labelled(options), validate_choice=False
            )
    return type(form_class.__name__, (form_class,), fields) if fields else form_class


def answers_from(form: FlaskForm, questions: Iterable[RegistrationQuestion]) -> dict:
    """What the form says to each question, by question id, for the service to check."""
    return {q.id: form[q.field_name].data if q.field_name in form else None for q in questions}


class QuestionForm(FlaskForm):
    prompt = StringField(
        "Question",
        validators=[Length(max=MAX_PROMPT), one_line_field],
        description="For example: Do you have any dietary needs?",
    )
    kind = RadioField(
        "Kind of answer",
        choices=labelled((kind.value, kind.label) for kind in QuestionKind),
        default=QuestionKind.TEXT.value,
        validate_choice=False,
    )
    choices = TextAreaField(
        "Options (for one of several choices)",
        validators=[Length(max=3000), multi_line_field],
        description="One option on each line.",
    )
    required = BooleanField("People must answer this question")


class MoveForm(FlaskForm):
    """The hidden direction behind "Move up" and "Move down"."""

    direction = HiddenField()
