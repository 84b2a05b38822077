"""Forms of the token page: input shape only."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from eventnet.api.services import MAX_NAME
from eventnet.text import one_line_field


class NewTokenForm(FlaskForm):
    name = StringField(
        "Token name",
        validators=[
            DataRequired("Give the token a name, e.g. the app that will use it."),
            Length(max=MAX_NAME, message=f"Use at most {MAX_NAME} characters."),
            one_line_field,
        ],
        description="What will use it, e.g. “CRM sync” or “Door scanner”.",
    )


class RevokeForm(FlaskForm):
    """Only the CSRF token: revoking is one button per token."""
