"""The clue desk in a real Chromium: register a clue (a bad attachment refused first), then take it
through 分办, 签收, 初步核实 and its steps to 立案审查调查, and follow the link to the case."""

import pytest

from cases.models import Case
from clues.models import Clue, ClueAttachment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser_page):
    """The shared live-server page; ``login`` starts a fresh session, so the test can change hands."""
    login = browser_page.login

    def fresh_login(user):
        browser_page.context.clear_cookies()
        login(user)

    browser_page.login = fresh_login
    return browser_page


def act(page, action, fill=None):
    """Open one step of the clue page's 办理 panel, fill it, submit it and return the flash message."""
    page.click(f"button[data-bs-target='#qf-action-{action}']")
    page.wait_for_selector(f"#qf-action-{action}.show")
    if fill:
        fill()
    page.click(f"#qf-action-{action} button[type=submit]")
    page.wait_for_load_state()
    return page.locator(".alert").first.inner_text()


def test_register_and_dispose_a_clue_to_case_filing(page, world):
    pdf_disguised = {"name": "举报材料.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00 not a pdf \x00"}
    letter = {"name": "举报信.txt", "mimeType": "text/plain", "buffer": "举报信：王德明截留补贴。".encode()}

    # Registration by the petition office, a named report with one new person reported.
    page.login(world.petition)
    page.click("nav >> text=登记线索")
    page.select_option("#id_source", "petition")
    page.select_option("#id_channel", "visit")
    page.check("#id_is_anonymous_1")
    page.fill("#id_reporter_name", "李秀英")
    page.fill("#id_reporter_phone", "13909321234")
    page.fill("#id_persons-0-name", "王德明")
    page.fill("#id_persons-0-unit", "城关村村民委员会")
    page.fill("#id_persons-0-position", "村委会主任")
    page.select_option("#id_persons-0-cadre_level", "other")
    page.select_option("#id_persons-0-political_status", "party_member")
    page.select_option("#id_township", str(world.t1.pk))
    page.wait_for_selector(f"#id_village option[value='{world.v1.pk}']", state="attached")
    page.select_option("#id_village", str(world.v1.pk))
    page.select_option("#id_domain", "subsidies")
    page.check("label:has-text('截留挪用')")
    page.fill("#id_amount", "35600.50")
    page.fill("#id_summary", "反映城关村村委会主任王德明截留耕地地力保护补贴")
    page.fill("#id_description", "举报人称：2023年全村耕地地力保护补贴未足额发放到户。")

    # A file that only pretends to be a PDF is refused; everything typed is still there.
    page.set_input_files("#id_attachments", [pdf_disguised])
    page.click("button:has-text('保存并生成编号')")
    page.wait_for_selector("#qf-form-errors")
    assert "线索尚未保存" in page.inner_text("#qf-form-errors")
    assert "举报材料.pdf”的实际内容不是允许的文件类型" in page.inner_text("#qf-clue-form")
    assert Clue.objects.count() == 0
    assert page.input_value("#id_summary") == "反映城关村村委会主任王德明截留耕地地力保护补贴"
    assert page.input_value("#id_persons-0-name") == "王德明"
    assert page.input_value("#id_reporter_name") == "李秀英"
    assert page.input_value("#id_village") == str(world.v1.pk)
    assert page.input_value("#id_amount") == "35600.50"
    assert page.is_checked("label:has-text('截留挪用') >> xpath=..//input")

    page.set_input_files("#id_attachments", [letter])
    page.click("button:has-text('保存并生成编号')")
    page.wait_for_selector("text=线索已登记，编号")
    clue = Clue.objects.get()
    assert clue.number in page.inner_text("h1")
    assert ClueAttachment.objects.get().original_name == "举报信.txt"
    assert "李秀英" in page.inner_text("#qf-reporter")  # the petition office sees the reporter

    # 分办 to 第一纪检监察室, 承办人 the case officer.
    def assign():
        page.select_option("#id_assign-handling_mode", "self")
        page.select_option("#id_assign-receiver", f"department:{world.dept.pk}")
        page.select_option("#id_assign-assignee", str(world.officer.pk))

    assert "已分办" in act(page, "assign", assign)

    # The case officer signs for it and disposes it by 初步核实 up to 立案审查调查.
    page.login(world.officer)
    page.goto(f"{page.base}/clues/{clue.pk}/")
    assert "已签收" in act(page, "sign")

    def dispose():
        page.select_option("#id_dispose-method", "verification")
        page.select_option("#id_dispose-decided_by", str(world.leader.pk))

    assert "已确定处置方式" in act(page, "dispose", dispose)
    assert "处置中" in page.inner_text("h1")
    for step in ("plan_approved", "report_submitted"):
        assert "已登记办理步骤" in act(
            page, "record_step", lambda s=step: page.select_option("#id_record_step-step", s)
        )

    def file_case():
        page.select_option("#id_conclude-result", "file_case")
        page.select_option("#id_conclude-case_approver", str(world.leader.pk))

    assert "已登记办理结果" in act(page, "conclude", file_case)
    clue.refresh_from_db()
    case = Case.objects.get(clue=clue)
    assert clue.status == "concluded" and clue.result == "file_case"
    assert "已办结" in page.inner_text("h1")

    timeline = page.inner_text("#qf-timeline")
    for line in (
        "登记",
        "分办",
        "签收",
        "确定处置方式",
        "初核方案审批",
        "初核情况报告",
        "办结",
        "移送立案",
        case.number,
    ):
        assert line in timeline, line
    assert list(clue.events.order_by("at", "id").values_list("kind", flat=True)) == [
        "register",
        "assign",
        "sign",
        "dispose",
        "step",
        "step",
        "conclude",
        "case",
    ]

    # The clue links its case, and the case page links back to the clue.
    page.click(f"a:has-text('{case.number}')")
    page.wait_for_url(f"**/cases/{case.pk}/")
    assert clue.number in page.inner_text("main")
    page.click(f"a:has-text('{clue.number}')")
    page.wait_for_url(f"**/clues/{clue.pk}/")
