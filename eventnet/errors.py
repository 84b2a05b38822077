"""Domain errors and the one place that turns them (and HTTP errors) into responses."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
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


def show_on_form(form, error: DomainError) -> None:
    """Put a service's refusal next to the field it concerns (or at the top of the form)."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or (request.accept_mimetypes.best == "application/json")


def _respond(status: int, code: str, message: str, fields: dict[str, str] | None = None):
    if _wants_json():
        return jsonify(
            {"error": {"code": code, "message": message, "fields": fields or {}}}
        ), status
    template = f"errors/{status}.html" if status in (403, 404, 429, 500) else "errors/generic.html"
    return render_template(template, status=status, message=message), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return _respond(error.status, error.code, error.message, error.fields)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = (error.name or "error").lower().replace(" ", "_")
        return _respond(error.code or 500, code, error.description or error.name)

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        # Reached only outside testing: there, exceptions propagate to the test.
        return _respond(500, "server_error", "Something went wrong on our side.")
