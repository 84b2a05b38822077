"""Registration questions: organisers add, edit, reorder and remove them; people answer them
on the event page (every mistake shown at once, what they typed kept); the service enforces
required answers and offered choices; the answers reach the attendee list, the CSV and the
API without a query per person."""

import csv
import io
import re

import pytest
import sqlalchemy as sa

from eventnet.errors import DomainError
from eventnet.extensions import db
from eventnet.registration import services
from eventnet.registration.models import (
    QuestionKind,
    Registration,
    RegistrationAnswer,
    RegistrationQuestion,
)
from eventnet.registration.services import QuestionData
from tests.factories import make_event, make_network, make_user, register
from tests.rows import every_row


@pytest.fixture
def owner(app):
    return make_user("Priya Shah")


@pytest.fixture
def event(owner):
    return make_event(make_network(owner, slug="heads"), slug="the-event", capacity_in_person=5)


def ask(event, prompt, kind=QuestionKind.TEXT, choices=(), required=False):
    question = services.add_question(event, QuestionData(prompt, kind, list(choices), required))
    db.session.commit()
    return question


def _questions(event):
    diet = ask(event, "Dietary needs", required=True)
    session = ask(
        event,
        "Which session interests you most?",
        QuestionKind.CHOICE,
        ["Curriculum", "Wellbeing", "Finance"],
        required=True,
    )
    parking = ask(event, "Do you need parking?", QuestionKind.YES_NO)
    return diet, session, parking


def _page(response) -> str:
    return response.get_data(as_text=True)


def _error(html: str, field_id: str) -> str:
    match = re.search(rf'<span class="field-error" id="{field_id}-error">(.*?)</span>', html)
    return match.group(1) if match else ""


# --- the organiser's page --------------------------------------------------------------------


