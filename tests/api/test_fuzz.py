"""Fuzzing the live API with schemathesis: no input gives a 500, every answer fits openapi.json.

Runs in ``make test`` and CI (bounded: 25 examples per operation and mode, a fixed seed,
no deadline), against a seeded database where the caller organises a published event with
registrations, so the organiser operations reach their services rather than a 404.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from eventnet.registration.models import RegistrationStatus
from tests.factories import add_member, make_event, make_network, make_user, register

pytestmark = pytest.mark.fuzz

MAX_EXAMPLES = 25  # per operation and mode (valid input, then invalid input)
RANDOM_SLUG_EXAMPLES = 5
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def app_config(app_config):
    # Fuzzing sends hundreds of requests a minute with one token.
    return {**app_config, "EVENTNET_API_LIMITS": "100000 per minute"}


def _fresh_context(app, sent: list):
    """Each request in its own app context (and database session), as in production."""

    def wsgi(environ, start_response):
        sent.append(environ["PATH_INFO"])
        with app.app_context():
            return list(app.wsgi_app(environ, start_response))

    return wsgi


@pytest.fixture
def seeded(app, token_for):
    network = make_network()
    organiser = network.memberships[0].user
    event = make_event(network, capacity_in_person=2, registration_mode="approval")
    open_event = make_event(network, capacity_in_person=1)
    for _ in range(3):
        register(open_event)
    register(event)  # pending
    attendee = make_user()
    add_member(network, attendee)
    return {
        "token": token_for(organiser),
        "slugs": [event.slug, open_event.slug],
        "statuses": [s.value for s in RegistrationStatus],
    }


def _run(operation, mode, headers: dict, path_parameters: dict | None, examples: int):
    strategy = operation.as_strategy(
        generation_mode=mode, headers=headers, path_parameters=path_parameters
    )

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,  # a fixed seed: the same examples on every run
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case):
        case.call_and_validate(checks=CHECKS)

    try:
        check()
    except Unsatisfiable:
        # Negative mode on an operation with nothing to make invalid (no parameters, no body).
        assert mode is GenerationMode.NEGATIVE


def test_fuzzing_finds_no_server_errors_and_answers_fit_the_schema(app, seeded):
    sent = []
    wsgi = _fresh_context(app, sent)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi)
    headers = {"Authorization": f"Bearer {seeded['token']}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        fixed = None
        if "{slug}" in operation.path:
            # The seeded events, so requests reach the services rather than a 404.
            fixed = {"slug": seeded["slugs"][0 if "registrations/" in operation.path else 1]}
            # And a few made-up addresses, which must be 404s.
            _run(operation, GenerationMode.POSITIVE, headers, None, RANDOM_SLUG_EXAMPLES)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _run(operation, mode, headers, fixed, MAX_EXAMPLES)
    print(f"fuzzing: {len(sent)} requests over {len(operations)} operations")
    assert len(sent) > 10 * len(operations)
