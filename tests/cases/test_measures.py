import datetime

import pytest
from django.core.exceptions import ValidationError

from cases import services
from cases.choices import FORM_OF, MEASURE_TYPE_OF, CaseStatus, MeasureKind, MeasureType
from cases.models import ClueMeasureSubject, Measure

from .factories import file_case, make_clue, member

pytestmark = pytest.mark.django_db
K = MeasureKind


@pytest.fixture
def case_person(world):
    """A party member and public official under investigation in a case filed on 2024-02-01."""
    case = file_case(world, filed_on=datetime.date(2024, 2, 1), persons=[member(world.county, name="王建国")])
    return case.persons.get()


def record(case_person, kind, decided_on, **kwargs):
    return services.measure_record(
        case_person=case_person, kind=kind, decided_on=decided_on, user=case_person.case.created_by, **kwargs
    )


@pytest.mark.parametrize(
    ("kind", "decided_on", "until"),
    [
        (K.GOV_WARNING, datetime.date(2024, 8, 31), datetime.date(2025, 2, 28)),
        (K.PARTY_WARNING, datetime.date(2024, 2, 29), datetime.date(2025, 2, 28)),
        (K.GOV_DEMERIT, datetime.date(2024, 2, 29), datetime.date(2025, 2, 28)),
        (K.GOV_MAJOR_DEMERIT, datetime.date(2024, 3, 31), datetime.date(2025, 9, 30)),
        (K.GOV_DEMOTION, datetime.date(2024, 2, 29), datetime.date(2026, 2, 28)),
        (K.GOV_DISMISSAL, datetime.date(2024, 5, 31), datetime.date(2026, 5, 31)),
        (K.PARTY_SERIOUS_WARNING, datetime.date(2024, 8, 31), datetime.date(2026, 2, 28)),
        (K.PARTY_REMOVAL, datetime.date(2024, 2, 29), datetime.date(2026, 2, 28)),
        (K.PARTY_EXPULSION, datetime.date(2024, 2, 29), datetime.date(2029, 2, 28)),
    ],
)
def test_influence_period_counts_months_with_month_end_clamp(case_person, kind, decided_on, until):
    measure = record(case_person, kind, decided_on)
    assert measure.influence_until == until
    assert measure.in_influence_on(until)
    assert not measure.in_influence_on(until + datetime.timedelta(days=1))
    assert not measure.in_influence_on(decided_on - datetime.timedelta(days=1))


@pytest.mark.parametrize(("years", "until"), [(1, datetime.date(2025, 2, 28)), (2, datetime.date(2026, 2, 28))])
def test_probation_runs_for_the_recorded_years(case_person, years, until):
    measure = record(case_person, K.PARTY_PROBATION, datetime.date(2024, 2, 29), probation_years=years)
    assert measure.probation_years == years
    assert measure.influence_until == until


def test_probation_needs_its_years(case_person):
    with pytest.raises(ValidationError) as exc:
        record(case_person, K.PARTY_PROBATION, datetime.date(2024, 3, 1))
    assert "probation_years" in exc.value.message_dict
    assert not Measure.objects.exists()


def test_government_expulsion_never_ends_and_handling_has_no_period(case_person):
    expulsion = record(case_person, K.GOV_EXPULSION, datetime.date(2024, 3, 1))
    assert expulsion.influence_until is None
    assert expulsion.in_influence_on(datetime.date(2040, 1, 1))
    reminder = record(case_person, K.ORG_TALK_REMINDER, datetime.date(2024, 3, 1))
    assert reminder.influence_until is None and not reminder.in_influence_on(datetime.date(2024, 3, 2))


EXPECTED_FORMS = {
    K.ORG_TALK_REMINDER: 1,
    K.ORG_CRITICISM: 1,
    K.ORG_SELF_EXAMINATION: 1,
    K.ORG_WRITTEN_SELF_CRITICISM: 1,
    K.ORG_ADMONITION: 1,
    K.ORG_CIRCULATED_CRITICISM: 1,
    K.ORG_OTHER_LIGHT: 1,
    K.PARTY_WARNING: 2,
    K.PARTY_SERIOUS_WARNING: 2,
    K.GOV_WARNING: 2,
    K.GOV_DEMERIT: 2,
    K.GOV_MAJOR_DEMERIT: 2,
    K.ORG_SUSPENSION: 2,
    K.ORG_POSITION_ADJUSTMENT: 2,
    K.ORG_ORDERED_RESIGNATION: 2,
    K.ORG_DEMOTION: 2,
    K.ORG_REMOVAL: 2,
    K.PARTY_REMOVAL: 3,
    K.PARTY_PROBATION: 3,
    K.PARTY_EXPULSION: 3,
    K.GOV_DEMOTION: 3,
    K.GOV_DISMISSAL: 3,
    K.GOV_EXPULSION: 3,
    K.JUDICIAL_TRANSFER: 4,
}


def test_every_measure_kind_has_a_form_and_a_type():
    assert set(EXPECTED_FORMS) == set(MeasureKind.values) == set(FORM_OF) == set(MEASURE_TYPE_OF)


@pytest.mark.parametrize(("kind", "form"), EXPECTED_FORMS.items())
def test_each_measure_puts_the_person_in_its_form(case_person, kind, form):
    extra = {"probation_years": 2} if kind == K.PARTY_PROBATION else {}
    measure = record(case_person, kind, datetime.date(2024, 6, 3), **extra)
    case_person.refresh_from_db()
    assert measure.form == form
    assert case_person.form == form
    assert case_person.form_decided_on == datetime.date(2024, 6, 3)


