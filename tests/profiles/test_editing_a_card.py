"""Editing your pitch card at /me/profile and seeing it rendered."""

from __future__ import annotations

import re

import sqlalchemy as sa

from eventnet.extensions import db
from eventnet.profiles.models import PITCH_MAX, Profile, ProfileTag, TagKind
from eventnet.profiles.services import profile_of
from tests.factories import make_user


def test_the_card_page_asks_anonymous_visitors_to_log_in(client):
    response = client.get("/me/profile")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_opening_the_page_makes_no_card_until_it_is_saved(client, login_as):
    login_as(make_user())
    assert client.get("/me/profile").status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Profile)) == 0


def test_a_saved_card_is_rendered_in_the_preview(client, login_as, card_form):
    user = login_as(make_user("Priya Shah"))
    response = client.post("/me/profile", data=card_form())
    assert response.status_code == 302
    page = client.get("/me/profile").get_data(as_text=True)
    preview = page.split('id="preview-heading"')[1].split("<form")[0]
    assert "Priya Shah" in preview
    assert "Headteacher, Oakfield Primary" in preview
    assert "Birmingham" in preview
    assert "want to talk about assessment" in preview
    for tag in ("Wellbeing", "curriculum", "Phonics", "Assessment"):
        assert f'<span class="tag">{tag}</span>' in preview
    assert '<a href="https://oakfield.example" rel="noopener nofollow">' in preview
    profile = profile_of(user)
    assert profile.share_on_scan is True
    assert profile.hidden is False


def test_the_pitch_shows_its_limit_without_javascript(client, login_as):
    login_as(make_user())
    page = client.get("/me/profile").get_data(as_text=True)
    assert re.search(r'<textarea[^>]*maxlength="300"', page)
    assert f"At most {PITCH_MAX} characters" in page
    assert 'src="/static/profiles/pitch-counter.js"' in page
    assert "<script>" not in page  # no inline script: the CSP forbids it


def test_tags_are_trimmed_deduplicated_by_letter_case_and_kept_as_typed(client, login_as):
    user = login_as(make_user())
    client.post(
        "/me/profile",
        data={"interests": "  Distributed   Leadership , distributed leadership,#SEND,, "},
    )
    profile = profile_of(user)
    tags = profile.tags_of(TagKind.INTEREST)
    assert [t.label for t in tags] == ["Distributed Leadership", "SEND"]
    assert [t.key for t in tags] == ["distributed leadership", "send"]


def test_retyping_a_tag_in_other_letter_case_changes_how_it_is_shown(client, login_as):
    user = login_as(make_user())
    client.post("/me/profile", data={"offers": "phonics, ofsted"})
    client.post("/me/profile", data={"offers": "Phonics"})
    profile = profile_of(user)
    assert [t.label for t in profile.tags_of(TagKind.OFFER)] == ["Phonics"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProfileTag)) == 1


def test_a_web_address_without_scheme_gets_https(client, login_as):
    user = login_as(make_user())
    client.post("/me/profile", data={"website_url": "www.oakfield.example/about"})
    assert profile_of(user).website_url == "https://www.oakfield.example/about"


def test_ask_me_first_and_hiding_are_saved(client, login_as):
    user = login_as(make_user())
    client.post("/me/profile", data={"ask_first": "y", "hidden": "y"})
    profile = profile_of(user)
    assert profile.share_on_scan is False
    assert profile.hidden is True
    page = client.get("/me/profile").get_data(as_text=True)
    assert "You are hidden" in page


def test_a_pitch_of_exactly_300_characters_with_line_breaks_is_accepted(client, login_as):
    user = login_as(make_user())
    # The browser counts each line break as one character and sends CRLF.
    pitch = ("a" * 99 + "\r\n") * 3
    assert len(pitch.replace("\r\n", "\n")) == 300
    response = client.post("/me/profile", data={"pitch": pitch})
    assert response.status_code == 302
    assert profile_of(user).pitch == pitch.replace("\r\n", "\n").strip()


def test_my_space_links_to_my_pitch_card(client, login_as):
    login_as(make_user())
    assert 'href="/me/profile"' in client.get("/me").get_data(as_text=True)
