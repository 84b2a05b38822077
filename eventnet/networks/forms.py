"""Network forms: input shape only."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from eventnet.networks.accents import DEFAULT as DEFAULT_ACCENT
from eventnet.networks.accents import PALETTE
from eventnet.networks.models import Role
from eventnet.text import multi_line_field, one_line_field
from eventnet.web_forms import labelled

ROLE_CHOICES = [(r.value, r.value.capitalize()) for r in Role]
# Plain values (label = value): WTForms 3.3 deprecates (value, label) tuples and 3.4 drops
# them, while its SelectChoice does not exist before 3.3.
ROLE_VALUES = [r.value for r in Role]


class NetworkForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[
            DataRequired("Enter the network's name."),
            Length(max=120),
            one_line_field,
        ],
    )
    slug = StringField(
        "Web address",
        validators=[Optional(), Length(max=60), one_line_field],
        description="Lower-case letters, digits and hyphens, as in /n/midlands-heads. "
        "Leave empty to make one from the name.",
    )
    description = TextAreaField(
        "About the network", validators=[Length(max=2000), multi_line_field]
    )
    private = BooleanField("Private: only members see it; people join by invitation or request")


class NetworkSettingsForm(NetworkForm):
    """Settings after creation: the web address is printed and shared, so it stays."""

    slug = None


class AccentForm(FlaskForm):
    # Unknown values reach the service, which refuses them naming the colours there are.
    accent = SelectField(
        "Colour of the network's pages",
        choices=labelled((a.name, a.label) for a in PALETTE.values()),
        default=DEFAULT_ACCENT,
        validate_choice=False,
        description="Buttons, links and highlights on the network's page and its events' "
        "pages. Every colour here stays readable with white text and on the page.",
    )


def strip(value):
    return value.strip() if isinstance(value, str) else value


class InviteForm(FlaskForm):
    email = EmailField(
        "Email address",
        # An address pasted from a spreadsheet or an email often carries spaces.
        filters=[strip],
        validators=[
            DataRequired("Enter an email address."),
            Length(max=254),
            Email("Enter a valid email address."),
        ],
    )
    role = SelectField("Role", choices=ROLE_VALUES, default=Role.MEMBER.value)


class JoinRequestForm(FlaskForm):
    message = TextAreaField(
        "Message to the organisers (optional)",
        validators=[Length(max=500), multi_line_field],
        description="Say who you are, e.g. your school or trust.",
    )


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_VALUES)


class ConfirmForm(FlaskForm):
    """A bare form for POST buttons: it carries the CSRF token."""
