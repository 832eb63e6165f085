"""In Chromium: a zone leader reads the dashboard, asks for a workbook and downloads it when ready."""

import datetime

import pytest

from reports import services
from reports.models import ReportBuild

from . import factories as f


@pytest.mark.django_db(transaction=True)
def test_zone_leader_dashboard_then_workbook_request_polled_until_ready(q2_data, browser_page, monkeypatch):
    monkeypatch.setattr("reports.tasks.build_report.delay", lambda build_id: None)
    w = q2_data
    f.clue(w, township=w.t2, received_on=datetime.date.today(), source="qr_code")
    page = browser_page
    page.login(w.zone1_leader)

    page.goto(f"{page.base}/reports/dashboard/?scope=zone:{w.zone1.pk}&from=2025-04-01&to=2025-06-30")
    assert page.locator("h1").inner_text().strip().startswith("第一协作区统计分析")
    page.wait_for_selector("#qf-chart-units canvas")
    page.wait_for_selector("#qf-chart-forms canvas")
    side = page.locator("table.qf-side")
    assert side.locator("thead th").all_inner_texts() == ["指标", "清源镇", "庆坪镇", "第一协作区"]
    # Every figure links to its ledger: 立案数 of 清源镇 opens the case ledger filtered to it.
    row = side.locator("tr", has_text="立案数").first
    row.locator("td").first.locator("a").click()
    page.wait_for_url("**/cases/**")
    assert "filed_from=2025-04-01" in page.url and f"township={w.t1.pk}" in page.url

    page.goto(f"{page.base}/reports/builds/")
    page.select_option("#id_scope", f"zone:{w.zone1.pk}")
    page.select_option("#id_period", "quarter")
    page.select_option("#id_year", "2025")
    page.select_option("#id_quarter", "2")
    assert page.locator("#id_date_from").is_hidden()
    page.click("#qf-report-form button[type=submit]")
    page.wait_for_selector("text=已提交生成申请")
    build = ReportBuild.objects.get()
    row = page.locator(f"#build-{build.pk}")
    assert "排队中" in row.inner_text()
    services.report_build_run(build_id=build.pk)  # what the worker does
    row.locator("text=下载").wait_for()
    with page.expect_download() as download:
        row.locator("text=下载").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert "2025年第二季度" in download.value.suggested_filename
