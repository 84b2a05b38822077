"""Pitch card and directory forms: input shape only. The checks are the services' own pure
functions, so the form shows every problem at once and the service agrees with it."""

from __future__ import annotations

from collections.abc import Callable

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import ValidationError

from eventnet.errors import DomainError
from eventnet.profiles import services
from eventnet.profiles.models import PITCH_MAX, TAG_MAX, TAGS_PER_KIND, TEXT_MAX, URL_MAX


def checked_by(check: Callable[[str], object]):
    def validate(form, field) -> None:
        try:
            check(field.data)
        except DomainError as error:
            raise ValidationError(error.message) from None

    return validate


def _text(label: str, name: str, description: str = "") -> StringField:
    return StringField(
        label,
        description=description,
        validators=[checked_by(lambda v: services.clean_text(v, name))],
        render_kw={"maxlength": TEXT_MAX},
    )


def _tags(label: str, name: str, example: str) -> StringField:
    return StringField(
        label,
        description=f"Up to {TAGS_PER_KIND} tags of at most {TAG_MAX} characters, separated by "
        f"commas, e.g. {example}.",
        validators=[checked_by(lambda v: services.clean_tags(v, name))],
    )


def _url(label: str, name: str, example: str) -> StringField:
    return StringField(
        label,
        description=f"Optional. A web address, e.g. {example}.",
        validators=[checked_by(lambda v: services.clean_url(v, name))],
        render_kw={"maxlength": URL_MAX, "inputmode": "url"},
    )


class ProfileForm(FlaskForm):
    family_name = _text(
        "Family name (optional)",
        "family_name",
        "The part of your name that address books should file you under, e.g. Ní Bhriain "
        "for Zoë Ní Bhriain. Empty: your whole name is used as it is.",
    )
    headline = _text("Headline (your role)", "headline", "e.g. Headteacher, Deputy Head, SENCO.")
    organisation = _text("Organisation", "organisation", "Your school, trust or company.")
    location = _text("Location", "location", "e.g. Birmingham.")
    pitch = TextAreaField(
        "Your pitch",
        description=f"At most {PITCH_MAX} characters: who you are and who you would like to "
        "meet, as you would say it in 30 seconds.",
        validators=[checked_by(services.clean_pitch)],
        render_kw={"maxlength": PITCH_MAX, "rows": 4, "data-counter": "pitch-counter"},
    )
    interests = _tags("Interests", "interests", "curriculum, wellbeing")
    offers = _tags("Can help with", "offers", "assessment, Ofsted preparation")
    needs = _tags("Looking for", "needs", "recruitment, a mentor")
    website_url = _url("Website", "website_url", "https://oakfield.example")
    linkedin_url = _url("LinkedIn", "linkedin_url", "https://www.linkedin.com/in/your-name")
    social_url = _url("X or Mastodon", "social_url", "https://mastodon.social/@you")
    contact_email = StringField(
        "Contact email",
        description="Shared only with people you exchange contacts with.",
        validators=[checked_by(services.clean_email)],
        render_kw={"maxlength": 254, "inputmode": "email", "type": "email"},
    )
    contact_phone = StringField(
        "Contact phone",
        description="Shared only with people you exchange contacts with.",
        validators=[checked_by(services.clean_phone)],
        render_kw={"maxlength": 40, "type": "tel"},
    )
    ask_first = BooleanField(
        "Ask me before sharing my contact details when someone scans my badge",
        description="Unticked, a scan shares them at once, like handing over a business card.",
    )
    hidden = BooleanField("Hide me from attendee lists and member directories")
    photo = FileField(
        "Photo",
        description="Optional. A JPEG or PNG of at most 2 MB; we resize it and remove its "
        "hidden data (such as where it was taken).",
        render_kw={"accept": "image/jpeg,image/png"},
    )
    remove_photo = BooleanField("Remove my photo")

    def data_for_service(self) -> services.ProfileData:
        return services.ProfileData(
            family_name=self.family_name.data or "",
            headline=self.headline.data or "",
            organisation=self.organisation.data or "",
            location=self.location.data or "",
            pitch=self.pitch.data or "",
            interests=self.interests.data or "",
            offers=self.offers.data or "",
            needs=self.needs.data or "",
            website_url=self.website_url.data or "",
            linkedin_url=self.linkedin_url.data or "",
            social_url=self.social_url.data or "",
            contact_email=self.contact_email.data or "",
            contact_phone=self.contact_phone.data or "",
            share_on_scan=not self.ask_first.data,
            hidden=bool(self.hidden.data),
        )
