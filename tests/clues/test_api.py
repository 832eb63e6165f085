"""The clue API: scoping, confidentiality per role, workflow actions, bad input, query budgets."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from clues.models import Clue, Reporter
from people.models import Person

from .factories import assigned, register, signed

pytestmark = pytest.mark.django_db

LIST = "/api/clues/"


def detail(clue):
    return f"/api/clues/{clue.pk}/"


def payload(world, **overrides):
    data = {
        "received_on": "2025-03-03",
        "category": "accusation",
        "source": "petition",
        "channel": "letter",
        "is_anonymous": False,
        "reporter": {"name": "李明", "phone": "13800000000", "id_number": "62010119800101123X", "address": "老王沟村"},
        "township": world.t2.pk,
        "village": world.v2.pk,
        "domain": "subsidies",
        "problem_types": ["false_claims", "favoritism"],
        "amount": "3500.50",
        "summary": "反映村干部优亲厚友、虚报冒领",
        "description": "详细情况",
        "persons": [
            {
                "name": "王建国",
                "unit": "老王沟村村委会",
                "position": "主任",
                "cadre_level": "other",
                "political_status": "party_member",
            }
        ],
    }
    data.update(overrides)
    return data


def test_create_returns_numbered_clue(world, api):
    response = api.as_(world.petition).post(LIST, payload(world))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"].startswith("XS") and body["status"] == "registered"
    assert body["reporter"]["name"] == "李明"  # the petition office sees the identity
    assert sorted(body["problem_types"]) == ["false_claims", "favoritism"]
    assert body["events"][0]["kind"] == "register"
    assert Reporter.objects.get().id_number == "62010119800101123X"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"received_on": "2999-01-01"}, "received_on"),
        ({"amount": "-1"}, "amount"),
        ({"summary": "长" * 201}, "summary"),
        ({"summary": ""}, "summary"),
        ({"problem_types": []}, "problem_types"),
        ({"problem_types": ["nope"]}, "problem_types"),
        ({"persons": []}, "persons"),
        ({"township": 999999}, "township"),
        ({"township": "abc"}, "township"),
        ({"is_anonymous": False, "reporter": None}, "reporter"),
        ({"received_on": "2025-02-30"}, "received_on"),
        ({"category": "x"}, "category"),
    ],
)
def test_bad_input_is_refused_with_field_errors_and_nothing_saved(world, api, overrides, field):
    persons_before = Person.objects.count()
    response = api.as_(world.petition).post(LIST, payload(world, **overrides))
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"] and field in body["errors"], body
    assert Clue.objects.count() == 0 and Person.objects.count() == persons_before


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"township": "abc"}, "township", "请填写记录的编号（整数）"),
        ({"village": 999999}, "village", "编号为 999999 的记录不存在或不在您的管辖范围内"),
        ({"persons": [{"person": "x"}]}, "persons", "请填写记录的编号（整数）"),
        ({"description": "长" * 20001}, "description", "20000"),
        ({"amount": "-0.01"}, "amount", "0"),
        ({"received_on": "2999-01-01"}, "received_on", "受理日期不能晚于今天"),
    ],
)
def test_bad_input_messages_are_clear_chinese(world, api, overrides, field, message):
    response = api.as_(world.petition).post(LIST, payload(world, **overrides))
    assert response.status_code == 400
    assert message in str(response.json()["errors"][field]), response.json()
    assert Clue.objects.count() == 0


def test_malformed_ids_in_workflow_actions(world, api):
    clue = register(world)
    response = api.as_(world.petition).post(
        f"{detail(clue)}assign/", {"handling_mode": "self", "receiving_department": "第一室", "assignee": 10**9}
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "请填写记录的编号（整数）" in str(errors["receiving_department"])
    assert "不存在或不在您的管辖范围内" in str(errors["assignee"])
    assert Clue.objects.get(pk=clue.pk).status == "registered"


def test_wrong_village_for_township(world, api):
    response = api.as_(world.petition).post(LIST, payload(world, village=world.v1.pk))
    assert response.status_code == 400
    assert "不属于" in str(response.json()["errors"]["village"])
    assert Clue.objects.count() == 0


def test_bad_reporter_id_number(world, api):
    data = payload(world)
    data["reporter"]["id_number"] = "123"
    response = api.as_(world.petition).post(LIST, data)
    assert response.status_code == 400
    assert "reporter_id_number" in response.json()["errors"]
    assert Clue.objects.count() == 0 and Person.objects.count() == 0


def test_outsider_gets_404_and_empty_list(world, api):
    clue = register(world)
    assert api.as_(world.outsider).get(detail(clue)).status_code == 404
    assert api.as_(world.outsider).get(LIST).json()["count"] == 0
    assert api.as_(world.tw1).get(detail(clue)).status_code == 404
    assert api.as_(world.admin).get(detail(clue)).status_code == 404  # administrators see no case content
    assert api.as_(world.nobody).get(detail(clue)).status_code == 404
    assert api.as_(world.outsider).post(f"{detail(clue)}assign/", {"handling_mode": "self"}).status_code == 404


def test_malformed_id_is_404(world, api):
    assert api.as_(world.officer).get("/api/clues/abc/").status_code == 404
    assert api.as_(world.officer).get("/api/clues/99999999999999999999/").status_code == 404


def test_village_supervisor_sees_only_own_submissions(world, api):
    own = register(world, user=world.vs2, source="village_supervisor")
    other = register(world)
    api.as_(world.vs2)
    assert [row["id"] for row in api.get(LIST).json()["results"]] == [own.pk]
    assert api.get(detail(other)).status_code == 404


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("leader", True),
        ("petition", True),
        ("officer", False),
        ("zone1_leader", False),
        ("auditor", False),
        ("tw2", False),
        ("vs2", None),
        ("tw1", None),
        ("tw3", None),
        ("zone2_leader", None),
        ("outsider", None),
        ("admin", None),
        ("nobody", None),
    ],
)
def test_reporter_identity_per_role(world, api, persona, visible):
    clue = register(world, is_anonymous=False, reporter={"name": "李明", "phone": "13800000000"})
    before = AuditEvent.objects.filter(action="view_identity").count()
    response = api.as_(getattr(world, persona)).get(detail(clue))
    if visible is None:  # outside the persona's scope: the clue does not exist for them
        assert response.status_code == 404
        assert "李明" not in response.content.decode()
        assert AuditEvent.objects.filter(action="view_identity").count() == before
        return
    body = response.json()
    if visible:
        assert body["reporter"]["name"] == "李明"
        assert AuditEvent.objects.filter(action="view_identity").count() == before + 1
    else:
        assert body["reporter"] == "已保密"
        assert "李明" not in str(body) and "13800000000" not in str(body)
        assert AuditEvent.objects.filter(action="view_identity").count() == before
    listed = api.get(LIST).json()["results"]
    assert "李明" not in str(listed)


def test_identity_never_reaches_the_audit_trail_the_auditor_reads(world, api, client):
    """The auditor reads the audit log: it records who entered or changed the reporter's identity,
    never the name, phone, ID number or address themselves."""
    from django.contrib.contenttypes.models import ContentType

    reporter = {"name": "李明远", "phone": "13800000000", "id_number": "62010119800101123X", "address": "二社七号"}
    clue_id = api.as_(world.petition).post(LIST, payload(world, reporter=reporter)).json()["id"]
    new_reporter = {**reporter, "phone": "13900000001"}
    response = api.patch(f"/api/clues/{clue_id}/", {"is_anonymous": False, "reporter": new_reporter})
    assert response.status_code == 200, response.json()
    events = AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(Reporter))
    assert events.count() >= 2
    for event in AuditEvent.objects.all():
        text = f"{event.changes} {event.detail} {event.object_repr}"
        for value in (*reporter.values(), "13900000001"):
            assert value not in text, (event.action, text)
    update = events.filter(action="update").get()
    assert update.changes == {"phone": ["（保密）", "（保密）"]}
    assert update.actor == world.petition
    client.force_login(world.auditor)
    for event in events:
        html = client.get(f"/audit/{event.pk}/").content.decode()
        assert "李明远" not in html and "13900000001" not in html


def test_assigned_case_officer_sees_identity(world, api):
    clue = assigned(world, register(world, is_anonymous=False, reporter={"name": "李明"}), assignee=world.officer)
    body = api.as_(world.officer).get(detail(clue)).json()
    assert body["reporter"]["name"] == "李明"
    event = AuditEvent.objects.filter(action="view_identity").latest("id")
    assert event.actor == world.officer and event.object_id == str(clue.pk)


def test_anonymous_clue_shows_anonymous(world, api):
    clue = register(world)
    assert api.as_(world.leader).get(detail(clue)).json()["reporter"] == "匿名"


def test_workflow_through_the_api(world, api):
    api.as_(world.petition)
    clue_id = api.post(LIST, payload(world)).json()["id"]
    base = f"/api/clues/{clue_id}/"
    response = api.post(
        base + "assign/",
        {
            "handling_mode": "self",
            "receiving_department": world.dept.pk,
            "assignee": world.officer.pk,
            "assigned_on": "2025-03-04",
        },
    )
    assert response.status_code == 200, response.json()
    api.as_(world.officer)
    assert api.post(base + "sign/").json()["signed_at"]
    response = api.post(base + "dispose/", {"method": "inquiry", "decided_on": "2025-03-05", "inquiry_form": "talk"})
    assert response.json()["status"] == "disposing", response.json()
    response = api.post(base + "record-step/", {"step": "inquiry_held", "on": "2025-03-06"})
    assert response.json()["inquiry_on"] == "2025-03-06"
    response = api.post(base + "conclude/", {"result": "accepted", "concluded_on": "2025-03-20"})
    assert response.json()["status"] == "concluded"
    response = api.post(base + "record-step/", {"step": "reporter_result_notified", "on": "2025-03-21"})
    assert response.status_code == 200, response.json()
    response = api.post(base + "close-off/", {})
    body = response.json()
    assert body["status"] == "closed"
    assert [e["kind"] for e in body["events"]] == [
        "register",
        "assign",
        "sign",
        "dispose",
        "step",
        "conclude",
        "notify",
        "close_off",
    ]


def test_journey_to_case_filing_through_the_api(world, api, settings):
    """Register (with an attachment) → assign → sign → 初步核实 → steps → 立案审查调查: the case is
    created and linked both ways, and every step is on the clue's timeline."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cases.models import Case

    api.as_(world.petition)
    response = api.post(LIST, payload(world))
    assert response.status_code == 201, response.json()
    clue_id = response.json()["id"]
    base = f"/api/clues/{clue_id}/"
    letter = SimpleUploadedFile("举报信.txt", "举报信原文".encode(), content_type="text/plain")
    response = api.upload(base + "attachments/", [letter])
    assert response.status_code == 201, response.json()
    steps = [
        (
            world.petition,
            "assign/",
            {
                "handling_mode": "self",
                "receiving_department": world.dept.pk,
                "assignee": world.officer.pk,
                "assigned_on": "2025-03-04",
            },
        ),
        (world.officer, "sign/", {"note": "已签收"}),
        (
            world.officer,
            "dispose/",
            {"method": "verification", "decided_on": "2025-03-05", "decided_by": world.leader.pk},
        ),
        (world.officer, "record-step/", {"step": "plan_approved", "on": "2025-03-06"}),
        (world.officer, "record-step/", {"step": "report_submitted", "on": "2025-04-10"}),
        (
            world.officer,
            "conclude/",
            {"result": "file_case", "concluded_on": "2025-04-15", "case_approver": world.leader.pk},
        ),
    ]
    for user, action, data in steps:
        response = api.as_(user).post(base + action, data)
        assert response.status_code == 200, (action, response.json())
    body = response.json()
    assert body["status"] == "concluded" and body["result"] == "file_case"
    assert body["plan_approved_on"] == "2025-03-06" and body["report_on"] == "2025-04-10"
    case = Case.objects.get()
    assert case.clue_id == clue_id
    assert body["cases"] == [{"id": case.pk, "number": case.number, "filed_on": "2025-04-15", "status": case.status}]
    assert api.get(f"/api/cases/{case.pk}/").json()["clue"] == clue_id
    assert [e["kind"] for e in body["events"]] == [
        "register",
        "attach",
        "assign",
        "sign",
        "dispose",
        "step",
        "step",
        "conclude",
        "case",
    ]
    # Nothing further but 销号.
    assert body["allowed_actions"] == ["attach", "close_off", "notify"]
    assert api.post(base + "close-off/", {"closed_on": "2025-04-16"}).json()["status"] == "closed"


