"""Registration forms: input shape only."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length

from eventnet.accounts.forms import EMAIL, strip
from eventnet.text import one_line_field


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
