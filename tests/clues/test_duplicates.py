"""Duplicate candidates: same person (tolerant of width and spacing), same village and problem type."""

import datetime

import pytest
from django.utils import timezone

from clues.selectors import duplicate_candidates

from .factories import person_data, register

pytestmark = pytest.mark.django_db


def numbers(candidates):
    return [c.clue.number for c in candidates]


def test_same_name_and_unit_with_full_width_and_spaces(world):
    earlier = register(world, persons=[person_data(name="王 建国", unit="老王沟村村委会")])
    found = duplicate_candidates(user=world.petition, name="王建国", unit="老王沟村 村委会")
    assert numbers(found) == [earlier.number]
    assert "姓名、单位相同" in found[0].reasons[0]
    found = duplicate_candidates(user=world.petition, name="王\u3000建国", unit="ＡＢ村")
    assert found == []


def test_full_width_latin_name_matches(world):
    earlier = register(world, persons=[person_data(name="ＬＩ　Ｍｉｎｇ", unit="某公司")])
    assert numbers(duplicate_candidates(user=world.petition, name="li ming", unit="某公司")) == [earlier.number]


def test_same_name_in_same_township(world):
    earlier = register(world, persons=[person_data(name="赵六", unit="老王沟村")])
    found = duplicate_candidates(user=world.petition, name="赵 六", unit="庆坪镇农经站", township=world.t2)
    assert numbers(found) == [earlier.number]
    assert duplicate_candidates(user=world.petition, name="赵六", unit="庆坪镇农经站", township=world.t1) == []


def test_same_village_and_problem_type_within_twelve_months(world):
    today = timezone.localdate()
    recent = register(world, received_on=today - datetime.timedelta(days=100), persons=[person_data(name="甲")])
    register(world, received_on=today - datetime.timedelta(days=400), persons=[person_data(name="乙")])
    found = duplicate_candidates(
        user=world.petition, name="丙", village=world.v2, problem_types=["false_claims"], today=today
    )
    assert numbers(found) == [recent.number]
    assert duplicate_candidates(user=world.petition, name="丙", village=world.v2, problem_types=["extortion"]) == []


def test_candidates_are_scoped_and_exclude_self(world):
    clue = register(world)
    assert duplicate_candidates(user=world.outsider, name="王建国", unit="老王沟村村委会") == []
    assert duplicate_candidates(user=world.tw1, name="王建国", unit="老王沟村村委会") == []
    assert duplicate_candidates(user=world.petition, name="王建国", unit="老王沟村村委会", exclude=clue) == []
