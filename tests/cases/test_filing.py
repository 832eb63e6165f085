"""Filing from a clue, the filing's approver and handler, and the clue workflow agreeing with its case."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services
from cases.choices import CaseEventKind, MeasureKind
from cases.models import Case, ClueMeasureSubject, Measure
from clues.choices import ClueResult, ClueStatus, DisposalMethod, EventKind
from clues.services import clue_conclude
from core.models import Sequence
from tests.clues.factories import disposing

from .factories import file_case, member

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def verifying(world):
    """A clue on 庆坪镇 under 初步核实 since 2025-03-05, assigned to the case officer's department."""
    return disposing(world, DisposalMethod.VERIFICATION, decided_on=D(2025, 3, 5))


def test_clue_result_files_the_case_with_the_clues_handling(world, verifying):
    clue_conclude(
        clue=verifying,
        user=world.officer,
        result=ClueResult.FILE_CASE,
        concluded_on=D(2025, 4, 1),
        case_approver=world.leader,
    )
    case = Case.objects.get()
    assert case.clue == verifying and case.filed_on == D(2025, 4, 1) and case.approver == world.leader
    assert case.township == world.t2
    assert (case.department, case.handler) == (world.dept, world.officer)
    assert [cp.person.name for cp in case.persons.all()] == ["王建国"]


def test_file_case_result_concludes_the_clue_and_notes_the_case_on_its_timeline(world, verifying):
    clue_conclude(
        clue=verifying,
        user=world.officer,
        result=ClueResult.FILE_CASE,
        concluded_on=D(2025, 4, 1),
        case_approver=world.leader,
    )
    case = Case.objects.get(clue=verifying)
    assert verifying.status == ClueStatus.CONCLUDED and verifying.result == ClueResult.FILE_CASE
    event = verifying.events.get(kind=EventKind.CASE)
    assert event.data["case_id"] == case.pk and case.number in event.note


def test_filing_with_a_clue_concludes_the_clue_and_keeps_the_typed_fields(world, verifying):
    extra = member(world.county, name="同案人")
    case = services.case_file(
        county=world.county,
        title="王建国等人涉嫌虚报冒领低保金问题",
        summary="经初步核实，问题属实。",
        filed_on=D(2025, 4, 2),
        approver=world.leader,
        user=world.officer,
        township=world.t2,
        joint_handling=True,
        joint_zone=world.zone1,
        clue=verifying,
        persons=[extra],
    )
    verifying.refresh_from_db()
    assert verifying.status == ClueStatus.CONCLUDED and verifying.result == ClueResult.FILE_CASE
    assert verifying.concluded_on == D(2025, 4, 2)
    assert list(verifying.cases.all()) == [case]
    assert case.title == "王建国等人涉嫌虚报冒领低保金问题" and case.joint_zone == world.zone1
    assert [cp.person.name for cp in case.persons.order_by("id")] == ["王建国", "同案人"]
    assert list(case.events.values_list("kind", flat=True)) == [
        CaseEventKind.FILE,
        CaseEventKind.PERSON_ADD,
        CaseEventKind.PERSON_ADD,
    ]


def test_filing_before_the_clues_decision_is_refused_on_the_filing_date(world, verifying):
    with pytest.raises(ValidationError) as exc:
        file_case(world, clue=verifying, filed_on=D(2025, 3, 4), township=world.t2)
    assert "filed_on" in exc.value.message_dict
    verifying.refresh_from_db()
    assert verifying.status == ClueStatus.DISPOSING and not Case.objects.exists()
    assert not Sequence.objects.filter(key__startswith="case:", last_value__gt=0).exists()


def test_a_clue_already_concluded_cannot_be_filed_again(world, verifying):
    file_case(world, clue=verifying, filed_on=D(2025, 4, 1), township=world.t2)
    again = disposing(world, DisposalMethod.VERIFICATION, decided_on=D(2025, 3, 5))
    clue_conclude(
        clue=again, user=world.officer, result=ClueResult.CLOSED, concluded_on=D(2025, 4, 1), close_reason="untrue"
    )
    for clue in (verifying, again):
        with pytest.raises(ValidationError) as exc:
            file_case(world, clue=clue, filed_on=D(2025, 4, 3), township=world.t2)
        assert "clue" in exc.value.message_dict
    assert Case.objects.count() == 1


