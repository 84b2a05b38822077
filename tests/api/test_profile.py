"""My pitch card through the API: read it, change only the fields sent, under the profile
service's rules (a 300-character pitch, real web addresses …)."""

from __future__ import annotations

from tests.factories import make_user


def test_an_empty_card_then_a_partial_change(app, api):
    caller = api(make_user())
    empty = caller.get("/me/profile").get_json()
    assert empty["headline"] == ""
    assert empty["share_on_scan"] is True
    assert empty["updated_at"] is None

    changed = caller.patch(
        "/me/profile",
        json={"headline": "Headteacher", "interests": ["Phonics", "Early reading"]},
    )
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["interests"] == ["Phonics", "Early reading"]
    again = caller.patch("/me/profile", json={"organisation": "Oakfield Primary"}).get_json()
    assert again["headline"] == "Headteacher"
    assert again["interests"] == ["Phonics", "Early reading"]
    assert again["organisation"] == "Oakfield Primary"


def test_the_cards_rules_answer_with_the_field(app, api):
    caller = api(make_user())
    too_long = caller.patch("/me/profile", json={"pitch": "x" * 301})
    assert too_long.status_code == 400
    assert "pitch" in too_long.get_json()["error"]["fields"]
    bad_link = caller.patch("/me/profile", json={"website_url": "javascript:alert(1)"})
    assert "website_url" in bad_link.get_json()["error"]["fields"]
    wrong_shape = caller.patch("/me/profile", json={"interests": "Phonics", "hidden": "yes"})
    assert set(wrong_shape.get_json()["error"]["fields"]) == {"interests", "hidden"}
    assert caller.get("/me/profile").get_json()["pitch"] == ""
