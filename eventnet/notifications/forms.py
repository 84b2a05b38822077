"""Forms for email preferences, schedules, organiser messages and feedback: shape only."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from eventnet.events.forms import labelled
from eventnet.mail.preferences import CATEGORIES
from eventnet.notifications.models import Audience, ScheduleKind, Timing
from eventnet.text import multi_line_field, one_line_field


class PreferencesForm(FlaskForm):
    reminders = BooleanField(CATEGORIES["reminders"])
    follow_ups = BooleanField(CATEGORIES["follow_ups"])
    organiser_messages = BooleanField(CATEGORIES["organiser_messages"])
    meetings = BooleanField(CATEGORIES["meetings"])


class ScheduleForm(FlaskForm):
    kind = SelectField(
        "Email",
        choices=labelled(
            [
                (ScheduleKind.REMINDER.value, "Reminder before the start"),
                (ScheduleKind.FOLLOW_UP.value, "Follow-up after the end (replaces the current)"),
            ]
        ),
    )
    days = IntegerField("Days", default=0, validators=[Optional(), NumberRange(0, 30)])
    hours = IntegerField("Hours", default=0, validators=[Optional(), NumberRange(0, 23)])


class MessageForm(FlaskForm):
    subject = StringField("Subject", validators=[InputRequired(), Length(max=200), one_line_field])
    body = TextAreaField(
        "Message",
        validators=[InputRequired(), Length(max=20_000), multi_line_field],
        description="Markdown.",
    )
    audience = SelectField("Send to", choices=labelled((a.value, a.label) for a in Audience))
    timing = SelectField(
        "When",
        choices=labelled(
            [
                (Timing.NOW.value, "Now"),
                (Timing.AT.value, "At a date and time (the event's time zone)"),
                (Timing.BEFORE_START.value, "Hours before the event starts"),
                (Timing.AFTER_END.value, "Hours after the event ends"),
            ]
        ),
    )
    send_at = DateTimeLocalField("Date and time", validators=[Optional()])
    offset_hours = IntegerField("Hours", validators=[Optional(), NumberRange(0, 720)])
    hide_reply_to = BooleanField(
        "Don't show my email address (replies then go to the site's sending address)"
    )


class FeedbackForm(FlaskForm):
    rating = RadioField(
        "How useful was the event for you? (1 = not at all, 5 = very)",
        choices=labelled((str(n), str(n)) for n in range(1, 6)),
        validators=[InputRequired("Choose a rating from 1 to 5.")],
    )
    comment = TextAreaField(
        "Anything to add? (optional)", validators=[Length(max=2000), multi_line_field]
    )