def test_approver_must_be_a_leader_of_the_county(world):
    for approver in (world.officer, world.zone1_leader):
        with pytest.raises(ValidationError) as exc:
            services.case_file(
                county=world.county, title="某问题", filed_on=D(2025, 4, 1), approver=approver, user=world.officer
            )
        assert "委领导" in exc.value.message_dict["approver"][0]
    assert not Case.objects.exists()


def test_extension_approver_must_be_a_leader(world):
    case = file_case(world, filed_on=D(2025, 4, 1))
    with pytest.raises(ValidationError) as exc:
        services.case_extend(
            case=case, user=world.officer, approved_on=D(2025, 6, 20), days=30, approver=world.officer, reason="复杂"
        )
    assert "approver" in exc.value.message_dict
    assert not hasattr(Case.objects.get(), "extension")


def test_handler_must_reach_the_case(world):
    with pytest.raises(ValidationError) as exc:
        file_case(world, township=world.t1, handler=world.tw2)
    assert "handler" in exc.value.message_dict
    case = file_case(world, township=world.t1, handler=world.tw1)
    assert case.handler == world.tw1
    with pytest.raises(ValidationError) as exc:
        services.case_update(case=case, user=world.officer, title=case.title, township=world.t1, handler=world.outsider)
    assert "handler" in exc.value.message_dict


def test_filing_form_with_a_clue_concludes_it(client, world, verifying):
    client.force_login(world.officer)
    form = client.get(reverse("cases:case_create")).content.decode()
    assert verifying.number in form
    response = client.post(
        reverse("cases:case_create"),
        {
            "county": world.county.pk,
            "clue": verifying.pk,
            "title": "王建国涉嫌虚报冒领低保金问题",
            "filed_on": "2025-04-01",
            "approver": world.leader.pk,
            "township": world.t2.pk,
        },
    )
    assert response.status_code == 302
    verifying.refresh_from_db()
    assert verifying.result == ClueResult.FILE_CASE
    case = verifying.cases.get()
    assert case.title == "王建国涉嫌虚报冒领低保金问题"
    assert verifying.number not in client.get(reverse("cases:case_create")).content.decode()


def test_filing_form_shows_the_clues_refusal_on_the_date(client, world, verifying):
    client.force_login(world.officer)
    response = client.post(
        reverse("cases:case_create"),
        {
            "county": world.county.pk,
            "clue": verifying.pk,
            "title": "王建国涉嫌虚报冒领低保金问题",
            "filed_on": "2025-03-01",
            "approver": world.leader.pk,
            "township": world.t2.pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["filed_on"]
    verifying.refresh_from_db()
    assert verifying.status == ClueStatus.DISPOSING and not Case.objects.exists()


def test_inquiry_closed_with_criticism_gives_first_form_measures_on_the_integrity_record(client, world):
    clue = disposing(world, DisposalMethod.INQUIRY, decided_on=D(2025, 3, 5))
    clue_conclude(clue=clue, user=world.officer, result=ClueResult.CRITICISM, concluded_on=D(2025, 3, 20))
    measure = Measure.objects.get()
    assert (measure.kind, measure.form, measure.decided_on) == (MeasureKind.ORG_CRITICISM, 1, D(2025, 3, 20))
    subject = ClueMeasureSubject.objects.get()
    assert (subject.clue, subject.form, subject.form_decided_on) == (clue, 1, D(2025, 3, 20))
    client.force_login(world.leader)
    page = client.get(reverse("cases:integrity_detail", args=[measure.person.pk])).content.decode()
    assert "批评教育" in page and clue.number in page
    assert "不在任何党纪处分或政务处分影响期内" in page
