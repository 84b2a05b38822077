"""Meeting forms: input shape only."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from eventnet.events.forms import labelled
from eventnet.meetings.models import LINK_MAX, MESSAGE_MAX
from eventnet.text import multi_line_field, one_line_field

SLOT_CHOICES = labelled((str(n), f"{n} minutes") for n in (10, 15, 20, 25, 30, 45, 60))


class SettingsForm(FlaskForm):
    enabled = BooleanField("Attendees can book 1:1 meetings at this event")
    windows = TextAreaField(
        "Meeting windows",
        description="One a line, in the event's time zone: 12:00-14:00 (on the first day), "
        "or 2026-03-12 12:00-14:00 for another day.",
        validators=[Length(max=2000), multi_line_field],
    )
    slot_minutes = SelectField("Slot length", choices=SLOT_CHOICES, default="15")
    table_count = IntegerField(
        "Number of tables for in-person meetings",
        description='Named "Table 1", "Table 2" … unless you list names below.',
        validators=[Optional(), NumberRange(min=0, max=500, message="Enter 0 to 500.")],
    )
    place_names = TextAreaField(
        "Or name the places, one a line", validators=[Length(max=20000), multi_line_field]
    )
    video_link_pattern = StringField(
        "Video link for online meetings",
        description="{random} gives each meeting its own room; {place} one fixed room per "
        "place, e.g. https://meet.jit.si/eventnet-{random}",
        validators=[Length(max=LINK_MAX), one_line_field],
    )
    cap_per_person = IntegerField(
        "Most meetings per person",
        description="Leave empty for no limit.",
        validators=[Optional(), NumberRange(min=1, max=100, message="Enter 1 to 100.")],
    )


class RequestForm(FlaskForm):
    # Choices are the free slots (UTC ISO start times), set by the view.
    slot = RadioField(
        "Time", choices=[], validate_choice=False, validators=[DataRequired("Choose a time.")]
    )
    message = TextAreaField(
        "Message",
        description="Say why you would like to meet (optional).",
        validators=[Length(max=MESSAGE_MAX), multi_line_field],
    )


class ReplyForm(FlaskForm):
    reply = TextAreaField(
        "Reply (optional)", validators=[Length(max=MESSAGE_MAX), multi_line_field]
    )
