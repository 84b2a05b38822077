"""Account forms: input shape only; the rules live in services.py."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Regexp

from eventnet.accounts.services import MAX_PASSWORD, MIN_PASSWORD
from eventnet.text import one_line_field

EMAIL = [
    DataRequired("Enter your email address."),
    Length(max=254, message="Use at most 254 characters."),
    Email("Enter a valid email address."),
]


def strip(value: str | None) -> str | None:
    # Phones' autocomplete often adds a trailing space to addresses.
    return value.strip() if isinstance(value, str) else value


NEW_PASSWORD_LENGTH = Length(
    min=MIN_PASSWORD,
    max=MAX_PASSWORD,
    message=f"Use at least {MIN_PASSWORD} and at most {MAX_PASSWORD} characters.",
)


class SignupForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[
            DataRequired("Enter your name."),
            Length(max=120, message="Use at most 120 characters."),
            one_line_field,
        ],
    )
    email = EmailField("Email", validators=EMAIL, filters=[strip])
    password = PasswordField(
        "Password",
        validators=[DataRequired("Choose a password."), NEW_PASSWORD_LENGTH],
        description=f"At least {MIN_PASSWORD} characters.",
    )
    next = HiddenField()


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=EMAIL, filters=[strip])
    password = PasswordField(
        "Password", validators=[DataRequired("Enter your password."), Length(max=MAX_PASSWORD)]
    )
    remember = BooleanField("Remember me on this device")
    next = HiddenField()


class ForgotPasswordForm(FlaskForm):
    email = EmailField("Email", validators=EMAIL, filters=[strip])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        validators=[DataRequired("Choose a password."), NEW_PASSWORD_LENGTH],
        description=f"At least {MIN_PASSWORD} characters.",
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[
            DataRequired("Repeat the password."),
            EqualTo("password", "The passwords differ."),
        ],
    )


class NameForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[
            DataRequired("Enter your name."),
            Length(max=120, message="Use at most 120 characters."),
            one_line_field,
        ],
    )


class ChangeEmailForm(FlaskForm):
    email = EmailField("New email", validators=EMAIL, filters=[strip])
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired("Enter your current password."), Length(max=MAX_PASSWORD)],
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired("Enter your current password."), Length(max=MAX_PASSWORD)],
    )
    new_password = PasswordField(
        "New password",
        validators=[DataRequired("Choose a new password."), NEW_PASSWORD_LENGTH],
        description=f"At least {MIN_PASSWORD} characters.",
    )


class DeleteAccountForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired("Enter your current password."), Length(max=MAX_PASSWORD)],
    )
    confirm = BooleanField(
        "I understand that this cannot be undone",
        validators=[DataRequired("Tick the box to confirm.")],
    )


class EmailSignInForm(FlaskForm):
    """ "Email me a sign-in link": the address only."""

    email = EmailField("Email", validators=EMAIL, filters=[strip])
    next = HiddenField()


class SignInCodeForm(FlaskForm):
    code = StringField(
        "6-digit code",
        validators=[
            DataRequired("Enter the 6-digit code from the email."),
            Regexp(r"^\s*(\d\s*){6}$", message="Enter the 6 digits from the email."),
        ],
        # Phones show the number pad.
        render_kw={"inputmode": "numeric"},
    )
