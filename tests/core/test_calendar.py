"""The working-day calendar: DOMAIN §8's worked examples, the fallback for unpublished years, entering a year."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from core import calendar
from core.forms import CalendarYearForm, day_lines
from core.models import CalendarDay, CalendarYear
from core.services import calendar_year_enter

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("event", "function", "n", "deadline"),
    [
        (D(2024, 9, 27), calendar.add_workdays, 1, D(2024, 9, 29)),  # Sunday 29 Sep was a make-up workday
        (D(2024, 9, 27), calendar.add_workdays, 5, D(2024, 10, 10)),  # National Day off, 12 Oct worked
        (D(2024, 9, 27), calendar.add_workdays, 15, D(2024, 10, 23)),
        (D(2026, 2, 13), calendar.add_workdays, 15, D(2026, 3, 12)),  # Spring Festival 2026
        (D(2024, 9, 5), calendar.add_days, 30, D(2024, 10, 8)),  # day 30 is 5 Oct, inside the holiday
        (D(2024, 8, 31), calendar.add_months, 6, D(2025, 2, 28)),  # no 31 Feb
        (D(2024, 2, 29), calendar.add_months, 12, D(2025, 2, 28)),  # no 29 Feb 2025
        (D(2024, 1, 31), calendar.add_months, 1, D(2024, 2, 29)),  # leap year
        (D(2025, 11, 30), calendar.add_months, 18, D(2027, 5, 30)),
    ],
)
def test_domain_examples(event, function, n, deadline):
    assert function(event, n) == deadline


def test_official_calendar_is_loaded_by_the_migration():
    assert CalendarYear.objects.filter(year__range=(2004, 2026)).count() == 23
    assert CalendarDay.objects.get(date=D(2026, 2, 14)).is_workday  # 春节调休 (Saturday)
    assert not calendar.is_workday(D(2026, 2, 17))
    assert calendar.holiday_name(D(2026, 2, 17)) == "春节"
    assert calendar.holiday_name(D(2026, 2, 14)) == ""
    assert calendar.is_workday(D(2024, 10, 12))  # Saturday, worked
    assert not calendar.is_workday(D(2024, 10, 7))  # Monday, holiday


def test_unpublished_year_falls_back_to_weekends_and_fixed_holidays():
    assert not calendar.year_is_published(2027)
    assert calendar.is_provisional(D(2027, 3, 1))
    assert not calendar.is_provisional(D(2026, 3, 1))
    assert not calendar.is_provisional(None)
    assert not calendar.is_workday(D(2027, 10, 1))  # Friday, National Day
    assert not calendar.is_workday(D(2027, 1, 1))
    assert calendar.is_workday(D(2027, 10, 4))  # Monday: lunar and bridge days cannot be guessed
    assert not calendar.is_workday(D(2027, 10, 2))
    assert calendar.holiday_name(D(2027, 5, 2)) == "劳动节"
    # 2027-09-29 (Wed) + 3 working days: 30 Sep, (1 Oct off, weekend), 4 Oct, 5 Oct
    assert calendar.add_workdays(D(2027, 9, 29), 3) == D(2027, 10, 5)


def test_never_fails_on_a_date():
    assert calendar.add_workdays(D(2150, 12, 30), 3) == D(2151, 1, 5)  # 1 Jan off
    assert calendar.add_days(D(1999, 12, 31), 1) == D(2000, 1, 3)  # 1 Jan 2000 fixed holiday, then a Sunday
    assert calendar.next_workday(datetime.date.max) == datetime.date.max


def test_workdays_between_counts_working_days_after_the_start():
    assert calendar.workdays_between(D(2024, 9, 27), D(2024, 10, 10)) == 5
    assert calendar.workdays_between(D(2024, 10, 10), D(2024, 9, 27)) == -5
    assert calendar.workdays_between(D(2024, 9, 27), D(2024, 9, 27)) == 0
    assert calendar.add_workdays(D(2024, 10, 10), -5) == D(2024, 9, 27)


NOTICE_2027_HOLIDAYS = [
    (D(2027, 1, 1), "元旦"),
    *[(D(2027, 2, d), "春节") for d in range(5, 12)],
    *[(D(2027, 10, d), "国庆节") for d in range(1, 8)],
]
NOTICE_2027_WORKDAYS = [(D(2027, 2, 14), "春节"), (D(2027, 10, 9), "国庆节")]


def test_entering_a_year_publishes_it_for_every_process(django_capture_on_commit_callbacks, admin_user, monkeypatch):
    from core import tasks

    enqueued = []
    monkeypatch.setattr(tasks.recompute_deadlines, "delay", enqueued.append)
    calendar.is_workday(D(2027, 10, 4))  # this process holds the unpublished 2027
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        calendar_year_enter(
            year=2027,
            holidays=NOTICE_2027_HOLIDAYS,
            workdays=NOTICE_2027_WORKDAYS,
            notice="国办发明电〔2026〕7号",
            user=admin_user,
        )
    calendar._local.checked_at = 0
    assert calendar.is_provisional(D(2027, 10, 4))  # not before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert enqueued == [[2027]]
    assert calendar.year_is_published(2027)
    assert not calendar.is_provisional(D(2027, 10, 4))
    assert not calendar.is_workday(D(2027, 10, 4))
    assert calendar.is_workday(D(2027, 10, 9))  # Saturday, make-up workday
    assert calendar.add_workdays(D(2027, 9, 29), 3) == D(2027, 10, 9)
    assert AuditEvent.objects.filter(content_type__model="calendaryear", action="create").exists()
    assert AuditEvent.objects.filter(content_type__model="calendarday").count() == len(NOTICE_2027_HOLIDAYS) + 2


def test_version_in_the_shared_cache_refreshes_other_processes():
    calendar.is_workday(D(2027, 10, 4))
    CalendarYear.objects.create(year=2027, notice="x")
    CalendarDay.objects.create(date=D(2027, 10, 4), is_workday=False, name="国庆节")
    calendar._local.checked_at = 0  # as if the recheck interval had passed
    assert calendar.is_workday(D(2027, 10, 4))  # same version: the copy is kept
    calendar.bump_version()
    assert not calendar.is_workday(D(2027, 10, 4))


def test_correcting_an_entered_year_replaces_its_days():
    calendar_year_enter(year=2027, holidays=NOTICE_2027_HOLIDAYS, workdays=NOTICE_2027_WORKDAYS)
    calendar_year_enter(year=2027, holidays=[(D(2027, 1, 1), "元旦")], workdays=[])
    assert CalendarDay.objects.filter(date__year=2027).count() == 1
    assert CalendarYear.objects.filter(year=2027).count() == 1


@pytest.mark.parametrize(
    ("holidays", "workdays", "field"),
    [
        ([(D(2026, 1, 1), "元旦")], [], "holidays"),  # not in the year
        ([(D(2027, 1, 1), "元旦")], [(D(2027, 1, 4), "元旦")], "workdays"),  # a Monday cannot be a make-up day
        ([(D(2027, 1, 2), "元旦")], [(D(2027, 1, 2), "元旦")], "workdays"),  # both
        ([], [], "holidays"),
    ],
)
def test_inconsistent_entries_are_refused_and_nothing_is_saved(holidays, workdays, field):
    with pytest.raises(ValidationError) as error:
        calendar_year_enter(year=2027, holidays=holidays, workdays=workdays)
    assert field in error.value.message_dict
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_recompute_hooks_run_for_the_entered_years(monkeypatch):
    seen = []
    monkeypatch.setattr(calendar, "_recompute_hooks", [seen.append])
    calendar.recompute([2027])
    assert seen == [{2027}]


def test_clue_and_case_deadlines_are_registered_for_recompute():
    from cases.services import recompute_deadlines as case_hook
    from clues.services import recompute_deadlines as clue_hook

    assert clue_hook in calendar._recompute_hooks
    assert case_hook in calendar._recompute_hooks


def test_form_reads_lines_and_ranges():
    form = CalendarYearForm(
        data={
            "year": 2027,
            "notice": "国办发明电〔2026〕7号",
            "holidays": "2027-01-01 元旦\n2027-02-05~2027-02-11 春节\n\n2027-10-01～2027-10-07　国庆节",
            "workdays": "2027-02-14 春节\n2027-10-09 国庆节",
        }
    )
    assert form.is_valid(), form.errors
    assert len(form.cleaned_data["holidays"]) == 15
    assert form.cleaned_data["workdays"] == NOTICE_2027_WORKDAYS
    assert day_lines(NOTICE_2027_HOLIDAYS) == (
        "2027-01-01 元旦\n2027-02-05~2027-02-11 春节\n2027-10-01~2027-10-07 国庆节"
    )


def test_form_errors_are_chinese_and_name_the_line():
    form = CalendarYearForm(data={"year": 2027, "holidays": "2027-13-01 元旦", "workdays": "2027-01-04 元旦"})
    assert not form.is_valid()
    assert "第1行" in form.errors["holidays"][0]
    form = CalendarYearForm(data={"year": 2027, "holidays": "2027-01-01 元旦", "workdays": "2027-01-04 元旦"})
    assert not form.is_valid()
    assert "调休上班日应为周六或周日" in form.errors["workdays"][0]


def test_admin_enters_a_year(admin_client, django_capture_on_commit_callbacks):
    url = reverse("admin:core_calendaryear_add")
    assert admin_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url,
            {
                "year": 2027,
                "notice": "国办发明电〔2026〕7号",
                "holidays": "2027-01-01 元旦\n2027-10-01~2027-10-07 国庆节",
                "workdays": "2027-10-09 国庆节",
            },
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not calendar.is_workday(D(2027, 10, 4))
    entry = CalendarYear.objects.get(year=2027)
    page = admin_client.get(reverse("admin:core_calendaryear_change", args=[entry.pk]))
    assert "2027-10-01~2027-10-07 国庆节" in page.content.decode()


def test_admin_refuses_a_bad_year_and_keeps_what_was_typed(admin_client):
    typed = "2027-01-01 元旦\n2027-10-01~2027-10-07 国庆节"
    response = admin_client.post(
        reverse("admin:core_calendaryear_add"), {"year": 2027, "holidays": typed, "workdays": "2027-10-08 国庆节"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "调休上班日应为周六或周日" in body
    assert "2027-10-01~2027-10-07 国庆节" in body
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_load_calendar_command_is_idempotent():
    from django.core.management import call_command

    CalendarDay.objects.filter(date__year=2025).delete()
    CalendarYear.objects.filter(year=2025).delete()
    calendar.bump_version()
    assert calendar.is_provisional(D(2025, 10, 1))
    call_command("load_calendar", "2025")
    call_command("load_calendar")
    assert not calendar.is_provisional(D(2025, 10, 1))
    assert not calendar.is_workday(D(2025, 10, 8))  # 2025 National Day and Mid-autumn: 1–8 Oct
    assert CalendarYear.objects.filter(year=2025).count() == 1