def test_journey_to_closing_through_the_api(world, api):
    """予以了结 concludes at once; 销号 takes it off the open ledger."""
    api.as_(world.tw2)
    data = payload(world, is_anonymous=True, reporter=None)
    clue_id = api.post(LIST, data).json()["id"]
    base = f"/api/clues/{clue_id}/"
    for action, body in (
        (
            "assign/",
            {
                "handling_mode": "self",
                "receiving_township": world.t2.pk,
                "assignee": world.tw2.pk,
                "assigned_on": "2025-03-03",
            },
        ),
        ("sign/", {}),
        ("dispose/", {"method": "close", "decided_on": "2025-03-05", "close_reason": "untrue", "note": "经核反映失实"}),
        ("close-off/", {"closed_on": "2025-03-06"}),
    ):
        response = api.post(base + action, body)
        assert response.status_code == 200, (action, response.json())
    body = response.json()
    assert (body["status"], body["result"], body["close_reason"]) == ("closed", "closed", "untrue")
    assert [e["kind"] for e in body["events"]] == ["register", "assign", "sign", "dispose", "conclude", "close_off"]
    assert body["cases"] == []


def test_sign_by_someone_outside_the_receiving_unit_is_403(world, api):
    clue = assigned(world)
    response = api.as_(world.petition).post(f"{detail(clue)}sign/")
    assert response.status_code == 403
    assert "承办单位或承办人" in response.json()["detail"]
    assert not Clue.objects.get(pk=clue.pk).is_signed


