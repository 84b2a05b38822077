"""API fixtures: a token for a person, and a client that sends it and checks every answer
against openapi.json (its documented status codes and response schemas)."""

from __future__ import annotations

import copy
import functools
import re

import pytest
import schemathesis

from eventnet.api import openapi
from eventnet.api.services import create_token
from eventnet.extensions import db

PREFIX = "/api/v1"


def openapi_path(app, path: str, method: str) -> str | None:
    """The OpenAPI path template of the route that serves ``path`` (None: no route)."""
    from werkzeug.exceptions import HTTPException

    adapter = app.url_map.bind("localhost")
    try:
        rule, _ = adapter.match(path.split("?")[0], method=method, return_rule=True)
    except HTTPException:
        return None
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule).removeprefix(PREFIX)


@functools.cache
def _loaded_spec():
    return schemathesis.openapi.from_dict(copy.deepcopy(openapi.spec()))


def check_against_spec(app, method: str, path: str, response) -> None:
    """The answer's status is documented for the operation and its body fits the schema."""
    template = openapi_path(app, path, method)
    if template is None:  # the router's own 404/405: still the one error shape
        assert set(response.get_json()["error"]) == {"code", "message", "fields"}
        return
    operation = _loaded_spec()[template][method]
    documented = operation.definition.raw["responses"]
    assert str(response.status_code) in documented, (
        f"{method} {template} answered {response.status_code}, which openapi.json does not list"
    )
    operation.validate_response(response)


@pytest.fixture
def token_for():
    """``token_for(user)`` makes a token and returns its secret."""

    def make(user, name: str = "Tests") -> str:
        _, secret = create_token(user, name)
        db.session.commit()
        return secret

    return make


@pytest.fixture
def api(client, token_for):
    """``api(user).get(path)``: requests to /api/v1 with the user's bearer token."""

    class Caller:
        def __init__(self, secret: str | None):
            self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

        def _open(self, method: str, path: str, **kwargs):
            headers = {**self.headers, **kwargs.pop("headers", {})}
            response = client.open(PREFIX + path, method=method, headers=headers, **kwargs)
            check_against_spec(client.application, method, PREFIX + path, response)
            return response

        def get(self, path, **kw):
            return self._open("GET", path, **kw)

        def post(self, path, **kw):
            return self._open("POST", path, **kw)

        def patch(self, path, **kw):
            return self._open("PATCH", path, **kw)

        def delete(self, path, **kw):
            return self._open("DELETE", path, **kw)

    def make(user=None):
        return Caller(token_for(user) if user is not None else None)

    return make
