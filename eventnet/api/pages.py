"""The person's API token page (/me/tokens): a web page with cookie login and CSRF, unlike
the API itself, so it lives in its own blueprint."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from eventnet.api import forms, services
from eventnet.web_forms import run_button, run_form

bp = Blueprint("api_tokens", __name__)

ID = "int(max=2147483647)"


def _page(form, secret: str | None = None, status: int = 200):
    response = render_template(
        "api/tokens.html",
        form=form,
        revoke_form=forms.RevokeForm(),
        tokens=services.tokens_of(current_user),
        secret=secret,
    )
    # The new secret is on this page only once: no cache may keep a copy.
    return response, status, {"Cache-Control": "no-store"}


@bp.get("/me/tokens")
@login_required
def tokens():
    return _page(forms.NewTokenForm())


@bp.post("/me/tokens")
@login_required
def create():
    form = forms.NewTokenForm()
    created = run_form(form, lambda: services.create_token(current_user, form.name.data))
    if not created:
        return _page(form, status=400)
    _, secret = created.result
    # Shown here, once; not flashed, since the session cookie is signed but not encrypted.
    return _page(forms.NewTokenForm(formdata=None), secret=secret)


@bp.post(f"/me/tokens/<{ID}:token_id>/revoke")
@login_required
def revoke(token_id: int):
    revoked = run_button(forms.RevokeForm(), lambda: services.revoke_token(current_user, token_id))
    if revoked:
        flash(f"The token “{revoked.result.name}” is revoked: it no longer works.", "success")
    return redirect(url_for("api_tokens.tokens"))
