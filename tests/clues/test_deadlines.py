"""Deadlines on the working-day calendar, through the services (DOMAIN.md §2 and the §8 examples)."""

import datetime

import pytest

from clues import services
from clues.choices import ClueStep, DisposalMethod
from clues.models import Clue, ClueSettings

from .factories import assigned, disposing, register

pytestmark = pytest.mark.django_db

D = datetime.date


def test_assign_due_one_working_day_lands_on_make_up_sunday(world):
    clue = register(world, received_on=D(2024, 9, 27))
    assert clue.assign_due == D(2024, 9, 29)  # Sunday 29 Sep 2024 was a make-up workday


def test_local_limit_of_five_working_days_across_national_day(world):
    ClueSettings.objects.create(county=world.county, conclusion_workdays=5)
    clue = register(world, received_on=D(2024, 9, 27))
    assert clue.conclusion_due == D(2024, 10, 10)


def test_default_fifteen_working_days_and_named_reporter_acceptance(world):
    clue = register(world, received_on=D(2024, 9, 27), is_anonymous=False, reporter={"name": "李明"})
    assert clue.conclusion_due == D(2024, 10, 23)
    assert clue.reporter_accept_due == D(2024, 10, 23)


def test_anonymous_clue_has_no_reporter_deadlines(world):
    clue = register(world, received_on=D(2024, 9, 27))
    assert clue.reporter_accept_due is None and clue.reporter_result_due is None


def test_fifteen_working_days_across_spring_festival_2026(world):
    clue = register(world, received_on=D(2026, 2, 13))
    assert clue.conclusion_due == D(2026, 3, 12)


def test_inquiry_reply_across_spring_festival(world):
    clue = disposing(
        world, DisposalMethod.INQUIRY, clue=register(world, received_on=D(2026, 2, 2)), decided_on=D(2026, 2, 10)
    )
    services.clue_record_step(clue=clue, user=world.officer, step=ClueStep.INQUIRY_HELD, on=D(2026, 2, 13))
    assert clue.reply_due == D(2026, 3, 12)


def test_talk_concluded_within_thirty_calendar_days_moves_past_holiday(world):
    clue = register(world, received_on=D(2024, 9, 2))
    disposing(world, DisposalMethod.INQUIRY, clue=clue, decided_on=D(2024, 9, 4), inquiry_form="talk")
    services.clue_record_step(clue=clue, user=world.officer, step=ClueStep.INQUIRY_HELD, on=D(2024, 9, 5))
    assert clue.inquiry_conclusion_due == D(2024, 10, 8)  # day 30 is 5 Oct, inside the holiday


def test_letter_conclusion_counts_from_the_reply(world):
    clue = disposing(
        world, DisposalMethod.INQUIRY, clue=register(world, received_on=D(2024, 9, 2)), decided_on=D(2024, 9, 3)
    )
    services.clue_record_step(clue=clue, user=world.officer, step=ClueStep.INQUIRY_HELD, on=D(2024, 9, 4))
    assert clue.inquiry_conclusion_due is None
    services.clue_record_step(clue=clue, user=world.officer, step=ClueStep.REPLY_RECEIVED, on=D(2024, 9, 5))
    assert clue.inquiry_conclusion_due == D(2024, 10, 8)


def test_verification_thirty_working_days_over_national_day(world):
    clue = disposing(
        world, DisposalMethod.VERIFICATION, clue=register(world, received_on=D(2024, 9, 2)), decided_on=D(2024, 9, 3)
    )
    services.clue_record_step(clue=clue, user=world.officer, step=ClueStep.PLAN_APPROVED, on=D(2024, 9, 27))
    # 30 working days after 27 Sep 2024: 29 Sep and 12 Oct worked, 1–7 Oct off.
    assert clue.verification_due == D(2024, 11, 13)


def test_sign_due_uses_county_setting(world):
    ClueSettings.objects.create(county=world.county, sign_workdays=3)
    clue = assigned(world, register(world, received_on=D(2024, 9, 27)), on=D(2024, 9, 27))
    assert clue.sign_due == D(2024, 10, 8)  # 29 Sep, 30 Sep, then 8 Oct


def test_reporter_result_due_after_conclusion(world):
    clue = register(world, received_on=D(2024, 9, 2), is_anonymous=False, reporter={"name": "李明"})
    disposing(world, DisposalMethod.CLOSE, clue=clue, decided_on=D(2024, 9, 27))
    assert clue.reporter_result_due == D(2024, 10, 23)


def test_recompute_hook_updates_open_clues(world):
    clue = register(world, received_on=D(2024, 9, 27))
    Clue.objects.filter(pk=clue.pk).update(assign_due=D(2024, 1, 1), conclusion_due=D(2024, 10, 1))
    services.recompute_deadlines({2024})
    clue.refresh_from_db()
    assert clue.assign_due == D(2024, 9, 29) and clue.conclusion_due == D(2024, 10, 23)
