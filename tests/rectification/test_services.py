import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from notifications.models import Notification
from rectification import services
from rectification.choices import ItemAction, ItemStatus, LetterStatus
from rectification.models import Evidence, Item, ItemEvent, Letter

from .factories import issue_letter, pdf, png, xlsx

pytestmark = pytest.mark.django_db


def _to(item, status, world):
    """Walk ``item`` through the legal path up to ``status``."""
    path = [ItemStatus.ISSUED, ItemStatus.RECTIFYING, ItemStatus.REPORTED, ItemStatus.VERIFIED, ItemStatus.CLOSED]
    steps = {
        ItemStatus.RECTIFYING: lambda i: services.item_start(item=i, user=world.tw2),
        ItemStatus.REPORTED: lambda i: services.item_report(item=i, measures="已整改", files=[pdf()], user=world.tw2),
        ItemStatus.VERIFIED: lambda i: services.item_verify(item=i, user=world.officer),
        ItemStatus.CLOSED: lambda i: services.item_close_off(item=i, user=world.officer),
    }
    for target in path[1 : path.index(status) + 1]:
        steps[target](item)
        item.refresh_from_db()
    return item


def test_letter_issue_numbers_per_county_and_year(world):
    first = issue_letter(world)
    second = issue_letter(world)
    year = first.issued_on.year
    assert first.number == f"ZG{year}620101-0001"
    assert second.number == f"ZG{year}620101-0002"
    assert first.township == world.t2 and first.unit_kind == "township"
    assert list(first.items.values_list("seq", "status")) == [(1, ItemStatus.ISSUED)]
    assert ItemEvent.objects.filter(item__letter=first, action=ItemAction.ISSUE).count() == 1


def test_letter_to_village_is_scoped_by_its_township(world):
    letter = issue_letter(world, village=world.v2)
    assert letter.township == world.t2 and letter.unit_kind == "village"
    assert Letter.objects.restrict(world.tw2).filter(pk=letter.pk).exists()
    assert not Letter.objects.restrict(world.tw1).filter(pk=letter.pk).exists()


def test_letter_to_department_is_seen_only_at_county_level(world):
    letter = issue_letter(world, department=world.dept)
    assert letter.township is None and letter.unit_kind == "department"
    assert Letter.objects.restrict(world.leader).filter(pk=letter.pk).exists()
    assert not Letter.objects.restrict(world.tw2).filter(pk=letter.pk).exists()
    assert not Letter.objects.restrict(world.zone1_leader).filter(pk=letter.pk).exists()


def test_issuing_tells_the_contact(world):
    letter = issue_letter(world)
    note = Notification.objects.get(recipient=world.tw2)
    assert letter.number in note.title and note.url == letter.get_absolute_url()


