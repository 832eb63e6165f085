import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from clues import services

REPORTER = {"name": "李秀英", "phone": "13909321234", "id_number": "", "address": "城关村三社"}


@pytest.fixture
def named_clue(make_clue):
    """A named (实名) clue with a reporter and a text attachment."""
    upload = SimpleUploadedFile("举报信.txt", "补贴未发放。".encode(), content_type="text/plain")
    return make_clue(is_anonymous=False, reporter=REPORTER, attachments=[upload])


def _detail(client, clue):
    return client.get(reverse("clues:clue_detail", args=[clue.pk]))


def _act(client, clue, action, data):
    return client.post(
        reverse("clues:clue_action", args=[clue.pk, action]), {f"{action}-{k}": v for k, v in data.items()}
    )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["petition", "leader"])
def test_identity_roles_see_the_reporter_and_each_view_is_audited(client, world, named_clue, persona):
    client.force_login(getattr(world, persona))
    for expected in (1, 2):
        html = _detail(client, named_clue).content.decode()
        assert "李秀英" in html and "13909321234" in html
        assert AuditEvent.objects.filter(action="view_identity", object_id=str(named_clue.pk)).count() == expected


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["officer", "zone1_leader", "auditor", "tw1"])
def test_other_roles_see_confidential_and_no_identity_audit(client, world, named_clue, persona):
    client.force_login(getattr(world, persona))
    response = _detail(client, named_clue)
    html = response.content.decode()
    assert response.status_code == 200
    assert "已保密" in html
    assert "李秀英" not in html and "13909321234" not in html
    assert not AuditEvent.objects.filter(action="view_identity").exists()


@pytest.mark.django_db
def test_assigned_case_officer_sees_the_reporter(client, world, named_clue, today):
    services.clue_assign(
        clue=named_clue,
        user=world.petition,
        handling_mode="self",
        receiving_department=world.dept,
        assignee=world.officer,
    )
    client.force_login(world.officer)
    assert "李秀英" in _detail(client, named_clue).content.decode()
    assert AuditEvent.objects.filter(action="view_identity", actor=world.officer).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "tw2", "vs2", "nobody", "admin"])
def test_outsiders_get_404_on_clue_pages(client, world, named_clue, persona):
    client.force_login(getattr(world, persona))
    attachment = named_clue.attachments.get()
    assert _detail(client, named_clue).status_code == 404
    assert client.get(reverse("clues:attachment_download", args=[attachment.pk])).status_code == 404
    response = _act(client, named_clue, "assign", {"handling_mode": "self"})
    assert response.status_code == 404
    named_clue.refresh_from_db()
    assert named_clue.status == "registered"


@pytest.mark.django_db
def test_malformed_ids_are_404(client, world):
    client.force_login(world.petition)
    assert client.get("/clues/999999/").status_code == 404
    assert client.get("/clues/attachments/999999/").status_code == 404
    assert client.post("/clues/1/nonsense/").status_code == 404


