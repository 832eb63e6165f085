import datetime

import pytest
from django.utils import timezone

from cases.models import Case, Measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_files_a_case_and_records_a_sanction(transactional_db, browser_page, world):
    page = browser_page
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
    page.wait_for_url("**/cases/integrity/*/")
    assert "尚在以下处分影响期内" in page.inner_text("main")
    assert "记过" in page.inner_text("main")


def test_clue_becomes_a_case_that_is_concluded_and_shows_on_the_integrity_page(transactional_db, browser_page, world):
    """The issue's journey: clue → 立案 → measures and amounts → 结案 → the person's live influence period."""
    from clues.models import Clue

    from .factories import make_clue, member

    today = timezone.localdate()
    person = member(world.county, name="王建国", is_public_official=False, cadre_level="other", township=world.t2)
    clue = make_clue(
        county=world.county, township=world.t2, persons=[person], received_on=today - datetime.timedelta(days=40)
    )
    # Under 初步核实 since 30 days ago (the clue desk's own steps are tested in tests/clues).
    Clue.objects.filter(pk=clue.pk).update(
        status="disposing",
        disposal_method="verification",
        decided_on=today - datetime.timedelta(days=30),
        assignee=world.officer,
        receiving_department=world.dept,
    )
    page = browser_page
    page.login(world.officer)
    page.goto(f"{page.base}/clues/{clue.pk}/")
    page.click("button.accordion-button:has-text('办结')")
    page.select_option("#id_conclude-result", "file_case")
    page.fill("#id_conclude-concluded_on", (today - datetime.timedelta(days=20)).isoformat())
    page.select_option("#id_conclude-case_approver", str(world.leader.pk))
    page.locator("#qf-action-conclude button[type=submit]").click()
    link = page.locator("main a[href*='/cases/']", has_text="LA")
    link.wait_for()
    case = Case.objects.get()
    assert link.inner_text().strip() == case.number
    link.click()
    page.wait_for_selector("#persons >> text=王建国")

    # 王建国 is a party member but no public official: the government sanction is refused, the party one taken.
    page.click("a:has-text('记录处理措施')")
    page.select_option("#id_kind", "gov_demerit")
    page.fill("#id_decided_on", (today - datetime.timedelta(days=5)).isoformat())
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=不是公职人员，不能给予政务处分")
    page.select_option("#id_kind", "party_serious_warning")
    page.fill("#id_document_number", "渭纪处〔2026〕8号")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已记录")

    page.click("summary:has-text('更新涉案金额')")
    page.fill("#id_violation_amount", "12000")
    page.fill("#id_recovered_amount", "8000.50")
    page.fill("#id_returned_amount", "3000")
    page.click("button:has-text('保存金额')")
    page.wait_for_selector("text=已更新涉案金额")

    page.click("button[value=start]")
    page.wait_for_selector("text=已完成：开始审查调查")
    page.fill("#id_send_to_review-received_on", (today - datetime.timedelta(days=10)).isoformat())
    page.click("button[value=send_to_review]")
    page.wait_for_selector("text=已完成：移送审理")
    page.fill("#id_decide-review_concluded_on", (today - datetime.timedelta(days=6)).isoformat())
    page.fill("#id_decide-decided_on", (today - datetime.timedelta(days=5)).isoformat())
    page.click("button[value=decide]")
    page.wait_for_selector("text=已完成：作出处理决定")
    page.fill("#id_conclude-concluded_on", today.isoformat())
    page.click("button[value=conclude]")
    page.wait_for_selector("text=已完成：结案")
    case.refresh_from_db()
    assert case.status == "concluded" and str(case.recovered_amount) == "8000.50"
    assert "第二种形态" in page.inner_text("#persons")

    page.click("a:has-text('廉洁档案')")
    page.wait_for_url("**/cases/integrity/*/")
    until = Measure.objects.get().influence_until
    text = page.inner_text("main")
    assert "尚在以下处分影响期内" in text and "党内严重警告" in text and until.isoformat() in text
    assert case.number in text and clue.number in text
    page.fill("#id_date", (until + datetime.timedelta(days=1)).isoformat())
    page.click("button:has-text('查询')")
    page.wait_for_selector("text=不在任何党纪处分或政务处分影响期内")