def test_illegal_action_is_400_in_chinese(world, api):
    clue = register(world)
    response = api.as_(world.officer).post(f"{detail(clue)}sign/")
    assert response.status_code == 400
    assert "不能签收" in str(response.json())


def test_auditor_action_is_403(world, api):
    clue = register(world)
    response = api.as_(world.auditor).post(
        f"{detail(clue)}assign/",
        {"handling_mode": "self", "receiving_department": world.dept.pk, "assignee": world.officer.pk},
    )
    assert response.status_code == 403


def test_update_only_while_registered(world, api):
    clue = register(world)
    api.as_(world.petition)
    response = api.patch(detail(clue), {"summary": "更正后的摘要"})
    assert response.status_code == 200 and response.json()["summary"] == "更正后的摘要"
    clue.refresh_from_db()
    assigned(world, clue)
    response = api.patch(detail(clue), {"summary": "再改"})
    assert response.status_code == 400
    assert Clue.objects.get(pk=clue.pk).summary == "更正后的摘要"


def test_mark_duplicate_and_filters(world, api):
    original = register(world)
    dup = register(world)
    api.as_(world.petition)
    response = api.post(f"{detail(dup)}mark-duplicate/", {"original": original.pk, "note": "重复来信"})
    assert response.status_code == 200, response.json()
    assert [r["id"] for r in api.get(LIST).json()["results"]] == [original.pk]
    assert [r["id"] for r in api.get(LIST, duplicate="only").json()["results"]] == [dup.pk]
    assert api.get(LIST, duplicate="include").json()["count"] == 2