@pytest.mark.django_db
def test_attachment_download_is_scoped_and_audited(client, world, named_clue):
    attachment = named_clue.attachments.get()
    client.force_login(world.tw1)
    response = client.get(reverse("clues:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).decode() == "补贴未发放。"
    assert AuditEvent.objects.filter(action="download", actor=world.tw1).count() == 1


@pytest.mark.django_db
def test_detail_page_query_budget(client, world, named_clue, django_assert_max_num_queries):
    client.force_login(world.petition)
    with django_assert_max_num_queries(45):
        assert _detail(client, named_clue).status_code == 200


@pytest.mark.django_db
def test_registered_clue_offers_assign_but_not_later_steps(client, world, named_clue):
    client.force_login(world.petition)
    html = _detail(client, named_clue).content.decode()
    assert f'action="/clues/{named_clue.pk}/assign/"' in html
    for action in ("sign", "dispose", "conclude", "close_off"):
        assert f'/clues/{named_clue.pk}/{action}/"' not in html


@pytest.mark.django_db
def test_read_only_roles_get_no_action_forms(client, world, named_clue):
    client.force_login(world.auditor)
    html = _detail(client, named_clue).content.decode()
    assert "qf-action-list" not in html
    response = _act(client, named_clue, "assign", {"handling_mode": "self"})
    assert response.status_code == 403
    assert "您无权办理此线索" in response.content.decode()
    named_clue.refresh_from_db()
    assert named_clue.status == "registered"


@pytest.mark.django_db
def test_illegal_step_is_refused_with_chinese_message(client, world, named_clue, today):
    client.force_login(world.petition)
    response = _act(client, named_clue, "close_off", {"closed_on": today.isoformat()})
    assert response.status_code == 400
    assert "当前状态为“已登记”，不能销号" in response.content.decode()
    named_clue.refresh_from_db()
    assert named_clue.status == "registered" and named_clue.closed_on is None


@pytest.mark.django_db
def test_step_with_bad_input_shows_field_error_and_keeps_input(client, world, named_clue, today):
    client.force_login(world.petition)
    response = _act(
        client,
        named_clue,
        "assign",
        {
            "handling_mode": "assign_down",
            "receiver": f"township:{world.t1.pk}",
            "assignee": world.tw1.pk,
            "assigned_on": today.isoformat(),
            "note": "请清源镇纪委核查",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "交办件须规定报结时限" in html
    assert "请清源镇纪委核查" in html
    named_clue.refresh_from_db()
    assert named_clue.status == "registered"


@pytest.mark.django_db
def test_full_journey_in_the_browser_forms_to_closed(client, world, make_clue, today):
    clue = make_clue(received_on=today - datetime.timedelta(days=10))
    client.force_login(world.officer)
    steps = [
        (
            "assign",
            {
                "handling_mode": "self",
                "receiver": f"department:{world.dept.pk}",
                "assignee": world.officer.pk,
                "assigned_on": (today - datetime.timedelta(days=9)).isoformat(),
            },
        ),
        ("sign", {"note": "已收到"}),
        (
            "dispose",
            {
                "method": "inquiry",
                "decided_on": (today - datetime.timedelta(days=8)).isoformat(),
                "inquiry_form": "letter",
                "decided_by": world.leader.pk,
            },
        ),
        ("record_step", {"step": "inquiry_held", "on": (today - datetime.timedelta(days=7)).isoformat()}),
        ("record_step", {"step": "reply_received", "on": (today - datetime.timedelta(days=2)).isoformat()}),
        ("conclude", {"result": "accepted", "concluded_on": today.isoformat(), "result_note": "说明属实，予以采信"}),
        ("close_off", {"closed_on": today.isoformat()}),
    ]
    for action, data in steps:
        response = _act(client, clue, action, data)
        assert response.status_code == 302, (action, response.content.decode()[-3000:])
    clue.refresh_from_db()
    assert clue.status == "closed" and clue.result == "accepted"
    html = _detail(client, clue).content.decode()
    for kind in ("登记", "分办", "签收", "确定处置方式", "办理步骤", "办结", "销号"):
        assert kind in html
    assert "采信了结" in html
    kinds = list(clue.events.order_by("at", "id").values_list("kind", flat=True))
    assert kinds == ["register", "assign", "sign", "dispose", "step", "step", "conclude", "close_off"]


@pytest.mark.django_db
def test_dispose_by_closing_concludes_at_once(client, world, make_clue, today):
    clue = make_clue()
    services.clue_assign(
        clue=clue, user=world.petition, handling_mode="self", receiving_township=world.t1, assignee=world.tw1
    )
    services.clue_sign(clue=clue, user=world.tw1)
    client.force_login(world.tw1)
    response = _act(
        client, clue, "dispose", {"method": "close", "decided_on": today.isoformat(), "close_reason": "untrue"}
    )
    assert response.status_code == 302
    clue.refresh_from_db()
    assert clue.status == "concluded" and clue.result == "closed"
    html = _detail(client, clue).content.decode()
    assert f'/clues/{clue.pk}/close_off/"' in html


@pytest.mark.django_db
def test_mark_duplicate_by_number(client, world, make_clue):
    original = make_clue()
    clue = make_clue()
    client.force_login(world.petition)
    response = _act(client, clue, "mark_duplicate", {"original": original.number.lower(), "note": "同一事项重复举报"})
    assert response.status_code == 302
    clue.refresh_from_db()
    assert clue.is_duplicate and clue.duplicate_of == original
    assert original.number in _detail(client, clue).content.decode()
    response = _act(client, make_clue(), "mark_duplicate", {"original": "XS0000"})
    assert "没有找到编号为“XS0000”的线索" in response.content.decode()


@pytest.mark.django_db
def test_file_case_result_creates_case_linked_from_the_clue(client, world, make_clue, today):
    clue = make_clue(received_on=today - datetime.timedelta(days=5))
    services.clue_assign(
        clue=clue,
        user=world.officer,
        handling_mode="self",
        receiving_department=world.dept,
        assignee=world.officer,
        assigned_on=today - datetime.timedelta(days=5),
    )
    services.clue_sign(clue=clue, user=world.officer)
    services.clue_dispose(
        clue=clue, user=world.officer, method="verification", decided_on=today - datetime.timedelta(days=4)
    )
    client.force_login(world.officer)
    response = _act(client, clue, "conclude", {"result": "file_case", "concluded_on": today.isoformat()})
    assert "立案须选择审批人" in response.content.decode()
    response = _act(
        client,
        clue,
        "conclude",
        {"result": "file_case", "concluded_on": today.isoformat(), "case_approver": world.leader.pk},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    case = clue.cases.get()
    html = _detail(client, clue).content.decode()
    assert case.number in html
