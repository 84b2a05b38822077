"""Connection forms: input shape only."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Length

from eventnet.connections.models import NOTE_MAX
from eventnet.text import multi_line_field


class NoteForm(FlaskForm):
    note = TextAreaField(
        "My private note",
        validators=[Length(max=NOTE_MAX), multi_line_field],
        description="Only you see it, e.g. “met at the coffee queue, wants our phonics plan”.",
    )
    back = HiddenField()  # the badge token when saved from the scan page


class ConfirmForm(FlaskForm):
    pass
