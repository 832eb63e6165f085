import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import services
from cases.choices import TRANSITIONS, CaseAction, CaseEventKind, CaseStatus
from cases.models import Case, CaseEvent, CaseExtension, CasePerson, CaseSettings
from core.calendar import add_days
from people.roles import Role
from tests.factories import PersonFactory, UserFactory, grant

from .factories import file_case, make_clue, member

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_case_numbers_are_per_county_per_year_and_consecutive(world):
    first = file_case(world, filed_on=datetime.date(2024, 3, 1))
    second = file_case(world, filed_on=datetime.date(2024, 12, 30))
    next_year = file_case(world, filed_on=datetime.date(2025, 1, 2))
    other_leader = UserFactory(username="leader-b")
    grant(other_leader, Role.LEADER, county=world.other_county)
    other = services.case_file(
        county=world.other_county,
        title="乙县案件",
        filed_on=datetime.date(2024, 5, 1),
        approver=other_leader,
        user=world.officer,
    )
    assert first.number == "LA2024620101-0001"
    assert second.number == "LA2024620101-0002"
    assert next_year.number == "LA2025620101-0001"
    assert other.number == "LA2024620102-0001"


def test_refused_filing_takes_no_number(world):
    file_case(world, filed_on=datetime.date(2024, 3, 1))
    with pytest.raises(ValidationError) as exc:
        file_case(world, filed_on=datetime.date(2024, 3, 2), township=world.tb)
    assert "township" in exc.value.message_dict
    third = file_case(world, filed_on=datetime.date(2024, 3, 3))
    assert third.number == "LA2024620101-0002"
    assert Case.objects.count() == 2


def test_filing_starts_the_investigation_period_and_timeline(world):
    filed_on = datetime.date(2024, 7, 3)
    person = member(world.county)
    case = file_case(world, filed_on=filed_on, persons=[person])
    assert case.status == CaseStatus.FILED
    assert case.investigation_due == add_days(filed_on, 90)
    assert list(case.persons.values_list("person", flat=True)) == [person.pk]
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == [CaseEventKind.FILE, CaseEventKind.PERSON_ADD]


