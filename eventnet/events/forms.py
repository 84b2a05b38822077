"""Event forms: input shape only."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from eventnet.events import times
from eventnet.events.models import EventFormat, EventVisibility, RegistrationMode
from eventnet.events.services import MAX_CAPACITY
from eventnet.text import multi_line_field, one_line_field
from eventnet.web_forms import labelled

FORMAT_CHOICES = labelled(
    [
        (EventFormat.IN_PERSON.value, "In person"),
        (EventFormat.VIRTUAL.value, "Online (virtual)"),
        (EventFormat.HYBRID.value, "Hybrid: in person and online"),
    ]
)
VISIBILITY_CHOICES = labelled(
    [
        (EventVisibility.PUBLIC.value, "Public: listed on the network's page and the home page"),
        (EventVisibility.UNLISTED.value, "Unlisted: anyone with the link, not listed"),
        (EventVisibility.MEMBERS.value, "Members only: invisible to everyone else"),
    ]
)
MODE_CHOICES = labelled(
    [
        (RegistrationMode.OPEN.value, "Open: anyone who can see the event"),
        (RegistrationMode.APPROVAL.value, "Approval: organisers approve each person"),
        (RegistrationMode.INVITE.value, "Invitation: only people invited by email"),
    ]
)
DATETIME_MESSAGE = "Enter a date and time, e.g. 2026-03-12 18:30."


class WallClockField(DateTimeLocalField):
    """A date and time as typed, in the event's zone; a clear message when it is not one."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(DATETIME_MESSAGE) from None


def zone_select(first=()) -> list[SelectChoice]:
    """The time zone ``<select>``'s options in their groups (``times.zone_choices``)."""
    return [
        SelectChoice(name, label, optgroup=group)
        for name, label, group in times.zone_choices(first)
    ]


def _when(label: str, required: bool = True, description: str = "") -> DateTimeLocalField:
    validators = [InputRequired(DATETIME_MESSAGE)] if required else [Optional()]
    return WallClockField(
        label,
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        validators=validators,
        description=description,
    )


def _places(label: str) -> IntegerField:
    return IntegerField(
        label,
        validators=[Optional(), NumberRange(0, MAX_CAPACITY, f"Enter 0 to {MAX_CAPACITY}.")],
        description="Leave empty for unlimited places.",
    )


class EventForm(FlaskForm):
    """Fields in the order the page shows them: the error summary lists them so."""

    title = StringField(
        "Title",
        validators=[DataRequired("Enter the event's title."), Length(max=200), one_line_field],
    )
    slug = StringField(
        "Web address",
        validators=[Optional(), Length(max=80), one_line_field],
        description="Lower-case letters, digits and hyphens, as in /e/spring-meet-up. "
        "Leave empty to make one from the title.",
    )
    description = TextAreaField(
        "Description",
        validators=[Length(max=20000), multi_line_field],
        description="Markdown: **bold**, *italic*, [links](https://example.org), lists.",
    )
    hashtag = StringField(
        "Hashtag", validators=[Length(max=60), one_line_field], description="e.g. #MHN2026"
    )
    cover = FileField(
        "Cover image",
        description="Optional. A JPEG or PNG of at most 5 MB and at least 640 × 360 pixels; "
        "we crop it to 16:9 from the middle and remove its hidden data.",
        render_kw={"accept": "image/jpeg,image/png"},
    )
    remove_cover = BooleanField("Remove the cover image")
    timezone = SelectField("Time zone", choices=zone_select(), default=times.DEFAULT_ZONE)
    starts_at = _when("Starts")
    ends_at = _when("Ends")
    format = SelectField("Format", choices=FORMAT_CHOICES, default=EventFormat.IN_PERSON.value)
    venue_name = StringField(
        "Venue", validators=[Length(max=200), one_line_field], description="In person and hybrid."
    )
    venue_address = TextAreaField("Address", validators=[Length(max=500), multi_line_field])
    join_url = StringField(
        "Online join link",
        validators=[Length(max=500), one_line_field],
        description="Online and hybrid. Shown only to confirmed registrants.",
    )
    capacity_in_person = _places("Places in person")
    capacity_online = _places("Places online")
    registration_mode = SelectField("Registration", choices=MODE_CHOICES)
    visibility = SelectField("Who can see it", choices=VISIBILITY_CHOICES)
    registration_opens_at = _when(
        "Registration opens", required=False, description="Leave empty to open on publishing."
    )
    registration_closes_at = _when(
        "Registration closes", required=False, description="Leave empty to close when it ends."
    )


class SessionForm(FlaskForm):
    title = StringField(
        "Session title",
        validators=[DataRequired("Enter the session's title."), Length(max=200), one_line_field],
    )
    starts_at = _when("Starts")
    ends_at = _when("Ends")
    room = StringField("Room", validators=[Length(max=120), one_line_field])
    speaker = StringField("Speaker", validators=[Length(max=200), one_line_field])


class CancelEventForm(FlaskForm):
    message = TextAreaField(
        "Message to attendees",
        validators=[Length(max=2000), multi_line_field],
        description="Sent with the cancellation to everyone registered, waitlisted or pending.",
    )


class ConfirmForm(FlaskForm):
    """A bare form for POST buttons: it carries the CSRF token."""