def test_organisers_add_edit_reorder_and_remove_questions(client, login_as, owner, event):
    login_as(owner)
    dashboard = _page(client.get("/organise/e/the-event"))
    assert 'href="/organise/e/the-event/questions"' in dashboard
    assert "No questions yet" in _page(client.get("/organise/e/the-event/questions"))

    response = client.post(
        "/organise/e/the-event/questions",
        data={"prompt": "Dietary needs", "kind": "text", "required": "y"},
    )
    assert response.status_code == 302
    client.post(
        "/organise/e/the-event/questions",
        data={"prompt": "Which session?", "kind": "choice", "choices": "A\r\nB\r\n\r\nA"},
    )
    first, second = services.questions_of(event)
    assert (first.prompt, first.kind, first.required) == ("Dietary needs", QuestionKind.TEXT, True)
    assert (second.kind, second.choices, second.required) == (
        QuestionKind.CHOICE,
        ["A", "B"],
        False,
    )

    client.post(f"/organise/e/the-event/questions/{second.id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert [q.prompt for q in services.questions_of(event)] == ["Which session?", "Dietary needs"]

    edit = _page(client.get(f"/organise/e/the-event/questions/{second.id}"))
    assert "A\nB</textarea>" in edit
    client.post(
        f"/organise/e/the-event/questions/{second.id}",
        data={"prompt": "Which session first?", "kind": "choice", "choices": "A\nB\nC"},
    )
    db.session.expire_all()
    assert services.get_question(event, second.id).choices == ["A", "B", "C"]

    page = _page(
        client.post(f"/organise/e/the-event/questions/{first.id}/delete", follow_redirects=True)
    )
    assert "Question removed" in page
    assert [q.prompt for q in services.questions_of(event)] == ["Which session first?"]


def test_a_refused_question_shows_every_mistake_at_once_and_keeps_what_was_typed(
    client, login_as, owner, event
):
    login_as(owner)
    before = every_row()
    response = client.post(
        "/organise/e/the-event/questions",
        data={"prompt": "", "kind": "choice", "choices": "Only one option"},
    )
    html = _page(response)
    assert response.status_code == 400
    assert "Enter the question." in html
    assert "Give at least two options, one on each line." in html
    assert "Only one option</textarea>" in html
    assert every_row() == before
    response = client.post(
        "/organise/e/the-event/questions", data={"prompt": "Bad\nprompt", "kind": "colour"}
    )
    assert response.status_code == 400
    assert "Choose the kind of answer." in _page(response)
    assert every_row() == before


def test_the_kind_of_an_answered_question_stays(client, login_as, owner, event):
    diet, session, _ = _questions(event)
    register(event, answers={diet.id: "Vegan", session.id: "Finance"})
    login_as(owner)
    before = every_row()
    response = client.post(
        f"/organise/e/the-event/questions/{diet.id}", data={"prompt": "Diet", "kind": "yes_no"}
    )
    assert response.status_code == 400
    assert "kind of answer stays as it is" in _page(response)
    assert every_row() == before


def test_another_events_question_is_a_404(client, login_as, owner, event):
    other = make_event(make_network(owner), slug="other-event")
    question = ask(other, "Dietary needs")
    login_as(owner)
    assert client.get(f"/organise/e/the-event/questions/{question.id}").status_code == 404
    assert client.post(f"/organise/e/the-event/questions/{question.id}/delete").status_code == 404
    assert client.get("/organise/e/the-event/questions/2147483648").status_code == 404


# --- registering -----------------------------------------------------------------------------


def test_people_answer_the_questions_when_they_register(client, login_as, event):
    diet, session, parking = _questions(event)
    person = make_user("Helen Marsh")
    login_as(person)
    page = _page(client.get("/e/the-event"))
    assert page.index("Dietary needs") < page.index("Which session") < page.index("parking")
    assert '<legend>Which session interests you most? <span class="muted">(required)</span>' in page

    response = client.post(
        "/e/the-event/register",
        data={
            diet.field_name: "Vegetarian",
            session.field_name: "Wellbeing",
            parking.field_name: "yes",
        },
    )
    assert response.status_code == 302
    registration = services.registration_of(event, person)
    sheet = services.answer_sheets([registration])[registration.id]
    assert sheet.labels() == ["Vegetarian", "Wellbeing", "Yes"]


def test_a_registration_missing_answers_shows_every_mistake_and_keeps_what_was_typed(
    client, login_as, event
):
    diet, session, parking = _questions(event)
    login_as(make_user())
    before = every_row()
    response = client.post(
        "/e/the-event/register", data={diet.field_name: "", parking.field_name: "no"}
    )
    html = _page(response)
    assert response.status_code == 400
    assert _error(html, diet.field_name) == "Enter an answer to “Dietary needs”."
    assert _error(html, session.field_name) == (
        "Choose an answer to “Which session interests you most?”."
    )
    assert f'href="#{diet.field_name}"' in html
    assert f'href="#{session.field_name}"' in html
    assert re.search(r'value="no"[^>]*checked|checked[^>]*value="no"', html)
    assert every_row() == before

    # A text too long (the form's refusal) and a missing choice (the service's): both at once.
    response = client.post("/e/the-event/register", data={diet.field_name: "x" * 501})
    html = _page(response)
    assert response.status_code == 400
    assert _error(html, diet.field_name)
    assert _error(html, session.field_name)
    assert "x" * 501 in html
    assert every_row() == before


def test_the_service_refuses_missing_required_answers_and_choices_not_offered(app, event):
    diet, session, parking = _questions(event)
    person = make_user()
    before = every_row()
    with pytest.raises(DomainError) as refused:
        services.register(event, person, answers={session.id: "Astrology", parking.id: "maybe"})
    db.session.rollback()
    assert refused.value.fields == {
        diet.field_name: "Enter an answer to “Dietary needs”.",
        session.field_name: "Choose one of the answers to “Which session interests you most?”.",
        parking.field_name: "Choose one of the answers to “Do you need parking?”.",
    }
    with pytest.raises(DomainError, match="Answer only this event's questions"):
        services.register(
            event, person, answers={diet.id: "None", session.id: "Finance", 2_000_000: "x"}
        )
    db.session.rollback()
    assert every_row() == before


def test_registering_again_replaces_the_answers(app, event):
    diet, session, _ = _questions(event)
    person = make_user()
    registration = register(event, person, answers={diet.id: "Vegan", session.id: "Finance"})
    services.cancel(registration)
    db.session.commit()
    register(event, person, answers={diet.id: "None", session.id: "Curriculum"})
    values = db.session.scalars(
        sa.select(RegistrationAnswer.value).order_by(RegistrationAnswer.question_id)
    ).all()
    assert values == ["None", "Curriculum"]


def test_removing_a_question_keeps_the_event_and_its_registrations_working(
    client, login_as, owner, event
):
    diet, session, _ = _questions(event)
    registration = register(event, answers={diet.id: "Vegan", session.id: "Finance"})
    services.remove_question(session)
    db.session.commit()
    assert db.session.get(Registration, registration.id) is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RegistrationAnswer)) == 1
    login_as(owner)
    assert client.get("/organise/e/the-event").status_code == 200
    assert client.get("/organise/e/the-event/attendees.csv").status_code == 200
    login_as(make_user())
    assert client.post("/e/the-event/register", data={diet.field_name: "None"}).status_code == 302


