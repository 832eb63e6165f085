"""Pages: letter form, detail with timeline, print page, item steps, ledger with filters and export, scope."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditAction, AuditEvent
from notifications.models import Notification
from rectification import services
from rectification.choices import ItemStatus, LetterStatus
from rectification.models import Evidence, Item, ItemReport, Letter

from .factories import issue_letter, pdf

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def _letter_form(world, **overrides):
    today = timezone.localdate()
    data = {
        "kind": "supervision",
        "subject": "关于低保评定问题的整改督办",
        "unit_kind": "township",
        "addressee_township": world.t2.pk,
        "approver": world.leader.pk,
        "issued_on": today.isoformat(),
        "requirements": "请于期限内完成整改。",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-description": "低保评定未经民主评议",
        "items-0-domain": "subsidies",
        "items-0-finding": "2025年交叉监督发现",
        "items-0-responsible_person": "王五（村委会主任）",
        "items-0-contact": world.tw2.pk,
        "items-0-due_on": (today + datetime.timedelta(days=30)).isoformat(),
        "items-1-description": "公示期不足七天",
        "items-1-domain": "subsidies",
        "items-1-finding": "群众反映",
        "items-1-responsible_person": "赵六（民政专干）",
        "items-1-due_on": (today + datetime.timedelta(days=20)).isoformat(),
    }
    data.update(overrides)
    return data


# Letter form ---------------------------------------------------------------------------


def test_officer_issues_a_letter_from_the_form(world, client):
    _login(client, world.officer)
    assert client.get(reverse("rectification:letter_create")).status_code == 200
    response = client.post(reverse("rectification:letter_create"), _letter_form(world))
    letter = Letter.objects.get()
    assert response.status_code == 302 and response["Location"] == letter.get_absolute_url()
    assert letter.addressee_township == world.t2 and letter.requirements == "请于期限内完成整改。"
    assert list(letter.items.values_list("seq", "contact")) == [(1, world.tw2.pk), (2, None)]


def test_letter_form_refuses_due_date_before_issue_date_and_saves_nothing(world, client):
    _login(client, world.officer)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(reverse("rectification:letter_create"), _letter_form(world, **{"items-1-due_on": yesterday}))
    assert response.status_code == 200
    assert "整改期限不能早于下发日期" in response.content.decode()
    assert not Letter.objects.exists() and not Item.objects.exists()


def test_letter_form_refuses_a_letter_without_unit_or_responsible_person(world, client):
    _login(client, world.officer)
    response = client.post(
        reverse("rectification:letter_create"),
        _letter_form(world, addressee_township="", **{"items-0-responsible_person": ""}),
    )
    html = response.content.decode()
    assert response.status_code == 200 and "请选择被督办单位。" in html and "该字段是必填项。" in html
    assert not Letter.objects.exists()


def test_letter_form_is_not_there_for_those_who_cannot_issue(world, client):
    for user in (world.tw2, world.auditor, world.outsider):
        assert _login(client, user).get(reverse("rectification:letter_create")).status_code == 404


# Letter detail, print page -----------------------------------------------------------------


def test_letter_detail_shows_items_and_the_timeline(world, client, letter):
    item = letter.items.order_by("seq").first()
    services.item_report(item=item, measures="已补开民主评议会", files=[pdf()], user=world.tw2)
    html = _login(client, world.tw2).get(letter.get_absolute_url()).content.decode()
    assert letter.number in html and "惠民补贴发放公示不及时（第2项）" in html
    timeline = html[html.index('data-testid="letter-timeline"') :]
    assert "报送整改情况" in timeline and "已补开民主评议会" in timeline and "第1项" in timeline


@pytest.mark.parametrize("persona", ["tw1", "tw3", "zone2_leader", "outsider", "vs2", "nobody"])
def test_letter_outside_scope_is_404(world, client, letter, persona):
    _login(client, getattr(world, persona))
    item = letter.items.first()
    for url in (
        letter.get_absolute_url(),
        reverse("rectification:letter_print", args=[letter.pk]),
        item.get_absolute_url(),
        reverse("rectification:item_report", args=[item.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_print_page_has_the_official_layout(world, client, letter):
    html = _login(client, world.officer).get(reverse("rectification:letter_print", args=[letter.pk])).content.decode()
    for text in (
        "甲县纪委监委",
        letter.number,
        "整改督办函",
        "庆坪镇党委、政府：",
        "惠民补贴发放公示不及时（第1项）",
        "王五（村委会主任）",
        "签发人：leader",
        "@page",
        "window.print()",
    ):
        assert text in html, text
    due = letter.items.first().due_on
    assert f"{due.year}年{due.month}月{due.day}日" in html


# Item steps on the page -------------------------------------------------------------------


def test_unit_reports_with_evidence_then_officer_verifies_and_closes_off(world, client, letter):
    first, second = letter.items.order_by("seq")
    _login(client, world.tw2)
    for item in (first, second):
        response = client.post(
            reverse("rectification:item_report", args=[item.pk]), {"measures": "已整改到位", "evidence": [pdf()]}
        )
        assert response.status_code == 302
    assert Evidence.objects.count() == 2
    _login(client, world.officer)
    for item in (first, second):
        for action in ("verify", "close_off"):
            url = reverse("rectification:item_action", args=[item.pk, action])
            assert client.post(url, {"note": "核查属实"}).status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.CLOSED and letter.closed_on == timezone.localdate()
    html = client.get(first.get_absolute_url()).content.decode()
    assert "已销号" in html and "回头看重新整改" in html


def test_evidence_of_wrong_type_shows_a_clear_error_and_saves_nothing(world, client, item):
    fake = SimpleUploadedFile("照片.jpg", b"#!/bin/sh\necho hi\n" * 10, content_type="image/jpeg")
    response = _login(client, world.tw2).post(
        reverse("rectification:item_report", args=[item.pk]), {"measures": "已整改", "evidence": [fake]}
    )
    assert response.status_code == 200
    assert "类型不在允许范围内" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.ISSUED and not ItemReport.objects.exists()


def test_only_the_unit_gets_the_report_page(world, client, item):
    assert _login(client, world.officer).get(reverse("rectification:item_report", args=[item.pk])).status_code == 404


def test_reject_without_reason_redisplays_the_page_with_the_error(world, client, item):
    services.item_report(item=item, measures="已整改", files=[pdf()], user=world.tw2)
    response = _login(client, world.officer).post(
        reverse("rectification:item_action", args=[item.pk, "reject"]), {"note": ""}
    )
    assert response.status_code == 400 and "请填写退回理由。" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.REPORTED


def test_unit_cannot_verify_from_the_page(world, client, item):
    services.item_report(item=item, measures="已整改", files=[pdf()], user=world.tw2)
    response = _login(client, world.tw2).post(reverse("rectification:item_action", args=[item.pk, "verify"]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.REPORTED


def test_evidence_download_is_scoped_and_audited(world, client, item):
    services.item_report(item=item, measures="已整改", files=[pdf()], user=world.tw2)
    evidence = Evidence.objects.get()
    response = _login(client, world.zone1_leader).get(evidence.get_absolute_url())
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD, object_id=str(evidence.pk)).exists()
    assert _login(client, world.tw1).get(evidence.get_absolute_url()).status_code == 404


# Ledger -----------------------------------------------------------------------------------------


@pytest.fixture
def ledger(world):
    """Items in three townships: one overdue in 庆坪镇, one reported in 清源镇, one closed in 会川镇."""
    today = timezone.localdate()
    late = issue_letter(
        world, issued_on=today - datetime.timedelta(days=60), due_on=today - datetime.timedelta(days=3)
    ).items.get()
    reported = issue_letter(world, township=world.t1, contact=None).items.get()
    services.item_report(item=reported, measures="已整改", files=[pdf()], user=world.tw1)
    closed = issue_letter(world, township=world.t3, contact=None).items.get()
    services.item_report(item=closed, measures="已整改", files=[pdf()], user=world.tw3)
    services.item_verify(item=closed, user=world.officer)
    services.item_close_off(item=closed, user=world.officer)
    return {"late": late, "reported": reported, "closed": closed}


def _ledger_ids(client, **params):
    response = client.get(reverse("rectification:item_list"), params)
    assert response.status_code == 200
    return {item.pk for item in response.context["items"]}


def test_ledger_filters(world, client, ledger):
    _login(client, world.leader)
    assert _ledger_ids(client) == {i.pk for i in ledger.values()}
    assert _ledger_ids(client, overdue="true") == {ledger["late"].pk}
    assert _ledger_ids(client, status="closed") == {ledger["closed"].pk}
    assert _ledger_ids(client, status="open") == {ledger["late"].pk}
    assert _ledger_ids(client, awaiting_verification="true") == {ledger["reported"].pk}
    assert _ledger_ids(client, township=world.t1.pk) == {ledger["reported"].pk}
    assert _ledger_ids(client, zone=world.zone1.pk) == {ledger["late"].pk, ledger["reported"].pk}
    assert _ledger_ids(client, q="庆坪") == {ledger["late"].pk}
    today = timezone.localdate()
    assert _ledger_ids(client, closed_from=today.isoformat()) == {ledger["closed"].pk}


def test_units_own_ledger_shows_only_its_items(world, client, ledger):
    assert _ledger_ids(_login(client, world.tw2)) == {ledger["late"].pk}
    assert _ledger_ids(_login(client, world.zone1_leader)) == {ledger["late"].pk, ledger["reported"].pk}
    assert _ledger_ids(_login(client, world.outsider)) == set()


def test_ledger_export_is_scoped_audited_and_formula_safe(world, client, ledger):
    Item.objects.filter(pk=ledger["late"].pk).update(description='=HYPERLINK("http://x","点我")')
    _login(client, world.zone1_leader)
    response = client.get(reverse("rectification:item_export"), {"township": world.t2.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content))["整改台账"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("文号", "文书类别", "序号") and len(rows) == 2
    assert rows[1][5] == '=HYPERLINK("http://x","点我")'
    cell = sheet.cell(row=2, column=6)
    assert cell.data_type == "s"
    assert rows[1][13] == "是" and isinstance(rows[1][11], datetime.datetime)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, detail__contains="整改台账").exists()
    # The unit's export holds only its own items.
    sheet = load_workbook(io.BytesIO(_login(client, world.tw1).get(reverse("rectification:item_export")).content))
    assert [r[3] for r in list(sheet["整改台账"].iter_rows(values_only=True))[1:]] == ["清源镇"]


@pytest.mark.parametrize("n", [5, 50])
def test_pages_keep_a_fixed_query_budget(world, client, django_assert_max_num_queries, n):
    for _ in range(n // 5):
        issue_letter(world, n_items=5)
    letter = Letter.objects.first()
    item = letter.items.first()
    services.item_report(item=item, measures="已整改", files=[pdf(), pdf("b.pdf")], user=world.tw2)
    _login(client, world.zone1_leader)
    for url, budget in (
        (reverse("rectification:letter_list"), 20),
        (reverse("rectification:item_list"), 20),
        (reverse("rectification:item_list") + f"?overdue=false&zone={world.zone1.pk}", 20),
        (letter.get_absolute_url(), 20),
        (reverse("rectification:letter_print", args=[letter.pk]), 12),
        (item.get_absolute_url(), 20),
        (reverse("notifications:list"), 15),
    ):
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200, url
    with django_assert_max_num_queries(20):
        assert client.get(reverse("rectification:item_export")).status_code == 200


# Notifications page and bell ----------------------------------------------------------------------


def test_bell_shows_the_unread_count_and_the_page_marks_read(world, client, letter):
    _login(client, world.tw2)
    html = client.get(reverse("rectification:letter_list")).content.decode()
    assert 'data-testid="bell-count">1<' in html
    note = Notification.objects.get(recipient=world.tw2)
    page = client.get(reverse("notifications:list")).content.decode()
    assert note.title in page and "未读" in page
    response = client.post(reverse("notifications:read", args=[note.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == letter.get_absolute_url()
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'data-testid="bell-count"' not in client.get(reverse("rectification:letter_list")).content.decode()


def test_mark_read_never_redirects_off_site_and_others_notifications_are_404(world, client, letter):
    note = Notification.objects.get(recipient=world.tw2)
    _login(client, world.tw2)
    response = client.post(reverse("notifications:read", args=[note.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("notifications:list")
    assert _login(client, world.tw1).post(reverse("notifications:read", args=[note.pk])).status_code == 404


def test_read_all(world, client):
    for n in range(3):
        Notification.objects.create(recipient=world.tw2, title=f"消息{n}")
    _login(client, world.tw2)
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=world.tw2, read_at__isnull=True).exists()
    assert client.get(reverse("notifications:list"), {"show": "read"}).context["notifications"]