def test_filters_match_the_ledger_params(world, api):
    a = register(
        world,
        persons=[{"name": "张三", "unit": "城关村", "cadre_level": "section", "political_status": "party_member"}],
        township=world.t1,
        village=world.v1,
    )
    b = register(world, source="qr_code", problem_types=["extortion"])
    signed(world, b)
    api.as_(world.officer)

    def ids(**params):
        return sorted(r["id"] for r in api.get(LIST, **params).json()["results"])

    assert ids(q="张 三") == [a.pk]
    assert ids(q=b.number) == [b.pk]
    assert ids(source="qr_code") == [b.pk]
    assert ids(township=world.t1.pk) == [a.pk]
    assert ids(zone=world.zone1.pk) == sorted([a.pk, b.pk])
    assert ids(zone=world.zone2.pk) == []
    assert ids(status="assigned") == [b.pk]
    assert ids(problem_type="extortion") == [b.pk]
    assert ids(cadre_level="section") == [a.pk]
    assert ids(mine="true") == [b.pk]
    assert ids(person=a.subjects.get().person_id) == [a.pk]
    assert ids(received_from="2025-03-04") == []
    assert ids(overdue="true", queue="sign") == []
    assert ids(overdue="true", queue="assign") == [a.pk]
    assert ids(overdue="false", queue="assign") == [b.pk]
    assert api.get(LIST, ordering="-number").json()["results"][0]["id"] == b.pk
    assert api.get(LIST, township="abc").status_code == 400