def test_due_date_before_issue_date_is_refused_and_nothing_saved(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        issue_letter(world, issued_on=today, due_on=today - datetime.timedelta(days=1))
    assert "items.0.due_on" in exc.value.message_dict
    assert "整改期限不能早于下发日期" in exc.value.message_dict["items.0.due_on"][0]
    assert not Letter.objects.exists() and not Item.objects.exists()


def test_letter_without_unit_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.letter_issue(
            county=world.county,
            kind="supervision",
            subject="无单位",
            issued_on=timezone.localdate(),
            approver=world.leader,
            items=[services.ItemInput("问题", "张三", timezone.localdate(), finding="检查发现")],
            user=world.officer,
        )
    assert "addressee_township" in exc.value.message_dict
    assert not Letter.objects.exists()


def test_letter_to_two_units_is_refused(world):
    with pytest.raises(ValidationError):
        issue_letter(world, township=world.t2, department=world.dept)
    assert not Letter.objects.exists()


def test_letter_without_items_or_with_item_without_source_is_refused(world):
    base = {
        "county": world.county,
        "kind": "supervision",
        "subject": "x",
        "issued_on": timezone.localdate(),
        "approver": world.leader,
        "user": world.officer,
        "addressee_township": world.t2,
    }
    with pytest.raises(ValidationError) as exc:
        services.letter_issue(items=[], **base)
    assert "items" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.letter_issue(items=[services.ItemInput("问题", "张三", timezone.localdate())], **base)
    assert "items.0.finding" in exc.value.message_dict
    assert not Letter.objects.exists()


def test_approver_must_be_a_leader(world):
    with pytest.raises(ValidationError) as exc:
        services.letter_issue(
            county=world.county,
            kind="supervision",
            subject="x",
            issued_on=timezone.localdate(),
            approver=world.tw1,
            items=[services.ItemInput("问题", "张三", timezone.localdate(), finding="检查发现")],
            user=world.officer,
            addressee_township=world.t2,
        )
    assert "approver" in exc.value.message_dict


def test_contact_from_another_unit_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        issue_letter(world, contact=world.tw1)
    assert "items.0.contact" in exc.value.message_dict


@pytest.mark.parametrize("persona", ["tw2", "tw1", "auditor", "petition", "vs2", "outsider"])
def test_only_supervisors_in_reach_may_issue(world, persona):
    with pytest.raises(PermissionDenied):
        issue_letter(world, user=getattr(world, persona))
    assert not Letter.objects.exists()


def test_zone_leader_issues_in_own_zone_only(world):
    assert issue_letter(world, user=world.zone1_leader, zone=world.zone1).issuer_name.endswith("第一协作区")
    with pytest.raises(PermissionDenied):
        issue_letter(world, user=world.zone2_leader, township=world.t2)


def test_full_lifecycle_closes_the_letter_and_reopen_opens_it(world, letter):
    first, second = letter.items.order_by("seq")
    _to(first, ItemStatus.CLOSED, world)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.OPEN
    _to(second, ItemStatus.CLOSED, world)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.CLOSED and letter.closed_on == timezone.localdate()
    services.item_reopen(item=second, reason="回头看发现问题反弹", user=world.officer)
    second.refresh_from_db()
    letter.refresh_from_db()
    assert second.status == ItemStatus.RECTIFYING and second.reopen_count == 1 and second.closed_on is None
    assert letter.status == LetterStatus.OPEN and letter.closed_on is None
    actions = list(second.events.values_list("action", flat=True))
    assert actions == ["issue", "start", "report", "verify", "close_off", "reopen"]


def test_report_from_issued_starts_then_reports_and_tells_the_issuer(world, item):
    report = services.item_report(item=item, measures="已补发补贴并公示", files=[pdf(), png()], user=world.tw2)
    item.refresh_from_db()
    assert item.status == ItemStatus.REPORTED and item.reported_on == timezone.localdate()
    assert list(item.events.values_list("action", flat=True)) == ["issue", "start", "report"]
    evidence = list(report.evidence.order_by("id"))
    assert [e.content_type for e in evidence] == ["application/pdf", "image/png"]
    assert evidence[0].original_name == "整改报告.pdf"
    assert "整改报告" not in evidence[0].file.name and evidence[0].file.name.endswith(".pdf")
    assert Notification.objects.filter(recipient=world.officer, kind="item_reported").count() == 1


def test_reject_needs_a_reason_and_returns_to_rectifying(world, item):
    _to(item, ItemStatus.REPORTED, world)
    with pytest.raises(ValidationError) as exc:
        services.item_reject(item=item, reason=" ", user=world.officer)
    assert "reason" in exc.value.message_dict
    new_due = timezone.localdate() + datetime.timedelta(days=30)
    services.item_reject(item=item, reason="佐证材料不全", due_on=new_due, user=world.officer)
    item.refresh_from_db()
    assert item.status == ItemStatus.RECTIFYING and item.due_on == new_due
    assert item.events.last().note == "佐证材料不全"
    assert Notification.objects.filter(recipient=world.tw2, kind="item_rejected").exists()


ALL_ACTIONS = {
    ItemAction.START: lambda i, w: services.item_start(item=i, user=w.tw2),
    ItemAction.REPORT: lambda i, w: services.item_report(item=i, measures="m", files=[pdf()], user=w.tw2),
    ItemAction.VERIFY: lambda i, w: services.item_verify(item=i, user=w.officer),
    ItemAction.REJECT: lambda i, w: services.item_reject(item=i, reason="r", user=w.officer),
    ItemAction.CLOSE_OFF: lambda i, w: services.item_close_off(item=i, user=w.officer),
    ItemAction.REOPEN: lambda i, w: services.item_reopen(item=i, reason="r", user=w.officer),
}
LEGAL = {
    ItemStatus.ISSUED: {ItemAction.START, ItemAction.REPORT},
    ItemStatus.RECTIFYING: {ItemAction.REPORT},
    ItemStatus.REPORTED: {ItemAction.VERIFY, ItemAction.REJECT},
    ItemStatus.VERIFIED: {ItemAction.CLOSE_OFF},
    ItemStatus.CLOSED: {ItemAction.REOPEN},
}


@pytest.mark.parametrize("status", list(LEGAL))
@pytest.mark.parametrize("action", list(ALL_ACTIONS))
def test_every_transition_is_allowed_or_refused_in_chinese(world, letter, status, action):
    item = _to(letter.items.order_by("seq").first(), status, world)
    events_before = item.events.count()
    if action in LEGAL[status]:
        ALL_ACTIONS[action](item, world)
        item.refresh_from_db()
        assert item.status == services.TRANSITIONS[action][1]
    else:
        with pytest.raises(ValidationError) as exc:
            ALL_ACTIONS[action](item, world)
        assert "不能执行" in exc.value.messages[0]
        item.refresh_from_db()
        assert item.status == status and item.events.count() == events_before


@pytest.mark.parametrize("persona", ["officer", "zone1_leader", "tw1", "leader"])
def test_only_the_unit_reports(world, item, persona):
    with pytest.raises(PermissionDenied):
        services.item_report(item=item, measures="m", files=[pdf()], user=getattr(world, persona))
    item.refresh_from_db()
    assert item.status == ItemStatus.ISSUED and not Evidence.objects.exists()


@pytest.mark.parametrize("persona", ["tw2", "tw1", "auditor", "zone2_leader"])
def test_the_unit_and_outsiders_cannot_verify(world, item, persona):
    _to(item, ItemStatus.REPORTED, world)
    with pytest.raises(PermissionDenied):
        services.item_verify(item=item, user=getattr(world, persona))
    item.refresh_from_db()
    assert item.status == ItemStatus.REPORTED


def test_zone_leader_verifies_in_own_zone(world, item):
    _to(item, ItemStatus.REPORTED, world)
    services.item_verify(item=item, user=world.zone1_leader)
    item.refresh_from_db()
    assert item.status == ItemStatus.VERIFIED


def test_department_staff_report_on_department_letter(world):
    from tests.factories import UserFactory

    staff = UserFactory(username="dept-staff", department=world.dept)
    letter = issue_letter(world, department=world.dept, contact=None)
    item = letter.items.get()
    services.item_report(item=item, measures="已整改", files=[pdf()], user=staff)
    item.refresh_from_db()
    assert item.status == ItemStatus.REPORTED
    with pytest.raises(PermissionDenied):
        services.item_start(item=issue_letter(world, department=world.dept, contact=None).items.get(), user=world.tw2)


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("恶意.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),
        SimpleUploadedFile("说明.txt", "纯文本说明".encode(), content_type="text/plain"),
        SimpleUploadedFile("图片.gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00;"),
    ],
    ids=["exe-named-pdf", "txt", "gif"],
)
def test_wrong_evidence_type_is_refused_and_nothing_saved(world, item, upload):
    with pytest.raises(ValidationError) as exc:
        services.item_report(item=item, measures="已整改", files=[pdf(), upload], user=world.tw2)
    assert "类型不在允许范围内" in exc.value.message_dict["evidence"][0]
    item.refresh_from_db()
    assert item.status == ItemStatus.ISSUED and item.events.count() == 1
    assert not Evidence.objects.exists()


