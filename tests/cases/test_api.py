import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from audit.models import AuditAction, AuditEvent
from cases import services
from cases.choices import CaseStatus, MeasureKind
from cases.models import Case, Measure

from .factories import file_case, member

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def case(world):
    """A case in 清源镇 with a party member given 党内警告 30 days ago."""
    person = member(world.county, name="赵立新", township=world.t1)
    case = file_case(world, filed_on=TODAY() - datetime.timedelta(days=40), persons=[person])
    services.measure_record(
        case_person=case.persons.get(),
        kind=MeasureKind.PARTY_WARNING,
        decided_on=TODAY() - datetime.timedelta(days=30),
        user=world.officer,
    )
    return case


def test_list_is_scoped_and_filtered(api, world, case, django_assert_max_num_queries):
    for n in range(10):
        file_case(world, township=world.t3, persons=[member(world.county, name=f"会川{n}")])
    api.force_authenticate(world.officer)
    with django_assert_max_num_queries(12):
        body = api.get("/api/cases/", {"page_size": 50}).json()
    assert body["count"] == 11
    assert api.get("/api/cases/", {"township": world.t1.pk}).json()["count"] == 1
    assert api.get("/api/cases/", {"measure_type": "party", "form": "2"}).json()["results"][0]["number"] == case.number
    api.force_authenticate(world.tw1)
    assert [c["number"] for c in api.get("/api/cases/").json()["results"]] == [case.number]
    api.force_authenticate(world.outsider)
    assert api.get("/api/cases/").json()["count"] == 0


def test_bad_filter_is_a_chinese_400(api, world, case):
    api.force_authenticate(world.officer)
    response = api.get("/api/cases/", {"filed_from": "昨天"})
    assert response.status_code == 400
    assert "filed_from" in response.json()["errors"]


@pytest.mark.parametrize("persona", ["outsider", "tw2", "vs2", "admin"])
def test_outsiders_get_404(api, world, case, persona):
    api.force_authenticate(getattr(world, persona))
    person = case.persons.get().person
    assert api.get(f"/api/cases/{case.pk}/").status_code == 404
    assert api.get(f"/api/cases/{case.pk}/measures/").status_code == 404
    assert api.post(f"/api/cases/{case.pk}/start/", {}).status_code == 404
    assert api.get(f"/api/persons/{person.pk}/integrity/").status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.FILED


