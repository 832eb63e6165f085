import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditAction, AuditEvent
from cases import services
from cases.choices import CaseStatus, MeasureKind
from cases.models import Case, Measure
from cases.views import home_panel

from .factories import file_case, member

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def case(world):
    """A case in 清源镇 (zone 1) with one person given a 记过 two months ago."""
    person = member(world.county, name="王建国", unit="清源镇人民政府", township=world.t1)
    case = file_case(world, filed_on=TODAY() - datetime.timedelta(days=100), persons=[person])
    services.measure_record(
        case_person=case.persons.get(),
        kind=MeasureKind.GOV_DEMERIT,
        decided_on=TODAY() - datetime.timedelta(days=60),
        document_number="渭监处〔2025〕3号",
        user=world.officer,
    )
    return case


def _case_urls(case):
    cp = case.persons.get()
    return [
        reverse("cases:case_detail", args=[case.pk]),
        reverse("cases:measure_create", args=[cp.pk]),
        reverse("cases:integrity_detail", args=[cp.person.pk]),
        reverse("cases:integrity_print", args=[cp.person.pk]),
    ]


@pytest.mark.parametrize("persona", ["leader", "officer", "zone1_leader", "tw1", "auditor", "petition"])
def test_personas_in_scope_see_the_case(client, world, case, persona):
    client.force_login(getattr(world, persona))
    detail = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert detail.status_code == 200
    assert case.number in detail.content.decode()
    listing = client.get(reverse("cases:case_list"))
    assert case.number in listing.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "tw2", "zone2_leader"])
def test_personas_outside_the_township_get_404(client, world, case, persona):
    client.force_login(getattr(world, persona))
    for url in _case_urls(case)[:2]:
        assert client.get(url).status_code == 404, url
    assert case.number not in client.get(reverse("cases:case_list")).content.decode()
    response = client.post(reverse("cases:case_action", args=[case.pk, "start"]), {})
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.FILED


def test_outsider_gets_404_on_the_integrity_pages(client, world, case):
    client.force_login(world.outsider)
    for url in _case_urls(case)[2:]:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("persona", ["admin", "vs2", "nobody"])
def test_roles_without_case_content_get_404_everywhere(client, world, case, persona):
    client.force_login(getattr(world, persona))
    for url in [reverse("cases:case_list"), reverse("cases:integrity_search"), *_case_urls(case)]:
        assert client.get(url).status_code == 404, url


def test_auditor_reads_but_cannot_act(client, world, case):
    client.force_login(world.auditor)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "开始审查调查" not in page
    assert client.post(reverse("cases:case_action", args=[case.pk, "start"]), {}).status_code == 404
    assert client.get(reverse("cases:case_create")).status_code == 404


