"""Account forms: input shape only; the rules live in services.py."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from eventnet.accounts.services import MAX_PASSWORD, MIN_PASSWORD

EMAIL = [DataRequired("Enter your email address."), Length(max=254), Email("Enter a valid email address.")]


class SignupForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter your name."), Length(max=120)])
    email = EmailField("Email", validators=EMAIL)
    password = PasswordField(
        "Password",
        validators=[DataRequired("Choose a password."), Length(min=MIN_PASSWORD, max=MAX_PASSWORD)],
        description=f"At least {MIN_PASSWORD} characters.",
    )
    next = HiddenField()


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=EMAIL)
    password = PasswordField("Password", validators=[DataRequired("Enter your password."), Length(max=MAX_PASSWORD)])
    remember = BooleanField("Remember me on this device")
    next = HiddenField()


class ForgotPasswordForm(FlaskForm):
    email = EmailField("Email", validators=EMAIL)


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        validators=[DataRequired("Choose a password."), Length(min=MIN_PASSWORD, max=MAX_PASSWORD)],
        description=f"At least {MIN_PASSWORD} characters.",
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired("Repeat the password."), EqualTo("password", "The passwords differ.")],
    )


class NameForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter your name."), Length(max=120)])


class ChangeEmailForm(FlaskForm):
    email = EmailField("New email", validators=EMAIL)
    current_password = PasswordField("Current password", validators=[DataRequired("Enter your current password."), Length(max=MAX_PASSWORD)])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired("Enter your current password."), Length(max=MAX_PASSWORD)])
    new_password = PasswordField(
        "New password",
        validators=[DataRequired("Choose a new password."), Length(min=MIN_PASSWORD, max=MAX_PASSWORD)],
        description=f"At least {MIN_PASSWORD} characters.",
    )


class DeleteAccountForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired("Enter your current password."), Length(max=MAX_PASSWORD)])
    confirm = BooleanField("I understand that this cannot be undone", validators=[DataRequired("Tick the box to confirm.")])
