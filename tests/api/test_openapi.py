"""openapi.json tells the truth: it describes every route and only those, it loads as
OpenAPI 3.1, and real answers fit it (every test in tests/api checks each answer it gets
through the ``api`` fixture; this module checks that the check itself bites)."""

from __future__ import annotations

import copy
import re

import pytest
import schemathesis
from schemathesis.core.failures import FailureGroup
from werkzeug.test import EnvironBuilder, TestResponse
from werkzeug.wrappers import Request

from eventnet.api import openapi
from tests.api.conftest import PREFIX, check_against_spec


def _routes(app) -> set[tuple[str, str]]:
    found = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PREFIX) or rule.endpoint == "api.docs":
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule).removeprefix(PREFIX)
        found |= {(m, path) for m in rule.methods - {"HEAD", "OPTIONS"}}
    return found


def test_every_route_is_described_and_nothing_else(app):
    described = {
        (method.upper(), path) for path, item in openapi.spec()["paths"].items() for method in item
    }
    assert described == _routes(app)


def test_the_description_is_served_and_loads_as_openapi_3_1(app, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    served = response.get_json()
    assert served["openapi"] == "3.1.0"
    assert served == copy.deepcopy(openapi.spec())
    schema = schemathesis.openapi.from_dict(served)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == len(_routes(app))


def test_the_docs_page_lists_every_operation_without_scripts(app, client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    words = re.sub(r"<[^>]+>", "", page)  # the method is a label of its own beside the path
    for method, path in _routes(app):
        assert f"{method} {PREFIX}{path}" in words
    for name in openapi.spec()["components"]["schemas"]:
        assert f'id="schema-{name}"' in page
    assert "<script" not in page


def _response(status: int, body: bytes) -> TestResponse:
    """A response as the test client returns it, with a body of our choosing."""
    request = Request(
        EnvironBuilder(path="/api/v1/me", headers={"Host": "localhost"}).get_environ()
    )
    headers = [("Content-Type", "application/json")]
    return TestResponse([body], f"{status} X", headers, request=request)


def test_the_check_refuses_a_body_that_breaks_the_schema(app):
    check_against_spec(app, "GET", "/api/v1/me", _response(401, ERROR))
    with pytest.raises(FailureGroup):
        check_against_spec(app, "GET", "/api/v1/me", _response(200, b'{"id": "one"}'))


def test_the_check_refuses_an_undocumented_status(app):
    with pytest.raises(AssertionError, match="does not list"):
        check_against_spec(app, "GET", "/api/v1/me", _response(418, ERROR))


ERROR = b'{"error": {"code": "unauthorized", "message": "Send a token.", "fields": {}}}'
