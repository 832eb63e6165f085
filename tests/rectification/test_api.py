"""Letter, item and notification API: scoped, writes through the services, Chinese errors, in the schema."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from notifications.models import Notification
from rectification.choices import ItemStatus, LetterStatus
from rectification.models import Evidence, Item, ItemReport, Letter

from .factories import issue_letter, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    """A DRF client; ``api.as_(user)`` signs in."""
    client = APIClient()

    def as_(user):
        client.force_authenticate(user)
        return client

    client.as_ = as_
    return client


def _letter_payload(world, **overrides):
    today = timezone.localdate()
    data = {
        "kind": "notice",
        "subject": "关于农村人居环境整治问题的整改通知",
        "addressee_township": world.t2.pk,
        "approver": world.leader.pk,
        "issued_on": today.isoformat(),
        "items": [
            {
                "description": "垃圾收集点长期未清运",
                "domain": "living_environment",
                "finding": "2025年第三轮交叉监督发现",
                "responsible_person": "李四（副镇长）",
                "contact": world.tw2.pk,
                "due_on": (today + datetime.timedelta(days=30)).isoformat(),
            },
            {
                "description": "村务公开栏未按时更新",
                "finding": "群众反映",
                "responsible_person": "王五（村委会主任）",
                "due_on": (today + datetime.timedelta(days=15)).isoformat(),
            },
        ],
    }
    data.update(overrides)
    return data


# Letters ---------------------------------------------------------------------------


def test_officer_issues_a_letter_through_the_api(world, api):
    response = api.as_(world.officer).post("/api/letters/", _letter_payload(world), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    year = timezone.localdate().year
    assert body["number"] == f"ZG{year}620101-0001" and body["kind_display"] == "整改通知书"
    assert body["addressee"] == "庆坪镇" and body["status"] == LetterStatus.OPEN
    assert [(i["seq"], i["status"], i["domain"]) for i in body["items"]] == [
        (1, "issued", "living_environment"),
        (2, "issued", "other"),
    ]
    assert Notification.objects.filter(recipient=world.tw2, kind="letter_issued").count() == 1


def test_letter_with_due_date_before_issue_date_is_refused_in_chinese(world, api):
    payload = _letter_payload(world)
    payload["items"][1]["due_on"] = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = api.as_(world.officer).post("/api/letters/", payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "提交的数据有误，请检查标注的字段。"
    assert "整改期限不能早于下发日期" in body["errors"]["items.1.due_on"][0]
    assert not Letter.objects.exists() and not Item.objects.exists()


def test_letter_without_a_responsible_unit_is_refused(world, api):
    payload = _letter_payload(world, addressee_township=None)
    response = api.as_(world.officer).post("/api/letters/", payload, format="json")
    assert response.status_code == 400
    assert "请选择一个被督办单位" in response.json()["errors"]["addressee_township"][0]
    assert not Letter.objects.exists()


def test_item_without_responsible_person_or_items_at_all_is_refused(world, api):
    payload = _letter_payload(world)
    del payload["items"][0]["responsible_person"]
    response = api.as_(world.officer).post("/api/letters/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["items.0.responsible_person"] == ["该字段是必填项。"]
    response = api.as_(world.officer).post("/api/letters/", _letter_payload(world, items=[]), format="json")
    assert response.status_code == 400 and response.json()["errors"]["items"] == ["请至少列出一个问题。"]
    assert not Letter.objects.exists()


def test_township_officer_cannot_issue_letters(world, api):
    response = api.as_(world.tw2).post("/api/letters/", _letter_payload(world), format="json")
    assert response.status_code == 403
    assert "无权" in response.json()["detail"]


def test_unit_outside_the_issuers_reach_is_an_unknown_id(world, api):
    response = api.as_(world.zone2_leader).post("/api/letters/", _letter_payload(world), format="json")
    assert response.status_code == 400 and "addressee_township" in response.json()["errors"]


def test_letters_are_scoped(world, api):
    mine = issue_letter(world)
    other = issue_letter(world, township=world.t3, contact=None)
    for user, expected in (
        (world.tw2, {mine.pk}),
        (world.tw3, {other.pk}),
        (world.zone1_leader, {mine.pk}),
        (world.leader, {mine.pk, other.pk}),
        (world.outsider, set()),
    ):
        rows = api.as_(user).get("/api/letters/").json()["results"]
        assert {r["id"] for r in rows} == expected, user
    assert api.as_(world.tw1).get(f"/api/letters/{mine.pk}/").status_code == 404
    assert api.as_(world.outsider).get(f"/api/letters/{mine.pk}/items/").status_code == 404


def test_letter_items_endpoint_lists_the_problem_list(world, api, letter):
    rows = api.as_(world.tw2).get(f"/api/letters/{letter.pk}/items/").json()
    assert [(r["seq"], r["letter_number"], r["contact_name"]) for r in rows] == [
        (1, letter.number, "tw-qingping"),
        (2, letter.number, "tw-qingping"),
    ]


def test_letter_list_filters_like_the_page(world, api):
    issue_letter(world)
    closed_to = issue_letter(world, township=world.t3, contact=None)
    rows = api.as_(world.leader).get("/api/letters/", {"township": world.t3.pk}).json()["results"]
    assert [r["id"] for r in rows] == [closed_to.pk]
    rows = api.as_(world.leader).get("/api/letters/", {"q": "庆坪"}).json()["results"]
    assert len(rows) == 1 and rows[0]["addressee"] == "庆坪镇"


# Item actions ------------------------------------------------------------------------


def _post(api, user, item, action, data=None, **kwargs):
    return api.as_(user).post(f"/api/rectification-items/{item.pk}/{action}/", data or {}, **kwargs)


def test_item_lifecycle_through_the_api_closes_the_letter(world, api, letter):
    first, second = letter.items.order_by("seq")
    for item in (first, second):
        response = _post(api, world.tw2, item, "report", {"measures": "已清运并建立长效机制", "evidence": [pdf()]})
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == ItemStatus.REPORTED
        assert response.json()["reports"][0]["evidence"][0]["original_name"] == "整改报告.pdf"
        assert _post(api, world.officer, item, "verify", {"note": "现场核查属实"}, format="json").status_code == 200
        response = _post(api, world.officer, item, "close-off", format="json")
        assert response.json()["status"] == ItemStatus.CLOSED
    letter.refresh_from_db()
    assert letter.status == LetterStatus.CLOSED
    response = _post(api, world.officer, first, "reopen", {"reason": "回头看发现反弹"}, format="json")
    assert response.json()["status"] == ItemStatus.RECTIFYING and response.json()["reopen_count"] == 1
    letter.refresh_from_db()
    assert letter.status == LetterStatus.OPEN
    actions = [
        e["action"] for e in api.as_(world.officer).get(f"/api/rectification-items/{first.pk}/").json()["events"]
    ]
    assert actions == ["issue", "start", "report", "verify", "close_off", "reopen"]


def test_reject_needs_a_reason_in_chinese(world, api, item):
    _post(api, world.tw2, item, "report", {"measures": "已整改", "evidence": [pdf()]})
    response = _post(api, world.officer, item, "reject", {"reason": ""}, format="json")
    assert response.status_code == 400 and response.json()["errors"]["reason"] == ["请填写退回理由。"]
    response = _post(api, world.officer, item, "reject", {"reason": "佐证材料不全"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == ItemStatus.RECTIFYING


def test_evidence_of_the_wrong_type_is_refused_by_content_and_nothing_saved(world, api, item):
    fake = SimpleUploadedFile("整改报告.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64)
    response = _post(api, world.tw2, item, "report", {"measures": "已整改", "evidence": [fake]})
    assert response.status_code == 400
    assert "类型不在允许范围内" in response.json()["errors"]["evidence"][0]
    item.refresh_from_db()
    assert item.status == ItemStatus.ISSUED and not ItemReport.objects.exists() and not Evidence.objects.exists()


def test_reporting_on_an_item_that_is_not_the_users(world, api, item):
    # Another township cannot even see it; the issuing office may see it but is not the unit.
    assert _post(api, world.tw1, item, "report", {"measures": "x", "evidence": [pdf()]}).status_code == 404
    response = _post(api, world.officer, item, "report", {"measures": "x", "evidence": [pdf()]})
    assert response.status_code == 403 and "被督办单位" in response.json()["detail"]
    item.refresh_from_db()
    assert item.status == ItemStatus.ISSUED and not ItemReport.objects.exists()


def test_unit_cannot_verify_and_wrong_step_is_refused_in_chinese(world, api, item):
    assert _post(api, world.tw2, item, "verify", format="json").status_code == 403
    response = _post(api, world.officer, item, "close-off", format="json")
    assert response.status_code == 400
    assert "不能执行“销号”" in response.json()["errors"]["non_field_errors"][0]


def test_item_detail_tells_the_caller_what_they_may_do(world, api, item):
    assert api.as_(world.tw2).get(f"/api/rectification-items/{item.pk}/").json()["allowed_actions"] == [
        "start",
        "report",
    ]
    assert api.as_(world.officer).get(f"/api/rectification-items/{item.pk}/").json()["allowed_actions"] == []


def test_ledger_api_shows_the_unit_only_its_items_and_filters_overdue(world, api):
    today = timezone.localdate()
    late = issue_letter(world, issued_on=today - datetime.timedelta(days=40), due_on=today - datetime.timedelta(days=5))
    issue_letter(world, township=world.t1, contact=None)
    rows = api.as_(world.tw2).get("/api/rectification-items/").json()["results"]
    assert {r["letter"] for r in rows} == {late.pk}
    rows = api.as_(world.leader).get("/api/rectification-items/", {"overdue": "true"}).json()["results"]
    assert [(r["letter"], r["is_overdue"]) for r in rows] == [(late.pk, True)]
    assert api.as_(world.outsider).get("/api/rectification-items/").json()["results"] == []


# Notifications ---------------------------------------------------------------------------


def test_notifications_api_lists_only_mine_and_marks_read(world, api, letter):
    own = Notification.objects.get(recipient=world.tw2)
    others = Notification.objects.create(recipient=world.tw1, title="别人的消息")
    client = api.as_(world.tw2)
    assert client.get("/api/notifications/unread-count/").json() == {"unread": 1}
    rows = client.get("/api/notifications/").json()["results"]
    assert [(r["id"], r["kind"], r["is_read"]) for r in rows] == [(own.pk, "letter_issued", False)]
    assert client.get(f"/api/notifications/{others.pk}/").status_code == 404
    assert client.post(f"/api/notifications/{others.pk}/read/").status_code == 404
    response = client.post(f"/api/notifications/{own.pk}/read/")
    assert response.status_code == 200 and response.json()["is_read"] is True
    assert client.get("/api/notifications/", {"unread": "true"}).json()["results"] == []
    assert client.get("/api/notifications/unread-count/").json() == {"unread": 0}
    others.refresh_from_db()
    assert others.read_at is None


def test_notifications_read_all(world, api):
    for n in range(3):
        Notification.objects.create(recipient=world.tw2, title=f"消息{n}")
    client = api.as_(world.tw2)
    assert client.post("/api/notifications/read-all/").json() == {"marked": 3}
    assert client.get("/api/notifications/unread-count/").json() == {"unread": 0}


def test_api_needs_a_signed_in_user(world):
    client = APIClient()
    for url in ("/api/letters/", "/api/rectification-items/", "/api/notifications/"):
        assert client.get(url).status_code in (401, 403)


# Query budgets ----------------------------------------------------------------------------


@pytest.mark.parametrize("n", [5, 50])
def test_letter_and_ledger_api_lists_keep_a_fixed_query_budget(world, api, django_assert_max_num_queries, n):
    for _ in range(n // 5):
        issue_letter(world, n_items=5)
    client = api.as_(world.zone1_leader)
    with django_assert_max_num_queries(12):
        assert len(client.get("/api/letters/").json()["results"]) == n // 5
    with django_assert_max_num_queries(12):
        assert len(client.get("/api/rectification-items/").json()["results"]) == n
    letter = Letter.objects.first()
    with django_assert_max_num_queries(12):
        assert len(client.get(f"/api/letters/{letter.pk}/").json()["items"]) == 5
    item = letter.items.first()
    with django_assert_max_num_queries(16):
        assert client.get(f"/api/rectification-items/{item.pk}/").status_code == 200
    for _ in range(n):
        Notification.objects.create(recipient=world.zone1_leader, title="提醒")
    with django_assert_max_num_queries(8):
        assert client.get("/api/notifications/").json()["count"] == n


def test_endpoints_are_in_the_schema(world, api):
    paths = api.as_(world.leader).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    for path in (
        "/api/letters/",
        "/api/letters/{id}/items/",
        "/api/rectification-items/{id}/report/",
        "/api/rectification-items/{id}/verify/",
        "/api/rectification-items/{id}/reject/",
        "/api/rectification-items/{id}/close-off/",
        "/api/rectification-items/{id}/reopen/",
        "/api/notifications/",
        "/api/notifications/{id}/read/",
    ):
        assert path in paths, path
