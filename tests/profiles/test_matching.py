"""The "people to meet" ranking, on hand-made cases where the right order is obvious."""

from __future__ import annotations

import random

from eventnet.profiles.matching import Person, rank, score


def person(pid, name, interests=(), offers=(), needs=()):
    def keyed(labels):
        return {label.casefold(): label for label in labels}

    return Person(pid, name, keyed(interests), keyed(offers), keyed(needs))


ME = person(
    1, "Me", interests=["wellbeing", "curriculum"], offers=["phonics"], needs=["assessment"]
)


def test_someone_who_helps_with_what_i_look_for_beats_someone_who_shares_an_interest():
    helper = person(2, "Zed Helper", offers=["Assessment"])
    friend = person(3, "Ann Friend", interests=["wellbeing"])
    assert [s.person.id for s in rank(ME, [friend, helper])] == [2, 3]


def test_help_counts_both_ways():
    needs_me = person(2, "Bea", needs=["Phonics"])
    helps_me = person(3, "Cal", offers=["assessment"])
    both = person(4, "Dee", offers=["assessment"], needs=["phonics"])
    order = [s.person.id for s in rank(ME, [needs_me, helps_me, both])]
    assert order[0] == 4
    assert set(order[1:]) == {2, 3}


def test_more_shared_interests_rank_higher():
    one = person(2, "A", interests=["wellbeing"])
    two = person(3, "B", interests=["wellbeing", "curriculum"])
    assert [s.person.id for s in rank(ME, [one, two])] == [3, 2]


def test_people_with_nothing_in_common_and_myself_are_left_out():
    stranger = person(2, "Stranger", interests=["rugby"], offers=["finance"], needs=["estates"])
    myself = person(1, "Me", offers=["assessment"])
    assert rank(ME, [stranger, myself]) == []


def test_ties_go_by_name_then_id_whatever_the_input_order():
    people = [
        person(i, name, interests=["wellbeing"])
        for i, name in [(5, "beth"), (2, "Adam"), (9, "Beth"), (7, "adam")]
    ]
    expected = [2, 7, 5, 9]
    for _ in range(5):
        random.shuffle(people)
        assert [s.person.id for s in rank(ME, people)] == expected


def test_at_most_ten_suggestions_by_default():
    people = [person(i, f"P{i:02}", interests=["wellbeing"]) for i in range(2, 40)]
    assert len(rank(ME, people)) == 10
    assert len(rank(ME, people, limit=3)) == 3


def test_each_suggestion_says_why_in_the_other_persons_words():
    other = person(2, "Helen", interests=["Wellbeing"], offers=["Assessment"], needs=["Phonics"])
    suggestion = score(ME, other)
    assert suggestion.reason == (
        "can help with: Assessment; is looking for: Phonics; you both follow: Wellbeing"
    )
    assert suggestion.score == 3 + 3 + 1


def test_tags_of_other_kinds_do_not_match():
    # My interest in "assessment" is not a need: someone offering it fits less well than a
    # person who offers what I actually look for.
    me = person(1, "Me", interests=["phonics"], needs=["assessment"])
    offers_my_interest = person(2, "A", offers=["phonics"])
    assert rank(me, [offers_my_interest]) == []
