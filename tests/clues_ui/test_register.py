import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clues.models import Clue, ClueAttachment, Reporter
from people.models import Person
from tests.factories import PersonFactory

URL = reverse("clues:clue_create")


def _post(client, data, files=None):
    payload = dict(data)
    if files is not None:
        payload["attachments"] = files
    return client.post(URL, payload)


@pytest.mark.django_db
def test_petition_officer_registers_named_clue_with_new_and_existing_persons(client, world, form_data):
    existing = PersonFactory(county=world.county, township=world.t1, name="刘会计", unit="城关村村民委员会")
    client.force_login(world.petition)
    data = {
        **form_data,
        "persons-TOTAL_FORMS": "2",
        "persons-1-person": str(existing.pk),
        "persons-1-name": "刘会计",
        "persons-1-unit": "城关村村民委员会",
        "persons-1-position": "村报账员",
        "persons-1-cadre_level": "other",
        "persons-1-political_status": "non_member",
    }
    upload = SimpleUploadedFile("举报信.txt", "举报信内容：补贴未发放。".encode(), content_type="text/plain")
    response = _post(client, data, [upload])
    clue = Clue.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("clues:clue_detail", args=[clue.pk])
    assert clue.number.startswith(f"XS{clue.registered_at.year}620101-")
    assert clue.township == world.t1 and clue.village == world.v1
    assert str(clue.amount) == "35600.50"
    assert not clue.is_anonymous
    assert Reporter.objects.get(clue=clue).name == "李秀英"
    names = [s.person.name for s in clue.subjects.select_related("person").order_by("order")]
    assert names == ["张德明", "刘会计"]
    assert clue.subjects.get(person=existing).position == "村报账员"
    assert Person.objects.filter(name="刘会计").count() == 1
    attachment = ClueAttachment.objects.get(clue=clue)
    assert attachment.original_name == "举报信.txt" and attachment.kind == "txt"
    assert clue.events.filter(kind="register").exists()


@pytest.mark.django_db
def test_anonymous_clue_keeps_no_reporter_even_if_fields_were_typed(client, world, form_data):
    client.force_login(world.petition)
    response = _post(client, {**form_data, "is_anonymous": "1"})
    assert response.status_code == 302
    clue = Clue.objects.get()
    assert clue.is_anonymous and not Reporter.objects.filter(clue=clue).exists()


def _too_long():
    return "超" * 201


