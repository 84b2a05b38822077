"""Request input for the API: the JSON body and query parameters, checked for shape only.

Each field is declared once (``Field``); the same declarations check requests and write the
request schemas of the OpenAPI description, so the two cannot drift apart. Rules (a title is
required, an event ends after it starts, …) stay in the domain services.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import request
from werkzeug.exceptions import UnsupportedMediaType

from eventnet.errors import DomainError, InvalidFields
from eventnet.text import multi_line_problem, one_line_problem

# Dates the database and time zone arithmetic handle everywhere, with room for offsets.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2999


class InvalidJSON(DomainError):
    code = "invalid_json"


@dataclass(frozen=True)
class Field:
    kind: str  # "string", "integer", "boolean", "datetime", "enum", "tags" or "answers"
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()
    nullable: bool = False
    description: str = ""
    # Strings (and tags) are one line unless declared multi-line, like the forms' fields.
    multiline: bool = False

    def schema(self) -> dict[str, Any]:
        """This field as a JSON Schema (OpenAPI 3.1)."""
        if self.kind == "string":
            schema: dict[str, Any] = {"type": "string"}
            if self.max_length is not None:
                schema["maxLength"] = self.max_length
        elif self.kind == "integer":
            schema = {"type": "integer"}
            if self.minimum is not None:
                schema["minimum"] = self.minimum
            if self.maximum is not None:
                schema["maximum"] = self.maximum
        elif self.kind == "boolean":
            schema = {"type": "boolean"}
        elif self.kind == "datetime":
            schema = {"type": "string", "format": "date-time"}
        elif self.kind == "tags":
            item = {"type": "string", "maxLength": self.max_length}
            schema = {"type": "array", "items": item, "maxItems": self.maximum}
        elif self.kind == "answers":
            schema = {
                "type": "object",
                "propertyNames": {"pattern": "^[0-9]{1,10}$"},
                "additionalProperties": {"type": ["string", "null"], "maxLength": self.max_length},
                "maxProperties": self.maximum,
            }
        else:
            schema = {"type": "string", "enum": list(self.choices)}
        if self.nullable:
            schema["type"] = [schema["type"], "null"]
            if "enum" in schema:
                schema["enum"] = [*schema["enum"], None]
        if self.description:
            schema["description"] = self.description
        return schema

    def parse(self, value: Any) -> Any:
        """The value in Python terms; ValueError with a message when it has the wrong shape."""
        if value is None:
            if self.nullable:
                return None
            raise ValueError("This field cannot be null.")
        if self.kind == "integer":
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError("Enter a whole number.")
            if (self.minimum is not None and value < self.minimum) or (
                self.maximum is not None and value > self.maximum
            ):
                raise ValueError(f"Enter a number from {self.minimum} to {self.maximum}.")
            return value
        if self.kind == "boolean":
            if not isinstance(value, bool):
                raise ValueError("Enter true or false.")
            return value
        if self.kind == "tags":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError("Enter a list of strings.")
            if len(value) > self.maximum or any(len(v) > self.max_length for v in value):
                raise ValueError(
                    f"Enter at most {self.maximum} tags of at most {self.max_length} characters."
                )
            for tag in value:
                if problem := one_line_problem(tag):
                    raise ValueError(problem)
            return value
        if self.kind == "answers":
            return _answers(value, self.maximum, self.max_length)
        if not isinstance(value, str):
            raise ValueError("Enter a string.")
        if self.kind == "datetime":
            return parse_datetime(value)
        if self.kind == "enum":
            if value not in self.choices:
                raise ValueError("Choose one of: " + ", ".join(self.choices) + ".")
            return value
        if self.max_length is not None and len(value) > self.max_length:
            raise ValueError(f"Use at most {self.max_length} characters.")
        problem = multi_line_problem(value) if self.multiline else one_line_problem(value)
        if problem:
            raise ValueError(problem)
        return value


def _answers(value: Any, most: int, longest: int) -> dict[int, str | None]:
    """Answers by question id: ``{"12": "Vegetarian"}``, a string (or null) for each."""
    message = "Give an object of answers: each question's id, then a string or null."
    if not isinstance(value, dict) or len(value) > most:
        raise ValueError(message)
    answers: dict[int, str | None] = {}
    for key, answer in value.items():
        if not (isinstance(key, str) and key.isascii() and key.isdigit() and len(key) <= 10):
            raise ValueError(message)
        if answer is not None and not isinstance(answer, str):
            raise ValueError(message)
        if answer is not None and len(answer) > longest:
            raise ValueError(f"Keep each answer to at most {longest} characters.")
        if problem := one_line_problem(answer):
            raise ValueError(problem)
        answers[int(key)] = answer
    return answers


def parse_datetime(text: str) -> datetime:
    """ISO 8601: with an offset it is that moment; without one, wall-clock time in the
    event's zone (as the organiser's form takes it)."""
    message = "Enter a date and time in ISO 8601, e.g. 2026-03-12T18:30:00+00:00."
    if "T" not in text[:11] or len(text) > 40:
        raise ValueError(message)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(message) from None
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise ValueError(f"Enter a date between {EARLIEST_YEAR} and {LATEST_YEAR}.")
    return moment


@dataclass(frozen=True)
class Body:
    """The fields a request body may carry; ``required`` ones must be present."""

    fields: dict[str, Field]
    required: tuple[str, ...] = ()

    def schema(self, *, partial: bool = False) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {name: field.schema() for name, field in self.fields.items()},
            "additionalProperties": False,
        }
        if self.required and not partial:
            schema["required"] = list(self.required)
        return schema

    def parse(self, data: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
        """Checked values of the fields present; unknown fields are refused, so a misspelt
        name is an error rather than silently ignored."""
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        for name in data:
            if name not in self.fields:
                errors[name] = "Unknown field."
        for name, field in self.fields.items():
            if name not in data:
                if name in self.required and not partial:
                    errors[name] = "This field is required."
                continue
            try:
                values[name] = field.parse(data[name])
            except ValueError as error:
                errors[name] = str(error)
        if errors:
            raise InvalidFields(errors)
        return values


def json_body() -> dict[str, Any]:
    """The request's JSON object; an empty body is an empty object."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    if not request.is_json:
        raise UnsupportedMediaType("Send the body as JSON (Content-Type: application/json).")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise InvalidJSON("The body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise InvalidJSON("The body must be a JSON object.")
    return data


def query_int(name: str, default: int, minimum: int, maximum: int) -> int:
    text = request.args.get(name)
    if text is None:
        return default
    valid = len(text) <= 9 and text.isascii() and text.isdigit()
    if not valid or not minimum <= int(text) <= maximum:
        raise InvalidFields({name: f"Enter a whole number from {minimum} to {maximum}."})
    return int(text)


def query_choice(name: str, choices: tuple[str, ...]) -> str | None:
    text = request.args.get(name)
    if text is None or text == "":
        return None
    if text not in choices:
        raise InvalidFields({name: "Choose one of: " + ", ".join(choices) + "."})
    return text
