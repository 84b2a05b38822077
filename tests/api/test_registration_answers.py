"""Registration questions through the API: answers go in with the registration, are checked
as on the page (every refusal at once, by field), and come back in the registrant's and the
organisers' representations."""

from __future__ import annotations

from eventnet.extensions import db
from eventnet.registration import services
from eventnet.registration.models import QuestionKind
from eventnet.registration.services import QuestionData
from tests.factories import make_event, make_network, make_user, register
from tests.rows import every_row


def _ask(event):
    diet = services.add_question(event, QuestionData("Dietary needs", QuestionKind.TEXT))
    session = services.add_question(
        event, QuestionData("Which session?", QuestionKind.CHOICE, ["Talks", "Workshops"], True)
    )
    db.session.commit()
    return diet, session


def test_answers_go_in_with_the_registration_and_come_back(app, api):
    owner = make_user()
    event = make_event(make_network(owner))
    diet, session = _ask(event)
    response = api(make_user()).post(
        f"/events/{event.slug}/registration",
        json={"answers": {str(diet.id): "Vegan", str(session.id): "Workshops"}},
    )
    assert response.status_code == 201
    assert response.get_json()["answers"] == [
        {"question_id": diet.id, "question": "Dietary needs", "kind": "text", "answer": "Vegan"},
        {
            "question_id": session.id,
            "question": "Which session?",
            "kind": "choice",
            "answer": "Workshops",
        },
    ]
    register(event, answers={session.id: "Talks"})
    listed = api(owner).get(f"/events/{event.slug}/registrations").get_json()["items"]
    assert [[a["answer"] for a in item["answers"]] for item in listed] == [
        ["Vegan", "Workshops"],
        [None, "Talks"],
    ]


def test_missing_and_invalid_answers_are_refused_by_field_and_change_nothing(app, api):
    event = make_event()
    diet, session = _ask(event)
    caller = api(make_user())
    caller.get("/me")  # the token's first use is written; what follows changes nothing
    before = every_row()
    response = caller.post(
        f"/events/{event.slug}/registration", json={"answers": {str(session.id): "Astrology"}}
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"] == {
        session.field_name: "Choose one of the answers to “Which session?”."
    }
    for bad in ({"x": "Talks"}, {str(session.id): 3}, ["Talks"], {str(diet.id): "a\nb"}):
        response = caller.post(f"/events/{event.slug}/registration", json={"answers": bad})
        assert response.status_code == 400
        assert "answers" in response.get_json()["error"]["fields"]
    response = caller.post(f"/events/{event.slug}/registration", json={})
    assert response.status_code == 400
    assert session.field_name in response.get_json()["error"]["fields"]
    assert every_row() == before