def test_county_settings_change_the_investigation_period(world):
    CaseSettings.objects.create(county=world.county, investigation_days=60)
    case = file_case(world, filed_on=datetime.date(2024, 7, 3))
    assert case.investigation_days == 60
    assert case.investigation_due == add_days(datetime.date(2024, 7, 3), 60)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"filed_on": "future"}, "filed_on"),
        ({"joint_handling": True}, "joint_zone"),
        ({"joint_zone": "zone1"}, "joint_zone"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_filing_is_refused_with_a_field_error(world, kwargs, field):
    if kwargs.get("filed_on") == "future":
        kwargs["filed_on"] = TODAY() + datetime.timedelta(days=1)
    if kwargs.get("joint_zone") == "zone1":
        kwargs["joint_zone"] = world.zone1
    with pytest.raises(ValidationError) as exc:
        file_case(world, **kwargs)
    assert field in exc.value.message_dict
    assert Case.objects.count() == 0


def test_filing_from_a_clue_links_both_ways_and_takes_its_persons(world):
    person = member(world.county, township=world.t2)
    clue = make_clue(county=world.county, township=world.t2, persons=[person])
    case = services.case_file_from_clue(
        clue=clue, user=world.officer, filed_on=datetime.date(2024, 2, 1), approver=world.leader
    )
    assert case.clue == clue
    assert list(clue.cases.all()) == [case]
    assert case.township == world.t2
    assert case.title == clue.summary
    assert [cp.person for cp in case.persons.all()] == [person]


def test_filing_before_the_clue_was_received_is_refused(world):
    clue = make_clue(county=world.county, township=world.t2, received_on=datetime.date(2024, 5, 1))
    with pytest.raises(ValidationError) as exc:
        services.case_file_from_clue(
            clue=clue, user=world.officer, filed_on=datetime.date(2024, 4, 1), approver=world.leader
        )
    assert "filed_on" in exc.value.message_dict
    assert not Case.objects.exists()


def _walk_to(case, status, world):
    day = case.filed_on + datetime.timedelta(days=5)
    if status in (CaseStatus.INVESTIGATING, CaseStatus.REVIEWING, CaseStatus.DECIDED, CaseStatus.CONCLUDED):
        services.case_start(case=case, user=world.officer)
    if status in (CaseStatus.REVIEWING, CaseStatus.DECIDED, CaseStatus.CONCLUDED):
        services.case_send_to_review(case=case, user=world.officer, received_on=day)
    if status in (CaseStatus.DECIDED, CaseStatus.CONCLUDED):
        services.case_decide(case=case, user=world.officer, review_concluded_on=day, decided_on=day)
    if status == CaseStatus.CONCLUDED:
        services.case_conclude(case=case, user=world.officer, concluded_on=day)
    case.refresh_from_db()
    assert case.status == status
    return case


def test_full_workflow_records_every_step(world):
    case = file_case(world, filed_on=TODAY() - datetime.timedelta(days=40))
    _walk_to(case, CaseStatus.CONCLUDED, world)
    steps = list(case.events.exclude(kind=CaseEventKind.FILE).values_list("from_status", "to_status"))
    assert steps == [
        ("filed", "investigating"),
        ("investigating", "reviewing"),
        ("reviewing", "decided"),
        ("decided", "concluded"),
    ]
    assert case.review_due is not None and case.concluded_on is not None


def test_review_can_send_a_case_back_for_investigation(world):
    case = _walk_to(file_case(world, filed_on=TODAY() - datetime.timedelta(days=40)), CaseStatus.REVIEWING, world)
    with pytest.raises(ValidationError) as exc:
        services.case_return_for_investigation(case=case, user=world.officer, on_date=TODAY(), note="")
    assert "note" in exc.value.message_dict
    services.case_return_for_investigation(case=case, user=world.officer, on_date=TODAY(), note="证据不足")
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATING and case.review_due is None


ILLEGAL = [
    (action, status)
    for action, (sources, _target) in TRANSITIONS.items()
    for status in CaseStatus.values
    if status not in sources
]


@pytest.mark.parametrize(("action", "status"), ILLEGAL)
def test_illegal_transitions_are_refused_and_change_nothing(world, action, status):
    case = _walk_to(file_case(world, filed_on=TODAY() - datetime.timedelta(days=40)), status, world)
    events = CaseEvent.objects.filter(case=case).count()
    day = TODAY()
    kwargs = {
        CaseAction.START: {},
        CaseAction.SEND_TO_REVIEW: {"received_on": day},
        CaseAction.RETURN_FOR_INVESTIGATION: {"on_date": day, "note": "补充"},
        CaseAction.DECIDE: {"review_concluded_on": day, "decided_on": day},
        CaseAction.CONCLUDE: {"concluded_on": day},
    }[action]
    with pytest.raises(ValidationError) as exc:
        services.ACTION_SERVICES[action](case=case, user=world.officer, **kwargs)
    assert "不能执行" in exc.value.messages[0]
    case.refresh_from_db()
    assert case.status == status
    assert CaseEvent.objects.filter(case=case).count() == events


def test_decision_before_filing_is_refused(world):
    case = _walk_to(file_case(world, filed_on=TODAY() - datetime.timedelta(days=40)), CaseStatus.REVIEWING, world)
    with pytest.raises(ValidationError) as exc:
        services.case_decide(
            case=case,
            user=world.officer,
            review_concluded_on=TODAY(),
            decided_on=case.filed_on - datetime.timedelta(days=1),
        )
    assert "立案日期" in exc.value.message_dict["decided_on"][0]
    case.refresh_from_db()
    assert case.status == CaseStatus.REVIEWING and case.decided_on is None


def test_review_before_filing_is_refused(world):
    case = file_case(world, filed_on=TODAY() - datetime.timedelta(days=40))
    with pytest.raises(ValidationError) as exc:
        services.case_send_to_review(
            case=case, user=world.officer, received_on=case.filed_on - datetime.timedelta(days=1)
        )
    assert "received_on" in exc.value.message_dict
    case.refresh_from_db()
    assert case.status == CaseStatus.FILED and case.review_received_on is None


def test_extension_once_within_the_limit(world):
    filed_on = TODAY() - datetime.timedelta(days=80)
    case = file_case(world, filed_on=filed_on)
    extension = services.case_extend(
        case=case, user=world.officer, approved_on=TODAY(), days=60, approver=world.leader, reason="案情复杂"
    )
    case.refresh_from_db()
    assert extension.previous_due == add_days(filed_on, 90)
    assert case.investigation_due == extension.new_due == add_days(filed_on, 150)
    assert case.events.filter(kind=CaseEventKind.EXTEND).count() == 1
    with pytest.raises(ValidationError) as exc:
        services.case_extend(
            case=case, user=world.officer, approved_on=TODAY(), days=10, approver=world.leader, reason="再延"
        )
    assert "不能再次延长" in exc.value.messages[0]
    assert CaseExtension.objects.count() == 1


@pytest.mark.parametrize(("days", "field"), [(91, "days"), (0, "days")])
def test_extension_beyond_the_limit_is_refused(world, days, field):
    case = file_case(world, filed_on=TODAY() - datetime.timedelta(days=10))
    due = case.investigation_due
    with pytest.raises(ValidationError) as exc:
        services.case_extend(
            case=case, user=world.officer, approved_on=TODAY(), days=days, approver=world.leader, reason="复杂"
        )
    assert field in exc.value.message_dict
    case.refresh_from_db()
    assert case.investigation_due == due and not CaseExtension.objects.exists()


def test_extension_after_the_period_ended_is_refused(world):
    case = file_case(world, filed_on=TODAY() - datetime.timedelta(days=120))
    with pytest.raises(ValidationError) as exc:
        services.case_extend(
            case=case, user=world.officer, approved_on=TODAY(), days=30, approver=world.leader, reason="复杂"
        )
    assert "届满" in exc.value.message_dict["approved_on"][0]


def test_amounts_are_recorded_and_negative_amounts_refused(world):
    case = file_case(world)
    services.case_set_amounts(
        case=case,
        user=world.officer,
        violation_amount=Decimal("12000.50"),
        recovered_amount=Decimal("8000"),
        returned_amount=Decimal("4000.5"),
    )
    case.refresh_from_db()
    assert case.recovered_amount == Decimal("8000.00")
    with pytest.raises(ValidationError) as exc:
        services.case_set_amounts(
            case=case,
            user=world.officer,
            violation_amount=Decimal("1"),
            recovered_amount=Decimal("-1"),
            returned_amount=Decimal("0"),
        )
    assert "recovered_amount" in exc.value.message_dict
    case.refresh_from_db()
    assert case.violation_amount == Decimal("12000.50")


def test_conclusion_with_negative_amount_is_refused(world):
    case = _walk_to(file_case(world, filed_on=TODAY() - datetime.timedelta(days=40)), CaseStatus.DECIDED, world)
    with pytest.raises(ValidationError) as exc:
        services.case_conclude(case=case, user=world.officer, concluded_on=TODAY(), returned_amount=Decimal("-5"))
    assert "returned_amount" in exc.value.message_dict
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED and case.concluded_on is None


def test_person_from_another_county_is_refused(world):
    stranger = PersonFactory(county=world.other_county)
    case = file_case(world)
    with pytest.raises(ValidationError):
        services.case_person_add(case=case, person=stranger, user=world.officer)
    assert not CasePerson.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_filings_get_distinct_gapless_numbers(transactional_db, world):
    """Eight officers file at once (PostgreSQL: real row locks; SQLite serialises writers)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row-level locking is exercised on PostgreSQL")

    def file_one(n):
        try:
            return file_case(world, title=f"并发立案{n}", filed_on=datetime.date(2024, 6, 3)).number
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(file_one, range(8)))
    assert sorted(numbers) == [f"LA2024620101-{n:04d}" for n in range(1, 9)]


def test_entering_a_years_calendar_recomputes_open_deadlines(world):
    case = file_case(world, filed_on=TODAY() - datetime.timedelta(days=10))
    expected = case.investigation_due
    Case.objects.filter(pk=case.pk).update(investigation_due=expected - datetime.timedelta(days=5))
    services.recompute_deadlines({expected.year, expected.year - 1})
    case.refresh_from_db()
    assert case.investigation_due == expected


def test_extended_period_survives_the_next_steps_on_the_same_object(world):
    filed_on = TODAY() - datetime.timedelta(days=80)
    case = file_case(world, filed_on=filed_on)
    services.case_start(case=case, user=world.officer)
    services.case_extend(
        case=case, user=world.officer, approved_on=TODAY(), days=60, approver=world.leader, reason="复杂"
    )
    assert case.investigation_due == add_days(filed_on, 150)
    services.case_send_to_review(case=case, user=world.officer, received_on=TODAY())
    case.refresh_from_db()
    assert case.investigation_due == add_days(filed_on, 150) and case.status == CaseStatus.REVIEWING
