"""Registration forms: input shape only."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, SelectField
from wtforms.validators import DataRequired, Email, Length


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
