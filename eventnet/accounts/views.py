"""Sign-up, login (by password, or by an emailed link or code), password reset and the
account settings under /me."""

from __future__ import annotations

import hashlib
import json

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_limiter import RequestLimit
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from eventnet.accounts import forms, services, sign_in
from eventnet.accounts.login import (
    await_code,
    awaiting,
    awaiting_expired,
    limit_sign_in_emails,
    recently_confirmed,
    sign_in_confirmed,
)
from eventnet.accounts.signals import account_deletion_described
from eventnet.errors import DomainError
from eventnet.extensions import limiter
from eventnet.networks.services import memberships_of, organises_any
from eventnet.signals import answers
from eventnet.urls import is_safe_next
from eventnet.web_forms import run_and_commit, run_form

bp = Blueprint("accounts", __name__)


def _login_limits() -> str:
    return current_app.config["EVENTNET_LOGIN_LIMITS"]


def _login_account_limits() -> str:
    return current_app.config["EVENTNET_LOGIN_ACCOUNT_LIMITS"]


def _account() -> str:
    """The typed account, hashed: limit keys (in Redis too) hold no email address."""
    email = services.normalise_email(request.form.get("email", ""))[:254]
    return hashlib.sha256(email.encode()).hexdigest()[:32]


def _login_account_address_key() -> str:
    return f"login-account-address:{_account()}:{get_remote_address()}"


def _login_account_key() -> str:
    return f"login-account:{_account()}"


def _failed(response: Response) -> bool:
    # Only failed attempts count towards the limits; a successful login redirects.
    return response.status_code != 302


def _log_account_breach(limit: RequestLimit) -> None:
    # Many addresses failing for one account: someone is guessing its password at scale,
    # and until the window passes its owner cannot log in either. Operators should know.
    current_app.logger.warning(
        "Login limit per account reached (%s) for account %s; latest from %s",
        limit.limit,
        _account()[:12],
        get_remote_address(),
    )


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.me"))
    form = forms.SignupForm(next=request.args.get("next", ""))
    created = run_form(
        form, lambda: services.create_user(form.email.data, form.name.data, form.password.data)
    )
    if created:
        user = created.result
        login_user(user)
        flash(f"Welcome to eventnet, {user.name}.", "success")
        target = form.next.data
        return redirect(target if is_safe_next(target) else url_for("accounts.me"))
    return render_template("accounts/signup.html", form=form), 400 if form.errors else 200


def _landing(user) -> str:
    """Where logging in leads without a ``next``: organisers to their home, others to theirs."""
    return url_for("organise.home" if organises_any(user) else "accounts.me")


@bp.route("/login", methods=["GET", "POST"])
# Failed attempts are counted per address and per (account, address), so whoever types an
# account's email wrongly from elsewhere cannot lock its owner out; the much higher limit
# per account alone stops guessing spread over many addresses, and is logged when it trips.
@limiter.limit(_login_limits, methods=["POST"], deduct_when=_failed)
@limiter.limit(
    _login_limits, key_func=_login_account_address_key, methods=["POST"], deduct_when=_failed
)
@limiter.limit(
    _login_account_limits,
    key_func=_login_account_key,
    methods=["POST"],
    deduct_when=_failed,
    on_breach=_log_account_breach,
)
def login():
    form = forms.LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        # Committed: a rehashed password, if argon2's parameters changed.
        user = run_and_commit(lambda: services.authenticate(form.email.data, form.password.data))
        if user is None:
            form.form_errors.append("That email and password do not match an account.")
        else:
            login_user(user, remember=form.remember.data)
            target = form.next.data
            return redirect(target if is_safe_next(target) else _landing(user))
    status = 401 if form.form_errors else 400 if form.errors else 200
    return render_template("accounts/login.html", form=form), status


def _safe(target: str | None) -> str:
    return target if target and is_safe_next(target) else ""


@bp.route("/login/email", methods=["GET", "POST"])
@limit_sign_in_emails
def email_sign_in():
    """ "Email me a sign-in link": the same answer whether the address has an account."""
    form = forms.EmailSignInForm(next=_safe(request.args.get("next")))
    next_path = _safe(form.next.data)
    if run_form(form, lambda: sign_in.request_sign_in(form.email.data, next_path)):
        await_code(form.email.data, next_path)
        return redirect(url_for("accounts.sign_in_code"))
    return render_template("accounts/email_sign_in.html", form=form), 400 if form.errors else 200


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["EVENTNET_SIGN_IN_CODE_LIMITS"],
    methods=["POST"],
    deduct_when=_failed,
)
def sign_in_code():
    """ "Check your email": the page the asking browser lands on, to type the code."""
    waiting = awaiting()
    form = forms.SignInCodeForm()
    if waiting is None:
        return render_template("accounts/sign_in_code.html", form=None, email=None), 200
    status = 200
    if form.validate_on_submit():
        if awaiting_expired(waiting):
            form.form_errors.append(sign_in.EXPIRED_CODE)
        else:
            # Committed either way: a wrong code counts towards the lock.
            user, outcome = run_and_commit(
                lambda: sign_in.sign_in_by_code(waiting["email"], form.code.data)
            )
            if user is not None:
                return _signed_in(user, outcome or waiting.get("next", ""))
            form.form_errors.append(outcome)
        status = 401
    elif form.errors:
        status = 400
    return render_template("accounts/sign_in_code.html", form=form, email=waiting["email"]), status