BAD_INPUTS = {
    "future_date": ({"received_on": "2999-01-01"}, "受理日期不能晚于今天"),
    "negative_amount": ({"amount": "-5"}, "涉及金额不能为负数"),
    "amount_not_number": ({"amount": "三万"}, "请输入数字金额"),
    "missing_reporter_name": ({"reporter_name": ""}, "实名举报请填写举报人姓名"),
    "bad_id_number": ({"reporter_id_number": "123"}, "身份证号应为 18 位"),
    "oversize_summary": ({"summary": _too_long()}, "内容摘要不能超过 200 字"),
    "missing_problem_type": ({"problem_types": []}, "请至少选择一种问题类型"),
    "petition_without_channel": ({"channel": ""}, "信访举报请选择举报方式"),
    "person_without_level": ({"persons-0-cadre_level": ""}, "请选择干部层级"),
    "malformed_date": ({"received_on": "2024-13-45"}, "请输入有效的日期"),
    "malformed_person_id": ({"persons-0-person": "abc"}, "所选人员编号无效"),
    "oversize_description": ({"description": "长" * 20001}, "详细情况不能超过 20000 字"),
    "malformed_township_id": ({"township": "abc"}, "所选乡镇不存在或不在您的管辖范围内"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_saves_nothing_and_keeps_what_was_typed(client, world, form_data, case):
    changes, message = BAD_INPUTS[case]
    client.force_login(world.petition)
    persons_before = Person.objects.count()
    response = _post(client, {**form_data, **changes})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert Clue.objects.count() == 0 and Reporter.objects.count() == 0
    assert Person.objects.count() == persons_before
    # Everything typed is still there, persons formset included.
    kept = {k: v for k, v in form_data.items() if k not in changes and isinstance(v, str) and len(v) > 1}
    for key in ("persons-0-name", "persons-0-unit", "reporter_name", "reporter_phone", "summary", "description"):
        if key in kept:
            assert kept[key] in html, key
    for key, value in changes.items():
        # (a malformed id is not an option of its select, so it cannot be shown again)
        if isinstance(value, str) and value and key not in ("persons-0-person", "township"):
            assert value in html, key
    assert "线索尚未保存" in html


@pytest.mark.django_db
def test_wrong_village_for_township_is_refused(client, world, form_data):
    client.force_login(world.petition)
    response = _post(client, {**form_data, "village": str(world.v2.pk)})
    assert response.status_code == 400
    assert "“老王沟村”不属于清源镇" in response.content.decode()
    assert Clue.objects.count() == 0


@pytest.mark.django_db
def test_village_of_other_county_is_not_a_choice(client, world, form_data):
    client.force_login(world.petition)
    response = _post(client, {**form_data, "township": "", "village": str(world.vb.pk)})
    assert response.status_code == 400
    assert "所选村（社区）不存在或不在您的管辖范围内" in response.content.decode()
    assert Clue.objects.count() == 0


@pytest.mark.django_db
def test_bad_attachment_type_is_refused_and_asks_to_choose_files_again(client, world, form_data):
    client.force_login(world.petition)
    fake_pdf = SimpleUploadedFile(
        "材料.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" * 50, content_type="application/pdf"
    )
    response = _post(client, form_data, [fake_pdf])
    html = response.content.decode()
    assert response.status_code == 400
    assert "附件“材料.pdf”的实际内容不是允许的文件类型" in html
    assert "请在“附件”中重新选择" in html
    assert Clue.objects.count() == 0 and ClueAttachment.objects.count() == 0
    assert Person.objects.count() == 0
    assert "张德明" in html and form_data["summary"] in html


@pytest.mark.django_db
def test_person_formset_needs_at_least_one_person(client, world, form_data):
    client.force_login(world.petition)
    data = {k: v for k, v in form_data.items() if not k.startswith("persons-0-")}
    response = _post(client, {**data, "persons-TOTAL_FORMS": "0"})
    assert response.status_code == 400
    assert "请至少填写一名被反映人" in response.content.decode()
    assert Clue.objects.count() == 0


@pytest.mark.django_db
def test_picking_a_person_outside_scope_is_refused(client, world, form_data):
    stranger = PersonFactory(county=world.other_county, township=world.tb, name="外县人")
    client.force_login(world.petition)
    response = _post(client, {**form_data, "persons-0-person": str(stranger.pk)})
    assert response.status_code == 400
    assert "所选人员不存在或不在您的管辖范围内" in response.content.decode()
    assert Clue.objects.count() == 0


@pytest.mark.django_db
def test_township_officer_registers_only_in_own_township(client, world, form_data):
    client.force_login(world.tw1)
    page = client.get(URL).content.decode()
    assert f'name="township" value="{world.t1.pk}"' in page
    assert "庆坪镇" not in page
    response = _post(client, {**form_data, "township": str(world.t2.pk)})
    assert response.status_code == 302
    assert Clue.objects.get().township == world.t1


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["auditor", "vs2", "outsider_admin", "nobody"])
def test_non_working_roles_get_404_on_registration(client, world, persona):
    from people.roles import Role
    from tests.factories import UserFactory, grant

    if persona == "outsider_admin":
        user = UserFactory(username="admin-x")
        grant(user, Role.ADMIN)
    else:
        user = getattr(world, persona)
    client.force_login(user)
    assert client.get(URL).status_code == 404


@pytest.mark.django_db
def test_registration_form_renders_every_field(client, world):
    client.force_login(world.petition)
    html = client.get(URL).content.decode()
    for label in (
        "受理日期",
        "信访举报分类",
        "线索来源",
        "举报方式",
        "匿名",
        "实名",
        "举报人姓名",
        "身份证号",
        "被反映人",
        "干部层级",
        "政治面貌",
        "公职人员",
        "乡镇（街道）",
        "村（社区）",
        "领域",
        "问题类型",
        "涉及金额（元）",
        "内容摘要",
        "详细情况",
        "附件",
        "可能的重复件",
    ):
        assert label in html, label
    assert datetime.date.today().isoformat()[:4] in html


@pytest.mark.django_db
def test_village_options_follow_the_township(client, world):
    client.force_login(world.petition)
    html = client.get(reverse("clues:village_options"), {"township": world.t2.pk}).content.decode()
    assert "老王沟村" in html and "城关村" not in html
    html = client.get(reverse("clues:village_options"), {"township": world.tb.pk}).content.decode()
    assert "乙村" not in html


@pytest.mark.django_db
def test_person_search_offers_people_on_record_in_scope(client, world):
    PersonFactory(county=world.county, township=world.t1, name="王 建国", unit="城关村委会")
    PersonFactory(county=world.other_county, township=world.tb, name="王建国", unit="乙村委会")
    client.force_login(world.petition)
    html = client.get(reverse("clues:person_search"), {"persons-0-name": "王建国"}).content.decode()
    assert "城关村委会" in html and "乙村委会" not in html
    assert "data-qf-pick" in html


@pytest.mark.django_db
def test_duplicate_panel_lists_earlier_clue_about_the_same_person(client, world, make_clue):
    earlier = make_clue(
        persons=[
            {"name": "赵大海", "unit": "城关村村民委员会", "cadre_level": "other", "political_status": "party_member"}
        ]
    )
    client.force_login(world.petition)
    response = client.post(
        reverse("clues:duplicate_check"),
        {"persons-0-name": "赵 大海", "persons-0-unit": "城关村村民委员会", "township": world.t1.pk},
    )
    html = response.content.decode()
    assert earlier.number in html
    assert "同一被反映人" in html
    response = client.post(reverse("clues:duplicate_check"), {"persons-0-name": "钱多多", "township": world.t1.pk})
    assert "未发现可能重复的线索" in response.content.decode()


@pytest.mark.django_db
def test_duplicate_panel_does_not_leak_clues_outside_scope(client, world, make_clue):
    make_clue(
        persons=[
            {"name": "赵大海", "unit": "城关村村民委员会", "cadre_level": "other", "political_status": "party_member"}
        ]
    )
    client.force_login(world.tw2)
    response = client.post(
        reverse("clues:duplicate_check"), {"persons-0-name": "赵大海", "persons-0-unit": "城关村村民委员会"}
    )
    assert "XS" not in response.content.decode()