def test_report_without_evidence_or_measures_is_refused(world, item):
    with pytest.raises(ValidationError) as exc:
        services.item_report(item=item, measures="", files=[], user=world.tw2)
    assert set(exc.value.message_dict) == {"measures", "evidence"}


def test_office_documents_are_accepted(world, item):
    report = services.item_report(item=item, measures="台账已建立", files=[xlsx()], user=world.tw2)
    assert report.evidence.get().content_type.endswith("spreadsheetml.sheet")


def test_steps_recorded_from_paper_keep_their_dates(world):
    issued = timezone.localdate() - datetime.timedelta(days=60)
    letter = issue_letter(world, issued_on=issued, due_on=issued + datetime.timedelta(days=30))
    item = letter.items.get()
    on = issued + datetime.timedelta(days=20)
    services.item_report(item=item, measures="已整改", files=[pdf()], user=world.tw2, on=on)
    item.refresh_from_db()
    services.item_verify(item=item, user=world.officer, on=on + datetime.timedelta(days=2))
    item.refresh_from_db()
    services.item_close_off(item=item, user=world.officer, on=on + datetime.timedelta(days=3))
    item.refresh_from_db()
    letter.refresh_from_db()
    assert (item.reported_on, item.verified_on, item.closed_on) == (
        on,
        on + datetime.timedelta(days=2),
        on + datetime.timedelta(days=3),
    )
    assert letter.closed_on == on + datetime.timedelta(days=3)
    days = [timezone.localtime(e.at).date() for e in item.events.order_by("at", "id")]
    assert days == [issued, on, on, on + datetime.timedelta(days=2), on + datetime.timedelta(days=3)]


def test_step_dates_in_the_future_or_before_the_letter_are_refused(world, item):
    with pytest.raises(ValidationError) as exc:
        services.item_start(item=item, user=world.tw2, on=timezone.localdate() + datetime.timedelta(days=1))
    assert exc.value.message_dict["on"] == ["办理日期不能晚于今天。"]
    with pytest.raises(ValidationError) as exc:
        services.item_start(item=item, user=world.tw2, on=item.letter.issued_on - datetime.timedelta(days=1))
    assert "办理日期不能早于下发日期" in exc.value.message_dict["on"][0]
    item.refresh_from_db()
    assert item.status == ItemStatus.ISSUED