def test_person_form_is_the_highest_and_follows_changes(case_person, world):
    record(case_person, K.ORG_ADMONITION, datetime.date(2024, 4, 1))
    gov = record(case_person, K.GOV_DEMERIT, datetime.date(2024, 5, 6))
    case_person.refresh_from_db()
    assert (case_person.form, case_person.form_decided_on) == (2, datetime.date(2024, 5, 6))
    judicial = record(case_person, K.JUDICIAL_TRANSFER, datetime.date(2024, 6, 3))
    case_person.refresh_from_db()
    assert case_person.form == 4
    services.measure_delete(measure=judicial, user=world.officer, reason="录入错误")
    case_person.refresh_from_db()
    assert case_person.form == 2
    services.measure_delete(measure=gov, user=world.officer, reason="录入错误")
    case_person.refresh_from_db()
    assert (case_person.form, case_person.form_decided_on) == (1, datetime.date(2024, 4, 1))


def test_government_sanction_for_a_non_official_is_refused(world):
    villager = member(world.county, is_public_official=False, cadre_level="other")
    cp = file_case(world, filed_on=datetime.date(2024, 2, 1), persons=[villager]).persons.get()
    with pytest.raises(ValidationError) as exc:
        record(cp, K.GOV_DEMERIT, datetime.date(2024, 3, 1))
    assert "公职人员" in exc.value.message_dict["kind"][0]
    assert not Measure.objects.exists()
    cp.refresh_from_db()
    assert cp.form is None


def test_party_sanction_for_a_non_member_is_refused(world):
    outsider = member(world.county, political_status="non_member")
    cp = file_case(world, filed_on=datetime.date(2024, 2, 1), persons=[outsider]).persons.get()
    with pytest.raises(ValidationError) as exc:
        record(cp, K.PARTY_WARNING, datetime.date(2024, 3, 1))
    assert "中共党员" in exc.value.message_dict["kind"][0]
    assert not Measure.objects.exists()


def test_measure_decided_before_filing_is_refused(case_person):
    with pytest.raises(ValidationError) as exc:
        record(case_person, K.GOV_WARNING, datetime.date(2024, 1, 31))
    assert "立案日期" in exc.value.message_dict["decided_on"][0]
    assert not Measure.objects.exists()


def test_one_party_sanction_per_person_per_case(case_person):
    record(case_person, K.PARTY_WARNING, datetime.date(2024, 3, 1))
    with pytest.raises(ValidationError):
        record(case_person, K.PARTY_SERIOUS_WARNING, datetime.date(2024, 3, 2))
    assert Measure.objects.count() == 1


def test_measures_on_a_concluded_case_are_refused(case_person, world):
    case = case_person.case
    day = datetime.date(2024, 3, 1)
    services.case_send_to_review(case=case, user=world.officer, received_on=day)
    services.case_decide(case=case, user=world.officer, review_concluded_on=day, decided_on=day)
    services.case_conclude(case=case, user=world.officer, concluded_on=day)
    assert case.status == CaseStatus.CONCLUDED
    with pytest.raises(ValidationError):
        record(case_person, K.GOV_WARNING, day)


def test_sanction_execution_is_recorded_after_the_decision(case_person, world):
    measure = record(case_person, K.GOV_WARNING, datetime.date(2024, 3, 1))
    assert measure.execution_due is not None
    with pytest.raises(ValidationError):
        services.measure_execute(measure=measure, user=world.officer, executed_on=datetime.date(2024, 2, 28))
    services.measure_execute(measure=measure, user=world.officer, executed_on=datetime.date(2024, 3, 5))
    measure.refresh_from_db()
    assert measure.executed_on == datetime.date(2024, 3, 5)


def test_clue_concluded_with_reminder_gives_first_form_measures(world):
    a, b = member(world.county, name="甲"), member(world.county, name="乙", political_status="non_member")
    clue = make_clue(county=world.county, township=world.t1, persons=[a, b], result="reminder")
    clue.concluded_on = datetime.date(2024, 3, 15)
    measures = services.measures_from_clue(clue=clue, user=world.officer)
    assert {m.kind for m in measures} == {K.ORG_TALK_REMINDER}
    assert {m.person for m in measures} == {a, b}
    assert all(m.decided_on == datetime.date(2024, 3, 15) and m.form == 1 for m in measures)
    subjects = ClueMeasureSubject.objects.filter(clue=clue)
    assert {s.form for s in subjects} == {1}
    assert services.measures_from_clue(clue=clue, user=world.officer) == []
    assert Measure.objects.count() == 2


def test_clue_results_without_measures_give_none(world):
    clue = make_clue(county=world.county, persons=[member(world.county)], result="closed")
    assert services.measures_from_clue(clue=clue, user=world.officer) == []


def test_clue_cannot_carry_a_sanction(world):
    person = member(world.county)
    clue = make_clue(county=world.county, persons=[person])
    with pytest.raises(ValidationError):
        services.measure_record_for_clue(
            clue=clue, person=person, kind=K.PARTY_WARNING, decided_on=datetime.date(2024, 3, 1), user=world.officer
        )
    assert not Measure.objects.filter(measure_type=MeasureType.PARTY).exists()