def test_list_query_budget(world, api, django_assert_max_num_queries):
    for i in range(15):
        clue = register(
            world,
            persons=[{"name": f"人员{i}", "unit": "村委会", "cadre_level": "other", "political_status": "non_member"}],
        )
        if i % 3 == 0:
            signed(world, clue)
    api.as_(world.officer)
    api.get(LIST)
    with django_assert_max_num_queries(12):
        response = api.get(LIST, page_size=50)
    assert response.json()["count"] == 15


def test_detail_query_budget(world, api, django_assert_max_num_queries):
    clue = signed(world, register(world, is_anonymous=False, reporter={"name": "李明"}))
    api.as_(world.leader)
    with django_assert_max_num_queries(25):
        assert api.get(detail(clue)).status_code == 200


def test_persons_list_query_budget(world, api, django_assert_max_num_queries):
    for i in range(12):
        register(
            world,
            persons=[{"name": f"人员{i}", "unit": "村委会", "cadre_level": "other", "political_status": "non_member"}],
        )
    api.as_(world.officer)
    with django_assert_max_num_queries(6):
        response = api.get("/api/persons/")
    assert response.json()["count"] == 12
    assert api.as_(world.outsider).get("/api/persons/").json()["count"] == 0


def test_persons_api_search_create_merge(world, api):
    api.as_(world.officer)
    response = api.post(
        "/api/persons/",
        {
            "name": "王 建国",
            "unit": "老王沟村",
            "cadre_level": "other",
            "political_status": "party_member",
            "township": world.t2.pk,
        },
    )
    assert response.status_code == 201, response.json()
    first = response.json()["id"]
    clue = register(world)
    second = clue.subjects.get().person_id
    assert {r["id"] for r in api.get("/api/persons/", q="王建国").json()["results"]} == {first, second}
    response = api.post(f"/api/persons/{second}/merge/", {"target": first})
    assert response.status_code == 200, response.json()
    assert clue.subjects.get().person_id == first
    assert [r["id"] for r in api.get(f"/api/persons/{first}/clues/").json()] == [clue.pk]
    assert api.as_(world.outsider).get(f"/api/persons/{first}/").status_code == 404


def test_duplicate_candidates_endpoint(world, api):
    earlier = register(world)
    response = api.as_(world.petition).get(LIST + "duplicate-candidates/", name="王建国", unit="老王沟村村委会")
    assert [r["id"] for r in response.json()] == [earlier.pk]
    assert response.json()[0]["reasons"]


def test_schema_is_served(world, api):
    response = api.as_(world.officer).get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/clues/{id}/record-step/" in response.content


def test_today_is_allowed(world, api):
    response = api.as_(world.petition).post(LIST, payload(world, received_on=timezone.localdate().isoformat()))
    assert response.status_code == 201
    assert datetime.date.fromisoformat(response.json()["received_on"]) == timezone.localdate()


def test_deadlines_in_unpublished_year_are_marked_provisional(world, api):
    from core import calendar

    clue = register(world, received_on=datetime.date(2024, 9, 27))
    body = api.as_(world.officer).get(detail(clue)).json()
    assert body["provisional_deadlines"] == []
    far = datetime.date(2099, 1, 5)
    assert calendar.is_provisional(far)
    Clue.objects.filter(pk=clue.pk).update(conclusion_due=far)
    assert api.get(detail(clue)).json()["provisional_deadlines"] == ["conclusion_due"]
