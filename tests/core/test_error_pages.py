"""Every error page says what happened in plain words and gives one next action; the API's
errors stay JSON. Real routes where one gives the status; a test route for the rest."""

from __future__ import annotations

import html
import re

import pytest
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge, TooManyRequests, abort

from eventnet.errors import Conflict, Forbidden
from tests.factories import make_user


def _text(response) -> str:
    words = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(words))


def _action(response) -> tuple[str, str]:
    found = re.search(r'<a class="btn" href="([^"]*)">([^<]+)</a>', response.get_data(as_text=True))
    assert found, "no next action"
    return found.group(2), found.group(1).replace("&amp;", "&")


RAISED = {
    400: BadRequest,
    403: lambda: Forbidden("Only the network's organisers can do that."),
    409: lambda: Conflict("The event is cancelled: a poster would invite people to nothing."),
    413: RequestEntityTooLarge,
    429: lambda: TooManyRequests("10 per 1 minute"),
    500: lambda: abort(500),
}


@pytest.fixture
def failing(app):
    """/failing/<status>: raises that status's error, to a GET or a form's POST."""

    def fail(status: int):
        error = RAISED[status]()
        if error is not None:
            raise error

    app.add_url_rule("/failing/<int:status>", "failing", fail, methods=["GET", "POST"])
    return app


# status: (title, words the page says, next action after a form's POST)
EXPECTED = {
    400: ("That did not work", "reload the page and try again", "Back to the form"),
    403: ("Not allowed", "Only the network's organisers can do that.", "Go to the home page"),
    409: (
        "That cannot be done now",
        "The event is cancelled: a poster would invite people to nothing.",
        "Back to the form",
    ),
    413: ("That file is too large", "Cover images: at most 5 MB", "Choose a smaller file"),
    429: ("Too many attempts", "wait a minute before trying again", "Back to the form"),
    500: ("Something went wrong", "Nothing you did caused it", "Go to the home page"),
}


@pytest.mark.parametrize("status", EXPECTED)
def test_an_error_after_a_form_says_what_happened_and_leads_back(failing, client, login_as, status):
    login_as(make_user())
    response = client.post(f"/failing/{status}")
    assert response.status_code == status
    title, words, action = EXPECTED[status]
    text = _text(response)
    assert f"<title>{title} ·" in response.get_data(as_text=True)
    assert title in text
    assert words in text
    assert f"Error {status}" in text
    label, href = _action(response)
    assert label == action
    assert href == {"Go to the home page": "/"}.get(action, f"/failing/{status}")
    assert 'class="card error-page"' in response.get_data(as_text=True)


def test_the_too_large_page_names_every_upload_limit(failing, client):
    text = _text(client.post("/failing/413"))
    assert "Cover images: at most 5 MB" in text
    assert "Profile photos: at most 2 MB" in text


def test_a_rate_limit_or_a_bad_request_never_shows_werkzeugs_words(failing, client):
    assert "10 per 1 minute" not in _text(client.get("/failing/429"))
    assert "The browser (or proxy) sent a request" not in _text(client.get("/failing/400"))


def test_a_server_error_on_a_page_offers_to_try_again(failing, client):
    assert _action(client.get("/failing/500?x=1")) == ("Try again", "/failing/500?x=1")


def test_not_found_asks_a_visitor_to_log_in_and_sends_a_member_home(client, login_as):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in _text(response)
    assert _action(response) == ("Log in", "/login?next=/no/such/page")
    login_as(make_user())
    assert _action(client.get("/no/such/page")) == ("Go to the home page", "/")


def test_a_404_with_words_of_its_own_shows_them(client):
    response = client.get("/unsubscribe/not-a-token")
    assert response.status_code == 404
    assert "This unsubscribe link is not valid." in _text(response)


def test_opening_a_buttons_address_is_a_405_that_says_so(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "That address is for a button" in _text(response)
    assert _action(response) == ("Go to the home page", "/")


def test_the_api_still_answers_json(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
