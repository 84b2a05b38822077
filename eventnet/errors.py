"""Domain errors and the one place that turns them (and HTTP errors) into responses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, jsonify, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import HTTPException, InternalServerError


class DomainError(Exception):
    """A rule said no. ``message`` is shown to the user; ``field`` names the form field."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    @property
    def fields(self) -> dict[str, str]:
        """For JSON answers: the message under the field it concerns."""
        return {self.field: self.message} if self.field else {}


class InvalidFields(DomainError):
    """Several fields refused at once (the API's input checks), each with its message."""

    def __init__(self, fields: dict[str, str], message: str = "Some fields are not valid."):
        super().__init__(message)
        self._fields = fields

    @property
    def fields(self) -> dict[str, str]:
        return self._fields


class Refusals:
    """Every refusal of one submission, collected so the person sees them all at once
    (GOV.UK's error summary) rather than one per attempt.

    A service checks each rule inside ``checking(field)`` (or calls ``add``), then
    ``raise_if_any()`` before it changes anything. One refusal is raised as the plain
    ``DomainError`` it was; several as one ``InvalidFields``. A field keeps its first refusal:
    a later rule about the same field usually follows from the first.
    """

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def __bool__(self) -> bool:
        return bool(self.fields)

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, message)

    def refused(self, field: str) -> bool:
        return field in self.fields

    @contextmanager
    def checking(self) -> Iterator[None]:
        """Run a check; a refusal about a field (a 400) is kept and the check skipped, while
        one about no field, a 404, 403 or 409 is not a field's and is raised as it is."""
        try:
            yield
        except DomainError as error:
            if error.status != 400 or not error.fields:
                raise
            for field, message in error.fields.items():
                self.add(field, message)

    def raise_if_any(self) -> None:
        if len(self.fields) == 1:
            ((field, message),) = self.fields.items()
            raise DomainError(message, field)
        if self.fields:
            raise InvalidFields(dict(self.fields))


class NotFound(DomainError):
    status = 404
    code = "not_found"

    def __init__(self, message: str = "Not found.", field: str | None = None):
        super().__init__(message, field)


class Forbidden(DomainError):
    status = 403
    code = "forbidden"

    def __init__(self, message: str = "You are not allowed to do that.", field: str | None = None):
        super().__init__(message, field)


class Conflict(DomainError):
    status = 409
    code = "conflict"


def show_on_form(form, error: DomainError, *, beside_own_errors: bool = True) -> None:
    """Put each of a service's refusals next to the field it concerns, so the error summary
    lists them all; one about no field, or a field the form lacks, goes at the top.

    ``beside_own_errors=False`` leaves out a refusal of a field the form has already
    refused itself (the same mistake, found twice)."""
    refusals = error.fields or {"": error.message}
    for name, message in refusals.items():
        field = form[name] if name and name in form else None
        if field is None:
            form.form_errors.append(message)
        elif beside_own_errors or not field.errors:
            field.errors = [*field.errors, message]


def _wants_json() -> bool:
    return request.path.startswith("/api/") or (request.accept_mimetypes.best == "application/json")


# What an error page says for each status: its title, and the message when the error brought
# none of its own for people to read (werkzeug's defaults are for developers).
PAGES: dict[int, tuple[str, str]] = {
    400: (
        "That did not work",
        "The page could not read what was sent. Go back, reload the page and try again.",
    ),
    403: ("Not allowed", "You are not allowed to see or do that."),
    404: (
        "Page not found",
        "There is nothing here. It may have moved, or you may need to log in as someone "
        "who can see it.",
    ),
    405: (
        "That address is for a button",
        "This address does something when a form's button sends it; it is not a page to open.",
    ),
    409: ("That cannot be done now", "Something changed in the meantime. Reload and try again."),
    413: ("That file is too large", "The file you sent is larger than we accept."),
    429: ("Too many attempts", "Please wait a minute before trying again."),
    500: (
        "Something went wrong",
        "Something went wrong on our side. Nothing you did caused it; please try again in a "
        "moment.",
    ),
}
# Their own words are shown for these; the others always say ours (a rate limit's "10 per
# 1 minute", a CSRF failure's "The CSRF token is missing.").
OWN_WORDS = {403, 404, 409}


def _page_for_get(path: str) -> bool:
    """Whether ``path`` is a page one can open (a form's own address, usually)."""
    adapter = current_app.url_map.bind("", url_scheme=request.scheme)
    try:
        adapter.match(path, "GET")
    except HTTPException:
        return False
    return True


def next_action(status: int) -> tuple[str, str]:
    """The one thing to do next on an error page: a label and where it leads."""
    from_form = request.method != "GET" and _page_for_get(request.path)
    if status == 413 and from_form:
        return "Choose a smaller file", request.path
    if status in (400, 409, 429) and from_form:
        return "Back to the form", request.path
    if status == 500 and request.method == "GET":
        return "Try again", request.full_path.rstrip("?")
    if status in (403, 404) and not current_user.is_authenticated:
        return "Log in", url_for("accounts.login", next=request.path)
    return "Go to the home page", url_for("core.index")


def _html_page(status: int, message: str | None):
    title, default = PAGES.get(status, PAGES[400])
    return render_template(
        "errors/page.html",
        status=status,
        title=title,
        message=message if message and status in OWN_WORDS else default,
        action=next_action(status),
    ), status


def _respond(
    status: int,
    code: str,
    message: str,
    fields: dict[str, str] | None = None,
    *,
    for_people: bool = True,
):
    """``for_people=False``: ``message`` is werkzeug's default, shown in JSON only."""
    if _wants_json():
        return jsonify(
            {"error": {"code": code, "message": message, "fields": fields or {}}}
        ), status
    return _html_page(status, message if for_people else None)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return _respond(error.status, error.code, error.message, error.fields)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = (error.name or "error").lower().replace(" ", "_")
        # abort(404, "This link is not valid.") gives words of its own; a bare abort does not.
        own = error.description != type(error).description
        return _respond(error.code or 500, code, error.description or error.name, for_people=own)

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        # Reached only outside testing: there, exceptions propagate to the test.
        return _respond(500, "server_error", "Something went wrong on our side.")
