"""The rectification journey in Chromium: issue to 庆坪镇, the township reports with evidence, verify, close off."""

import datetime

import pytest
from django.utils import timezone

from rectification.choices import ItemStatus, LetterStatus
from rectification.models import Evidence, Letter

from .factories import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pages(chromium, live_server):
    """``pages(user)``: a signed-in page of its own for each persona."""
    contexts = []

    def open_as(user):
        context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", "pw-123456")
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_letter_to_qingping_is_reported_verified_and_closed_off(world, pages):
    today = timezone.localdate()
    officer = pages(world.officer)
    officer.click("nav >> text=整改督办")
    officer.click("text=下发整改文书")
    officer.select_option("#id_kind", "supervision")
    officer.fill("#id_subject", "关于低保评定问题的整改督办")
    officer.check("input[name=unit_kind][value=township]")
    officer.select_option("#id_addressee_township", str(world.t2.pk))
    officer.select_option("#id_approver", str(world.leader.pk))
    officer.fill("#id_items-0-description", "老王沟村低保评定未经民主评议")
    officer.select_option("#id_items-0-domain", "subsidies")
    officer.fill("#id_items-0-finding", "交叉监督发现")
    officer.fill("#id_items-0-responsible_person", "马某某（村党支部书记）")
    officer.select_option("#id_items-0-contact", str(world.tw2.pk))
    officer.fill("#id_items-0-due_on", (today + datetime.timedelta(days=30)).isoformat())
    officer.click("button:has-text('下发')")
    officer.wait_for_selector("text=已下发")
    letter = Letter.objects.get()
    assert letter.number in officer.inner_text("h1")

    # 庆坪镇's officer finds it through the bell and reports with evidence.
    township = pages(world.tw2)
    assert township.inner_text("[data-testid=bell-count]") == "1"
    township.click(".qf-bell")
    township.click("button:has-text('查看')")
    township.wait_for_url(f"**{letter.get_absolute_url()}")
    township.click("text=老王沟村低保评定未经民主评议")
    township.click("a:has-text('报送整改情况')")
    township.fill("#id_measures", "已召开村民代表会议重新评议，取消 2 户不符合条件的低保。")
    township.set_input_files(
        "#id_evidence", files=[{"name": "整改报告.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    township.click("button[type=submit]:has-text('报送')")
    township.wait_for_selector("text=已报送整改情况")
    assert "已报整改" in township.inner_text("h1")
    assert Evidence.objects.get().original_name == "整改报告.pdf"

    # The officer is told, verifies and closes it off; the letter closes with its last item.
    officer.goto(officer.url)
    assert officer.inner_text("[data-testid=bell-count]") == "1"
    item = letter.items.get()
    officer.goto(f"{officer.url.split('/rectification')[0]}{item.get_absolute_url()}")
    officer.fill("#id_note", "经现场核查，整改到位。")
    officer.click("button[data-action=verify]")
    officer.wait_for_selector("text=已验收通过")
    officer.click("button[data-action=close_off]")
    officer.wait_for_selector("text=已销号：")
    item.refresh_from_db()
    letter.refresh_from_db()
    assert item.status == ItemStatus.CLOSED and letter.status == LetterStatus.CLOSED
    officer.click(f"a:has-text('{letter.number}')")
    assert "已销号" in officer.inner_text("h1")
    timeline = officer.inner_text("[data-testid=letter-timeline]")
    for step in ("下发", "报送整改情况", "验收通过", "销号"):
        assert step in timeline