def test_ledger_within_query_budget(client, world, django_assert_max_num_queries):
    for n in range(25):
        person = member(world.county, name=f"人员{n}")
        c = file_case(world, filed_on=TODAY() - datetime.timedelta(days=n + 1), persons=[person])
        services.measure_record(
            case_person=c.persons.get(), kind=MeasureKind.ORG_ADMONITION, decided_on=TODAY(), user=world.officer
        )
    client.force_login(world.officer)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("cases:case_list"), {"ordering": "-filed_on"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 25


def test_detail_within_query_budget(client, world, case, django_assert_max_num_queries):
    cp = case.persons.get()
    for kind in (MeasureKind.PARTY_WARNING, MeasureKind.ORG_SUSPENSION, MeasureKind.JUDICIAL_TRANSFER):
        services.measure_record(case_person=cp, kind=kind, decided_on=TODAY(), user=world.officer)
    for n in range(3):
        services.case_person_add(case=case, person=member(world.county, name=f"同案{n}"), user=world.officer)
    client.force_login(world.officer)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 200


def _numbers(response):
    return {c.number for c in response.context["page_obj"].object_list}


def test_ledger_filters(client, world, case):
    other = file_case(
        world,
        township=world.t3,
        filed_on=TODAY() - datetime.timedelta(days=3),
        joint_handling=True,
        joint_zone=world.zone2,
        title="会川镇某村违规发放补贴问题",
    )
    client.force_login(world.leader)
    url = reverse("cases:case_list")
    assert _numbers(client.get(url, {"township": world.t1.pk})) == {case.number}
    assert _numbers(client.get(url, {"zone": world.zone2.pk})) == {other.number}
    assert _numbers(client.get(url, {"joint": "true"})) == {other.number}
    assert _numbers(client.get(url, {"q": "王 建国"})) == {case.number}
    assert _numbers(client.get(url, {"q": "会川镇"})) == {other.number}
    assert _numbers(client.get(url, {"measure_type": "government"})) == {case.number}
    assert _numbers(client.get(url, {"measure_kind": "gov_demerit", "form": "2"})) == {case.number}
    assert _numbers(client.get(url, {"form": "3"})) == set()
    decided = (TODAY() - datetime.timedelta(days=60)).isoformat()
    assert _numbers(client.get(url, {"decided_from": decided, "decided_to": decided})) == {case.number}
    assert _numbers(client.get(url, {"decided_from": TODAY().isoformat()})) == set()
    assert _numbers(client.get(url, {"cadre_level": "section"})) == {case.number}
    assert _numbers(client.get(url, {"filed_to": (TODAY() - datetime.timedelta(days=50)).isoformat()})) == {case.number}
    assert _numbers(client.get(url, {"status": "filed"})) == {case.number, other.number}
    # The case filed 100 days ago is past its 90-day investigation period.
    assert _numbers(client.get(url, {"overdue": "true"})) == {case.number}
    assert _numbers(client.get(url, {"queue": "investigation"})) == {case.number}
    assert _numbers(client.get(url, {"queue": "execution"})) == {case.number}
    bad = client.get(url, {"filed_from": "not-a-date"})
    assert bad.status_code == 200 and _numbers(bad) == set()


def test_home_panel_counts_the_users_queues(world, case, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        panel = home_panel(world.zone1_leader)
    counts = {q["label"]: q["count"] for q in panel["queues"]}
    assert counts["审查调查到期"] == 1 and counts["处分执行"] == 1
    assert counts["审理到期"] == 0 and counts["留党察看到期"] == 0
    assert panel["queues"][0]["url"] == reverse("cases:case_list") + "?queue=investigation"
    assert all(q["count"] == 0 for q in home_panel(world.zone2_leader)["queues"])
    assert home_panel(world.vs2) is None


def test_filing_a_case_through_the_form(client, world):
    client.force_login(world.officer)
    response = client.post(
        reverse("cases:case_create"),
        {
            "county": world.county.pk,
            "title": "李某涉嫌虚报冒领问题",
            "filed_on": TODAY().isoformat(),
            "approver": world.leader.pk,
            "township": world.t2.pk,
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/cases/{case.pk}/")
    assert case.number.startswith(f"LA{TODAY().year}620101-")


def test_bad_filing_keeps_what_was_typed(client, world):
    client.force_login(world.officer)
    future = (TODAY() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        reverse("cases:case_create"),
        {"county": world.county.pk, "title": "李某涉嫌虚报冒领问题", "filed_on": future, "approver": world.leader.pk},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "立案日期不能晚于今天" in page and "李某涉嫌虚报冒领问题" in page
    assert not Case.objects.exists()


def test_township_officer_files_only_in_their_township(client, world):
    client.force_login(world.tw1)
    data = {
        "county": world.county.pk,
        "title": "某村问题",
        "filed_on": TODAY().isoformat(),
        "approver": world.leader.pk,
    }
    response = client.post(reverse("cases:case_create"), {**data, "township": world.t2.pk})
    assert response.status_code == 200 and not Case.objects.exists()
    response = client.post(reverse("cases:case_create"), {**data, "township": world.t1.pk})
    assert response.status_code == 302 and Case.objects.get().township == world.t1


def test_refused_action_shows_the_error_and_changes_nothing(client, world, case):
    client.force_login(world.officer)
    before = (case.filed_on - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("cases:case_action", args=[case.pk, "send_to_review"]), {"send_to_review-received_on": before}
    )
    assert response.status_code == 200
    assert "移送审理日期不能早于立案日期" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.FILED


def test_workflow_through_the_pages(client, world, case):
    client.force_login(world.officer)
    day = TODAY().isoformat()
    steps = [
        ("start", {}),
        ("send_to_review", {"send_to_review-received_on": day}),
        ("decide", {"decide-review_concluded_on": day, "decide-decided_on": day}),
        ("conclude", {"conclude-concluded_on": day}),
    ]
    for action, data in steps:
        response = client.post(reverse("cases:case_action", args=[case.pk, action]), data)
        assert response.status_code == 302, (action, response.content.decode()[:500])
    case.refresh_from_db()
    assert case.status == CaseStatus.CONCLUDED


def test_government_sanction_for_non_official_is_refused_in_the_form(client, world):
    villager = member(world.county, name="村支书", is_public_official=False, cadre_level="other")
    c = file_case(world, persons=[villager])
    client.force_login(world.officer)
    response = client.post(
        reverse("cases:measure_create", args=[c.persons.get().pk]),
        {"kind": MeasureKind.GOV_WARNING, "decided_on": TODAY().isoformat(), "document_number": "文号-1"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "不是公职人员" in page and "文号-1" in page
    assert not Measure.objects.exists()


def test_amounts_refuse_negative_values(client, world, case):
    client.force_login(world.officer)
    response = client.post(
        reverse("cases:case_amounts", args=[case.pk]),
        {"violation_amount": "100", "recovered_amount": "-3", "returned_amount": "0"},
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.violation_amount == 0


def test_integrity_lookup_is_tolerant_and_audited(client, world, case):
    client.force_login(world.leader)
    response = client.get(reverse("cases:integrity_search"), {"name": "王　建国", "unit": "清源镇 人民政府"})
    assert [p.name for p in response.context["results"]] == ["王建国"]
    assert AuditEvent.objects.filter(action=AuditAction.INTEGRITY_LOOKUP, actor=world.leader).count() == 1
    person = case.persons.get().person
    page = client.get(reverse("cases:integrity_detail", args=[person.pk])).content.decode()
    assert "尚在以下处分影响期内" in page and "记过" in page and case.number in page
    later = (TODAY() + datetime.timedelta(days=400)).isoformat()
    page = client.get(reverse("cases:integrity_detail", args=[person.pk]), {"date": later}).content.decode()
    assert "不在任何党纪处分或政务处分影响期内" in page
    printed = client.get(reverse("cases:integrity_print", args=[person.pk])).content.decode()
    assert "党风廉政情况的意见" in printed and "@page" in printed
    events = AuditEvent.objects.filter(action=AuditAction.INTEGRITY_LOOKUP, object_id=str(person.pk))
    assert events.count() == 3


def test_export_is_formula_safe_and_audited(client, world):
    file_case(world, title='=HYPERLINK("http://x")', persons=[member(world.county, name="+张三")])
    client.force_login(world.officer)
    response = client.get(reverse("cases:case_export"), {"township": world.t1.pk})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "案件编号"
    assert sheet["B2"].value == '=HYPERLINK("http://x")' and sheet["B2"].data_type == "s"
    assert sheet["D2"].data_type == "s"
    assert sheet.freeze_panes == "A2"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=world.officer).exists()


def test_zone_handling_a_case_jointly_sees_it_with_its_measures(client, world):
    person = member(world.county, name="协作案人员")
    joint = file_case(world, township=world.t1, persons=[person], joint_handling=True, joint_zone=world.zone2)
    services.measure_record(
        case_person=joint.persons.get(), kind=MeasureKind.ORG_ADMONITION, decided_on=TODAY(), user=world.officer
    )
    for persona in ("zone2_leader", "tw3"):
        client.force_login(getattr(world, persona))
        page = client.get(reverse("cases:case_detail", args=[joint.pk]))
        assert page.status_code == 200 and "诫勉" in page.content.decode()
    client.force_login(world.outsider)
    assert client.get(reverse("cases:case_detail", args=[joint.pk])).status_code == 404


def test_integrity_page_within_query_budget(client, world, case, django_assert_max_num_queries):
    person = case.persons.get().person
    for n in range(4):
        other = file_case(world, persons=[person], title=f"第{n}件")
        services.measure_record(
            case_person=other.persons.get(), kind=MeasureKind.ORG_CRITICISM, decided_on=TODAY(), user=world.officer
        )
    client.force_login(world.leader)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("cases:integrity_detail", args=[person.pk]))
    assert response.status_code == 200
    assert len(response.context["record"].cases) == 5


def _conclude(case, world):
    day = TODAY() - datetime.timedelta(days=50)
    services.case_start(case=case, user=world.officer)
    services.case_send_to_review(case=case, user=world.officer, received_on=day)
    services.case_decide(case=case, user=world.officer, review_concluded_on=day, decided_on=day)
    services.case_conclude(case=case, user=world.officer, concluded_on=TODAY())
    return case


def test_sanctions_are_executed_and_probation_resolved_after_the_case_is_closed(client, world):
    person = member(world.county, name="察看人")
    case = file_case(world, filed_on=TODAY() - datetime.timedelta(days=100), persons=[person])
    probation = services.measure_record(
        case_person=case.persons.get(),
        kind=MeasureKind.PARTY_PROBATION,
        probation_years=1,
        decided_on=TODAY() - datetime.timedelta(days=60),
        user=world.officer,
    )
    _conclude(case, world)
    client.force_login(world.officer)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "登记执行" in page and "期满处理" in page and "submit_action" not in page
    executed = (TODAY() - datetime.timedelta(days=55)).isoformat()
    response = client.post(reverse("cases:measure_execute", args=[probation.pk]), {"executed_on": executed})
    assert response.status_code == 302
    response = client.post(
        reverse("cases:measure_probation", args=[probation.pk]), {"resolved_on": TODAY().isoformat()}
    )
    assert response.status_code == 302
    probation.refresh_from_db()
    assert probation.executed_on.isoformat() == executed and probation.probation_resolved_on == TODAY()
    client.force_login(world.auditor)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "登记执行" not in page


def test_home_page_shows_the_case_queues_with_counts(client, world, case):
    client.force_login(world.zone1_leader)
    page = client.get("/").content.decode()
    assert "案件督办" in page
    for label in ("审查调查到期", "审理到期", "处分执行", "留党察看到期"):
        assert label in page
    assert reverse("cases:case_list") + "?queue=investigation" in page
    client.force_login(world.vs2)
    assert "案件督办" not in client.get("/").content.decode()


@pytest.mark.parametrize("rows", [5, 50])
def test_ledger_queries_do_not_grow_with_rows(client, world, rows, django_assert_max_num_queries):
    for n in range(rows):
        c = file_case(
            world,
            township=[world.t1, world.t2, world.t3][n % 3],
            filed_on=TODAY() - datetime.timedelta(days=n + 1),
            persons=[member(world.county, name=f"甲{n}"), member(world.county, name=f"乙{n}")],
        )
        services.measure_record(
            case_person=c.persons.first(), kind=MeasureKind.GOV_WARNING, decided_on=TODAY(), user=world.officer
        )
    client.force_login(world.zone1_leader)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("cases:case_list"), {"measure_type": "government", "form": "2"})
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        response = client.get(reverse("cases:case_export"))
    assert response.status_code == 200


def test_other_pages_within_query_budget(client, world, case, django_assert_max_num_queries):
    client.force_login(world.officer)
    cp = case.persons.get()
    for url, budget in [
        (reverse("cases:case_create"), 14),
        (reverse("cases:case_update", args=[case.pk]), 14),
        (reverse("cases:measure_create", args=[cp.pk]), 12),
        (reverse("cases:integrity_search") + "?name=王建国", 12),
        (reverse("cases:integrity_print", args=[cp.person.pk]), 16),
        (reverse("cases:case_detail", args=[case.pk]) + "?person_q=王", 30),
    ]:
        with django_assert_max_num_queries(budget):
            response = client.get(url)
        assert response.status_code == 200, url


def test_integrity_search_folds_full_width_characters_and_spacing(world):
    from cases.selectors import person_search

    member(world.county, name="李 Ａ明", unit="清源镇（第３村民小组）", township=world.t1)
    for name, unit in [("李a明", ""), ("李　ａ 明", "(第3村民小组)"), ("", "清源镇 ( 第 3")]:
        assert [p.unit for p in person_search(user=world.leader, name=name, unit=unit)] == ["清源镇（第３村民小组）"]
    assert not person_search(user=world.tw2, name="李a明").exists()
