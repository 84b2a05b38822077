"""Badge forms: input shape only."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length

from eventnet.text import one_line_field


class ConfirmForm(FlaskForm):
    """A button that changes something: CSRF only. ``door`` brings the organiser back to
    the door page after a check-in."""

    door = HiddenField()
    confirm = HiddenField()  # "1": check in although it is not the event's day


class ShortCodeForm(FlaskForm):
    code = StringField(
        "Badge code",
        validators=[
            DataRequired("Type the 8 characters under the QR code."),
            Length(max=40),
            one_line_field,
        ],
        description="The 8 letters and digits printed under the QR code, e.g. ABCD-EFGH.",
    )


class KioskCheckInForm(FlaskForm):
    """The kiosk's one-tap buttons: CSRF, the search to return to, and ``confirm`` for a
    check-in outside the event's day."""

    q = HiddenField()
    confirm = HiddenField()
