"""The one place an HTML view's work is committed: a form, a button, or a page that writes.

A view hands over its form and the service call; what comes back says whether the work was
kept. A refusal (a ``DomainError``) is rolled back and shown where the view's kind of input
shows it: next to its field for a form, as a flash for a button. ``NotFound`` and
``Forbidden`` are never shown that way: they are rolled back and reach the error handler, so
a missing or foreign item is a 404 (or 403) page on every view, not a flashed redirect.
The JSON API keeps its own one commit per request in ``api/views.py`` (``_done()``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import flash
from flask_wtf import FlaskForm

try:
    from wtforms.fields.choices import SelectChoice
except ImportError:  # WTForms before 3.3, which still takes (value, label) tuples
    SelectChoice = None

from eventnet.errors import DomainError, Forbidden, NotFound, show_on_form
from eventnet.extensions import db

T = TypeVar("T")

EXPIRED = "The form had expired; please try again."


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What came of a submission: true when it was valid and its work is committed."""

    submitted: bool
    result: T | None = None
    refusal: DomainError | None = None

    def __bool__(self) -> bool:
        return self.submitted and self.refusal is None


def run_and_commit(action: Callable[[], T], *, keep_loaded: bool = False) -> T:
    """Run ``action`` as the request's one transaction: commit after it, or roll back and
    re-raise. For work that no form can refuse (a badge issued on first view, a rehash).

    ``keep_loaded``: what the request loaded is not expired by the commit, for a page that
    shows what it has just written (a scan): expired, each object would be read again.
    """
    try:
        result = action()
        _commit(keep_loaded)
    except BaseException:
        db.session.rollback()
        raise
    return result


def _commit(keep_loaded: bool) -> None:
    session = db.session()
    expire, session.expire_on_commit = session.expire_on_commit, not keep_loaded
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire


def _attempt(action: Callable[[], T], refused: Callable[[DomainError], None]) -> Outcome[T]:
    try:
        result = run_and_commit(action)
    except (NotFound, Forbidden):
        raise
    except DomainError as error:
        refused(error)
        return Outcome(submitted=True, refusal=error)
    return Outcome(submitted=True, result=result)


def run_form(
    form: FlaskForm, action: Callable[[], T], *, check: Callable[[], None] | None = None
) -> Outcome[T]:
    """Validate ``form``; if it is valid, run ``action`` and commit, or show its refusals
    next to the fields they name (or at the top of the form).

    ``check``: the service's rules run on what a refused form did parse, changing nothing,
    so one submit shows the form's mistakes and the service's together; a field the form
    has refused already keeps only its own message."""
    if not form.validate_on_submit():
        if check is not None and form.is_submitted() and not _expired(form):
            _show_checked(form, check)
        return Outcome(submitted=False)
    return _attempt(action, lambda error: show_on_form(form, error))


def _expired(form: FlaskForm) -> bool:
    csrf = getattr(form, "csrf_token", None)
    return bool(csrf is not None and csrf.errors)


def _show_checked(form: FlaskForm, check: Callable[[], None]) -> None:
    try:
        check()
    except (NotFound, Forbidden):
        raise
    except DomainError as error:
        show_on_form(form, error, beside_own_errors=False)
    finally:
        # A check only reads, but nothing it might have loaded or autoflushed is kept.
        db.session.rollback()


def labelled(pairs) -> list:
    """(value, label) pairs as WTForms wants them: 3.3 deprecates tuples for SelectChoice."""
    return [SelectChoice(v, label) if SelectChoice else (v, label) for v, label in pairs]


def flash_refusal(error: DomainError) -> None:
    flash(error.message, "error")


def run_button(
    form: FlaskForm,
    action: Callable[[], T],
    *,
    expired: str | None = EXPIRED,
    refused: Callable[[DomainError], None] = flash_refusal,
) -> Outcome[T]:
    """For a bare POST button (a confirm form carrying only its CSRF token): run ``action``
    and commit, or flash its refusal. A form that did not validate flashes ``expired``."""
    if not form.validate_on_submit():
        if expired:
            flash(expired, "error")
        return Outcome(submitted=False)
    return _attempt(action, refused)