@bp.get("/login/link/<token>")
def sign_in_link(token: str):
    """The emailed link: works in any browser (phones open mail in their own), once."""
    try:
        user, next_path = run_and_commit(lambda: sign_in.sign_in_by_link(token))
    except DomainError as error:
        return render_template("accounts/sign_in_invalid.html", message=error.message), 400
    return _signed_in(user, next_path)


def _signed_in(user, next_path: str):
    sign_in_confirmed(user)
    flash(f"You are signed in as {user.email}.", "success")
    return redirect(_safe(next_path) or _landing(user))


@bp.post("/logout")
def logout():
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("core.index"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def forgot_password():
    form = forms.ForgotPasswordForm()
    if form.validate_on_submit():
        run_and_commit(lambda: services.request_password_reset(form.email.data))
        flash(
            "If that address has an account, we have emailed it a link to choose a new password.",
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        services.user_for_reset_token(token)
    except DomainError as error:
        return render_template("accounts/reset_invalid.html", message=error.message), 400
    form = forms.ResetPasswordForm()
    reset = run_form(form, lambda: services.reset_password(token, form.password.data))
    if reset:
        login_user(reset.result)
        flash("Your password has been changed.", "success")
        return redirect(url_for("accounts.me"))
    return render_template("accounts/reset_password.html", form=form), 400 if form.errors else 200


@bp.get("/me")
@login_required
def me():

    return render_template("accounts/me.html", memberships=memberships_of(current_user))


@bp.route("/me/settings", methods=["GET", "POST"])
@login_required
def settings():
    name_form = forms.NameForm(prefix="name", name=current_user.name)
    email_form = forms.ChangeEmailForm(prefix="email")
    password_form = forms.ChangePasswordForm(prefix="password")
    confirmed = recently_confirmed()
    if not current_user.has_password:
        # Nothing to type: the first password needs none, and an address change needs a
        # fresh emailed sign-in instead (services._check_it_is_them).
        del email_form.current_password
        del password_form.current_password
    actions = {
        "name": (name_form, lambda f: services.change_name(current_user, f.name.data)),
        "email": (
            email_form,
            lambda f: services.change_email(
                current_user, _typed_password(f), f.email.data, recently_confirmed=confirmed
            ),
        ),
        "password": (
            password_form,
            lambda f: services.change_password(
                current_user, _typed_password(f), f.new_password.data
            ),
        ),
    }
    status = 200
    submitted = request.form.get("action") if request.method == "POST" else None
    if submitted in actions:
        form, apply = actions[submitted]
        if run_form(form, lambda: apply(form)):
            if submitted == "password":
                # The new login token signs out other devices; keep this one signed in.
                login_user(current_user._get_current_object())
            flash("Saved.", "success")
            return redirect(url_for("accounts.settings"))
        status = 400
    return (
        render_template(
            "accounts/settings.html",
            name_form=name_form,
            email_form=email_form,
            password_form=password_form,
            reconfirm_form=forms.EmailSignInForm(
                email=current_user.email, next=url_for("accounts.settings")
            ),
            recently_confirmed=confirmed,
        ),
        status,
    )


def _typed_password(form) -> str:
    field = getattr(form, "current_password", None)
    return field.data if field is not None else ""


@bp.get("/me/export.json")
@login_required
def export():
    data = services.export_user_data(current_user)
    return Response(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="eventnet-my-data.json"'},
    )


@bp.route("/me/delete", methods=["GET", "POST"])
@login_required
def delete():
    form = forms.DeleteAccountForm()
    user = current_user._get_current_object()
    if not user.has_password:
        del form.current_password
    confirmed = recently_confirmed()
    if run_form(
        form,
        lambda: services.delete_account(user, _typed_password(form), recently_confirmed=confirmed),
    ):
        logout_user()
        flash("Your account and its data have been deleted.", "info")
        return redirect(url_for("core.index"))
    return render_template(
        "accounts/delete.html",
        form=form,
        notes=answers(account_deletion_described.send(user)),
        reconfirm_form=forms.EmailSignInForm(email=user.email, next=url_for("accounts.delete")),
        recently_confirmed=confirmed,
    ), 400 if form.errors else 200