def test_file_and_walk_a_case_through_the_api(api, world):
    person = member(world.county, name="钱进")
    api.force_authenticate(world.officer)
    response = api.post(
        "/api/cases/",
        {
            "county": world.county.pk,
            "title": "钱进涉嫌违规发放补贴问题",
            "filed_on": (TODAY() - datetime.timedelta(days=10)).isoformat(),
            "approver": world.leader.pk,
            "township": world.t2.pk,
            "persons": [person.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    pk = body["id"]
    assert body["number"].startswith("LA") and body["allowed_actions"] == ["start", "send_to_review"]
    cp = body["persons"][0]["id"]
    day = TODAY().isoformat()
    assert api.post(f"/api/cases/{pk}/start/", {}, format="json").status_code == 200
    response = api.post(
        f"/api/cases/{pk}/measures/",
        {"case_person": cp, "kind": "party_probation", "probation_years": 2, "decided_on": day},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["form"] == 3
    assert api.post(f"/api/cases/{pk}/send-to-review/", {"received_on": day}, format="json").status_code == 200
    assert (
        api.post(f"/api/cases/{pk}/decide/", {"review_concluded_on": day, "decided_on": day}, format="json")
    ).status_code == 200
    response = api.post(
        f"/api/cases/{pk}/conclude/", {"concluded_on": day, "recovered_amount": "1500.00"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "concluded" and response.json()["recovered_amount"] == "1500.00"
    assert [m["kind"] for m in api.get(f"/api/cases/{pk}/measures/").json()] == ["party_probation"]


def test_errors_are_chinese_400s_and_nothing_is_saved(api, world, case):
    api.force_authenticate(world.officer)
    response = api.post(
        f"/api/cases/{case.pk}/send-to-review/",
        {"received_on": (case.filed_on - datetime.timedelta(days=1)).isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert "立案日期" in response.json()["errors"]["received_on"][0]
    response = api.post(
        f"/api/cases/{case.pk}/decide/", {"review_concluded_on": "2024-01-01", "decided_on": "2024-01-01"}
    )
    assert response.status_code == 400 and "不能执行" in str(response.json()["errors"])
    response = api.post(
        f"/api/cases/{case.pk}/amounts/",
        {"violation_amount": "-1", "recovered_amount": "0", "returned_amount": "0"},
        format="json",
    )
    assert response.status_code == 400 and "violation_amount" in response.json()["errors"]
    response = api.post(
        f"/api/cases/{case.pk}/extend/",
        {"approved_on": TODAY().isoformat(), "days": 120, "approver": world.leader.pk, "reason": "复杂"},
        format="json",
    )
    assert response.status_code == 400 and "90" in response.json()["errors"]["days"][0]
    stranger = member(world.county, name="非党员", political_status="non_member")
    services.case_person_add(case=case, person=stranger, user=world.officer)
    link = case.persons.get(person=stranger)
    response = api.post(
        f"/api/cases/{case.pk}/measures/",
        {"case_person": link.pk, "kind": "party_warning", "decided_on": TODAY().isoformat()},
        format="json",
    )
    assert response.status_code == 400 and "中共党员" in response.json()["errors"]["kind"][0]
    assert Measure.objects.count() == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.FILED and case.violation_amount == 0


def test_integrity_answers_for_a_date_and_is_audited(api, world, case):
    person = case.persons.get().person
    api.force_authenticate(world.leader)
    body = api.get(f"/api/persons/{person.pk}/integrity/").json()
    assert body["in_influence_period"] is True
    assert [m["kind"] for m in body["active_sanctions"]] == ["party_warning"]
    assert [c["number"] for c in body["cases"]] == [case.number]
    later = (TODAY() + datetime.timedelta(days=400)).isoformat()
    assert api.get(f"/api/persons/{person.pk}/integrity/", {"date": later}).json()["in_influence_period"] is False
    assert api.get(f"/api/persons/{person.pk}/integrity/", {"date": "31/12/2024"}).status_code == 400
    assert AuditEvent.objects.filter(action=AuditAction.INTEGRITY_LOOKUP, object_id=str(person.pk)).count() == 2


def test_auditor_cannot_write(api, world, case):
    api.force_authenticate(world.auditor)
    assert api.get(f"/api/cases/{case.pk}/").status_code == 200
    assert api.post(f"/api/cases/{case.pk}/start/", {}).status_code == 404
    assert api.post("/api/cases/", {}).status_code == 404
    assert Case.objects.get().status == CaseStatus.FILED


def test_schema_lists_the_case_endpoints(api, world):
    api.force_authenticate(world.officer)
    schema = api.get("/api/schema/").content.decode()
    for path in ("/api/cases/{id}/measures/", "/api/persons/{id}/integrity/", "/api/cases/{id}/send-to-review/"):
        assert path in schema


def test_detail_measures_and_integrity_within_query_budget(api, world, case, django_assert_max_num_queries):
    cp = case.persons.get()
    for kind in (MeasureKind.GOV_WARNING, MeasureKind.ORG_SUSPENSION, MeasureKind.JUDICIAL_TRANSFER):
        services.measure_record(case_person=cp, kind=kind, decided_on=TODAY(), user=world.officer)
    for n in range(3):
        services.case_person_add(case=case, person=member(world.county, name=f"同案{n}"), user=world.officer)
    api.force_authenticate(world.officer)
    for url, budget in [
        (f"/api/cases/{case.pk}/", 14),
        (f"/api/cases/{case.pk}/measures/", 10),
        (f"/api/persons/{cp.person.pk}/integrity/", 14),
    ]:
        with django_assert_max_num_queries(budget):
            response = api.get(url)
        assert response.status_code == 200, url
    assert len(response.json()["measures"]) == 4


def test_filing_with_a_clue_through_the_api_concludes_the_clue(api, world):
    from clues.choices import ClueResult, DisposalMethod
    from tests.clues.factories import disposing

    clue = disposing(world, DisposalMethod.VERIFICATION, decided_on=datetime.date(2025, 3, 5))
    api.force_authenticate(world.officer)
    response = api.post(
        "/api/cases/",
        {
            "county": world.county.pk,
            "clue": clue.pk,
            "title": "王建国涉嫌虚报冒领低保金问题",
            "filed_on": "2025-04-01",
            "approver": world.leader.pk,
            "township": world.t2.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["clue_number"] == clue.number
    assert [p["name"] for p in response.json()["persons"]] == ["王建国"]
    clue.refresh_from_db()
    assert clue.result == ClueResult.FILE_CASE
    response = api.post(
        "/api/cases/",
        {
            "county": world.county.pk,
            "clue": clue.pk,
            "title": "重复立案",
            "filed_on": "2025-04-02",
            "approver": world.leader.pk,
        },
        format="json",
    )
    assert response.status_code == 400 and "clue" in response.json()["errors"]
