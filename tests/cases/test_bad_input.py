"""The issue's list of bad input, each through the page form and the API: a clear Chinese error, nothing saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cases import services
from cases.choices import CaseStatus
from cases.models import Case, CaseEvent, CaseExtension, Measure

from .factories import file_case, member

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def case(world):
    """A case in review, filed 40 days ago, on a party member who is a public official, a non-member official and
    a party member who is not a public official."""
    persons = [
        member(world.county, name="党员干部"),
        member(world.county, name="非党员干部", political_status="non_member"),
        member(world.county, name="村支书", is_public_official=False, cadre_level="other"),
    ]
    case = file_case(world, filed_on=TODAY() - datetime.timedelta(days=40), persons=persons)
    services.case_start(case=case, user=world.officer)
    return case


def _link(case, name):
    return case.persons.get(person__name=name)


def _snapshot(case):
    case.refresh_from_db()
    return (
        case.status,
        case.decided_on,
        case.investigation_due,
        case.violation_amount,
        case.recovered_amount,
        case.returned_amount,
        CaseEvent.objects.filter(case=case).count(),
        Measure.objects.count(),
        CaseExtension.objects.count(),
    )


def _cases(world, case):
    """(name, page url, page data, API url, API data, error field, message fragment)."""
    before = (case.filed_on - datetime.timedelta(days=1)).isoformat()
    today = TODAY().isoformat()
    return [
        (
            "measure decided before filing",
            reverse("cases:measure_create", args=[_link(case, "党员干部").pk]),
            {"kind": "gov_warning", "decided_on": before},
            f"/api/cases/{case.pk}/measures/",
            {"case_person": _link(case, "党员干部").pk, "kind": "gov_warning", "decided_on": before},
            "decided_on",
            "不能早于立案日期",
        ),
        (
            "extension beyond the limit",
            reverse("cases:case_extend", args=[case.pk]),
            {"approved_on": today, "days": "91", "approver": world.leader.pk, "reason": "案情复杂"},
            f"/api/cases/{case.pk}/extend/",
            {"approved_on": today, "days": 91, "approver": world.leader.pk, "reason": "案情复杂"},
            "days",
            "不能超过 90 天",
        ),
        (
            "government sanction for a non-public-official",
            reverse("cases:measure_create", args=[_link(case, "村支书").pk]),
            {"kind": "gov_demerit", "decided_on": today},
            f"/api/cases/{case.pk}/measures/",
            {"case_person": _link(case, "村支书").pk, "kind": "gov_demerit", "decided_on": today},
            "kind",
            "不是公职人员，不能给予政务处分",
        ),
        (
            "party sanction for a non-member",
            reverse("cases:measure_create", args=[_link(case, "非党员干部").pk]),
            {"kind": "party_serious_warning", "decided_on": today},
            f"/api/cases/{case.pk}/measures/",
            {"case_person": _link(case, "非党员干部").pk, "kind": "party_serious_warning", "decided_on": today},
            "kind",
            "不是中共党员，不能给予党纪处分",
        ),
        (
            "negative amount",
            reverse("cases:case_amounts", args=[case.pk]),
            {"violation_amount": "100", "recovered_amount": "-0.01", "returned_amount": "0"},
            f"/api/cases/{case.pk}/amounts/",
            {"violation_amount": "100", "recovered_amount": "-0.01", "returned_amount": "0"},
            "recovered_amount",
            "金额不能为负数",
        ),
    ]


NAMES = [
    "measure decided before filing",
    "extension beyond the limit",
    "government sanction for a non-public-official",
    "party sanction for a non-member",
    "negative amount",
]


@pytest.mark.parametrize("name", NAMES)
def test_page_form_refuses_with_a_chinese_error(client, world, case, name):
    row = next(r for r in _cases(world, case) if r[0] == name)
    _name, url, data, _api_url, _api_data, _field, message = row
    before = _snapshot(case)
    client.force_login(world.officer)
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page, page[:2000]
    assert _snapshot(case) == before


@pytest.mark.parametrize("name", NAMES)
def test_api_refuses_with_a_chinese_error(world, case, name):
    row = next(r for r in _cases(world, case) if r[0] == name)
    _name, _url, _data, api_url, api_data, field, message = row
    before = _snapshot(case)
    api = APIClient()
    api.force_authenticate(world.officer)
    response = api.post(api_url, api_data, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "提交的数据有误，请检查标注的字段。"
    assert message in " ".join(body["errors"][field])
    assert _snapshot(case) == before


def _in_review(case, world):
    services.case_send_to_review(case=case, user=world.officer, received_on=case.filed_on + datetime.timedelta(days=5))
    return case


def test_decision_before_filing_is_refused_in_the_page_and_the_api(client, world, case):
    _in_review(case, world)
    before = _snapshot(case)
    early = (case.filed_on - datetime.timedelta(days=1)).isoformat()
    later = (case.filed_on + datetime.timedelta(days=6)).isoformat()
    client.force_login(world.officer)
    response = client.post(
        reverse("cases:case_action", args=[case.pk, "decide"]),
        {"decide-review_concluded_on": later, "decide-decided_on": early},
    )
    assert response.status_code == 200 and "处理决定日期不能早于立案日期" in response.content.decode()
    api = APIClient()
    api.force_authenticate(world.officer)
    response = api.post(
        f"/api/cases/{case.pk}/decide/", {"review_concluded_on": later, "decided_on": early}, format="json"
    )
    assert response.status_code == 400
    assert "处理决定日期不能早于立案日期" in response.json()["errors"]["decided_on"][0]
    assert _snapshot(case) == before and case.status == CaseStatus.REVIEWING


def test_negative_amount_at_conclusion_is_refused_in_the_page_and_the_api(client, world, case):
    _in_review(case, world)
    day = (case.filed_on + datetime.timedelta(days=6)).isoformat()
    services.case_decide(
        case=case, user=world.officer, review_concluded_on=datetime.date.fromisoformat(day), decided_on=TODAY()
    )
    before = _snapshot(case)
    api = APIClient()
    api.force_authenticate(world.officer)
    response = api.post(
        f"/api/cases/{case.pk}/conclude/", {"concluded_on": TODAY().isoformat(), "returned_amount": "-5"}, format="json"
    )
    assert response.status_code == 400 and "金额不能为负数" in response.json()["errors"]["returned_amount"][0]
    assert _snapshot(case) == before and case.status == CaseStatus.DECIDED


def test_filing_outside_ones_township_through_the_api_saves_nothing(world):
    api = APIClient()
    api.force_authenticate(world.tw1)
    response = api.post(
        "/api/cases/",
        {
            "county": world.county.pk,
            "title": "某村问题",
            "filed_on": TODAY().isoformat(),
            "approver": world.leader.pk,
        },
        format="json",
    )
    assert response.status_code == 400 and "township" in response.json()["errors"]
    assert not Case.objects.exists()
    response = api.post(
        "/api/cases/",
        {
            "county": world.county.pk,
            "title": "某村问题",
            "filed_on": TODAY().isoformat(),
            "approver": world.leader.pk,
            "township": world.t1.pk,
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["number"].endswith("-0001")
