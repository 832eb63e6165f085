import datetime

import pytest
from django.utils import timezone

from cases.models import Case, Measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_files_a_case_and_records_a_sanction(flushable_live_db, cases_page, world):
    page = cases_page
    today = timezone.localdate()
    page.login(world.officer)
    page.click("nav >> text=案件")
    page.click("text=立案登记")
    page.fill("#id_title", "清源镇财政所工作人员涉嫌截留惠农补贴问题")
    page.fill("#id_filed_on", (today - datetime.timedelta(days=20)).isoformat())
    page.select_option("#id_approver", str(world.leader.pk))
    page.select_option("#id_township", str(world.t1.pk))
    page.click("button:has-text('立案')")
    page.wait_for_selector("text=已立案，案件编号")
    case = Case.objects.get()
    assert case.number in page.inner_text("h1")

    page.click("summary:has-text('登记新人员并加入本案')")
    form = page.locator("#add-person form[method=post]").last
    form.locator("#id_name").fill("孙　志明")
    form.locator("#id_unit").fill("清源镇财政所")
    form.locator("#id_cadre_level").select_option("general")
    form.locator("#id_political_status").select_option("party_member")
    form.locator("#id_is_public_official").check()
    form.locator("button").click()
    page.wait_for_selector("text=已登记并增加被审查调查人")

    page.click("a:has-text('记录处理措施')")
    page.select_option("#id_kind", "gov_demerit")
    page.fill("#id_decided_on", (today - datetime.timedelta(days=2)).isoformat())
    page.fill("#id_document_number", "渭监处〔2026〕7号")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已记录")
    assert "第二种形态" in page.inner_text("#persons")
    assert Measure.objects.get().form == 2

    page.click("a:has-text('廉洁档案')")
    assert "尚在以下处分影响期内" in page.inner_text("main")
    assert "记过" in page.inner_text("main")
