"""Network forms: input shape only."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from eventnet.networks.models import Role

ROLE_CHOICES = [(r.value, r.value.capitalize()) for r in Role]


class NetworkForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter the network's name."), Length(max=120)])
    slug = StringField(
        "Web address",
        validators=[Optional(), Length(max=60)],
        description="Lower-case letters, digits and hyphens, as in /n/midlands-heads. "
        "Leave empty to make one from the name.",
    )
    description = TextAreaField("About the network", validators=[Length(max=2000)])
    private = BooleanField("Private: only members see it; people join by invitation or request")


class InviteForm(FlaskForm):
    email = EmailField(
        "Email address",
        validators=[
            DataRequired("Enter an email address."),
            Length(max=254),
            Email("Enter a valid email address."),
        ],
    )
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.MEMBER.value)


class JoinRequestForm(FlaskForm):
    message = TextAreaField(
        "Message to the organisers (optional)",
        validators=[Length(max=500)],
        description="Say who you are, e.g. your school or trust.",
    )


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)


class ConfirmForm(FlaskForm):
    """A bare form for POST buttons: it carries the CSRF token."""