def test_a_renamed_option_keeps_the_answers_already_given(app, event):
    diet, session, _ = _questions(event)
    registration = register(event, answers={diet.id: "Vegan", session.id: "Finance"})
    services.update_question(
        session, QuestionData(session.prompt, QuestionKind.CHOICE, ["Curriculum", "Money"], True)
    )
    db.session.commit()
    sheet = services.answer_sheets([registration])[registration.id]
    assert sheet.labels()[1] == "Finance"
    # …but nobody can choose it now.
    with pytest.raises(DomainError, match="Choose one of the answers"):
        services.check_answers(event, {diet.id: "None", session.id: "Finance"})


# --- where the answers show ------------------------------------------------------------------


def test_answers_are_in_the_attendee_list_and_the_csv(client, login_as, owner, event):
    diet, session, parking = _questions(event)
    helen = make_user("Helen Marsh")
    register(
        event, helen, answers={diet.id: "=HYPERLINK()", session.id: "Wellbeing", parking.id: "yes"}
    )
    login_as(owner)
    page = _page(client.get("/organise/e/the-event"))
    assert "<dt>Which session interests you most?</dt><dd>Wellbeing</dd>" in page
    assert "<dt>Do you need parking?</dt><dd>Yes</dd>" in page
    response = client.get("/organise/e/the-event/attendees.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][-3:] == [
        "Dietary needs",
        "Which session interests you most?",
        "Do you need parking?",
    ]
    assert rows[1][0] == "Helen Marsh"
    assert rows[1][-3:] == ["'=HYPERLINK()", "Wellbeing", "Yes"]


def test_the_attendee_list_and_csv_run_the_same_queries_for_1_and_20_people(
    client, login_as, owner, count_queries
):
    network = make_network(owner)
    counts = {}
    for people in (1, 20):
        event = make_event(network, capacity_in_person=30)
        questions = [ask(event, f"Question {n}") for n in range(1 if people == 1 else 4)]
        for _ in range(people):
            register(event, answers={q.id: "An answer" for q in questions})
        login_as(owner)
        for url in (f"/organise/e/{event.slug}", f"/organise/e/{event.slug}/attendees.csv"):
            client.get(url)
            with count_queries() as queries:
                assert client.get(url).status_code == 200
            counts.setdefault(url.rsplit("/", 1)[-1].endswith(".csv"), []).append(len(queries))
    assert counts[False][0] == counts[False][1]
    assert counts[True][0] == counts[True][1]


def test_a_duplicated_event_asks_the_same_questions(client, login_as, owner, event):
    _questions(event)
    login_as(owner)
    client.post("/organise/e/the-event/duplicate")
    copy = db.session.scalars(
        sa.select(RegistrationQuestion.event_id).where(RegistrationQuestion.event_id != event.id)
    ).first()
    assert copy is not None
    copied = db.session.scalars(
        sa.select(RegistrationQuestion)
        .where(RegistrationQuestion.event_id == copy)
        .order_by(RegistrationQuestion.position)
    ).all()
    assert [(q.prompt, q.kind, q.required) for q in copied] == [
        (q.prompt, q.kind, q.required) for q in services.questions_of(event)
    ]


def test_a_text_answer_with_a_line_break_is_refused_beside_its_question(client, login_as, event):
    diet = ask(event, "Dietary needs")
    login_as(make_user())
    before = every_row()
    response = client.post("/e/the-event/register", data={diet.field_name: "Vegan\r\nBcc: x"})
    assert response.status_code == 400
    assert "Use one line" in _error(_page(response), diet.field_name)
    assert every_row() == before


def test_the_answers_are_in_the_persons_data_download(app, event):
    diet, session, _ = _questions(event)
    person = make_user()
    register(event, person, answers={diet.id: "Vegan", session.id: "Finance"})
    [exported] = services.account.export_registrations(person)
    assert exported["answers"] == [
        {"question": "Dietary needs", "answer": "Vegan"},
        {"question": "Which session interests you most?", "answer": "Finance"},
    ]
