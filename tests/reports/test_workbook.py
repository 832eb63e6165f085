import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook

from reports import services
from reports.choices import BuildStatus, ReportKind
from reports.models import ReportBuild
from reports.periods import Period
from reports.scopes import build_scope
from reports.selectors import stats

from . import factories as f

D = datetime.date
Q2 = Period.quarter(2025, 2)


def build_for(user, *, level="county", pk=None, kind=ReportKind.QUARTERLY, period=Q2, world=None):
    scope = build_scope(level, pk)
    build = services.report_request(kind=kind, period=period, scope=scope, user=user)
    return services.report_build_run(build_id=build.pk)


def files_under_reports() -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT) / "reports"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def county_book(q2_data, django_capture_on_commit_callbacks):
    w = q2_data
    # Text that a spreadsheet would run as a formula.
    f.clue(w, township=w.t2, received_on=D(2025, 5, 5), summary='=HYPERLINK("http://evil.example","点我")')
    f.clue(w, township=w.t2, received_on=D(2025, 5, 6), summary="+86 139 0000 0000 @某人 -有问题")
    build = build_for(w.officer, pk=w.county.pk)
    assert build.status == BuildStatus.DONE, build.error
    return w, build, load_workbook(build.file.path)


def test_workbook_has_the_five_sheets_in_order(county_book):
    _w, build, wb = county_book
    assert wb.sheetnames == ["汇总表", "线索台账", "案件台账", "整改台账", "四种形态"]
    assert build.progress == 100
    assert build.file_size == Path(build.file.path).stat().st_size


def test_summary_sheet_headers_rows_and_totals(county_book):
    _w, _build, wb = county_book
    ws = wb["汇总表"]
    assert ws.freeze_panes == "C5"
    assert "甲县纪检监察工作统计汇总表" in ws["A1"].value
    # Centred over the first columns, so it is on screen when the sheet opens (not over all 45).
    assert "A1:N1" in {str(r) for r in ws.merged_cells.ranges}
    assert "2025年第二季度" in ws["A2"].value
    headers = [c.value for c in ws[4]]
    assert headers[2] == "线索总数"
    assert "谈话函询" in headers and "收缴追缴" in headers and "逾期" in headers
    groups = [c.value for c in ws[3] if c.value]
    assert groups[:4] == ["协作区", "乡镇（街道）", "线索受理", "线索处置"]
    labels = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(5, 12)]
    assert labels == [
        ("第一协作区", "清源镇"),
        ("第一协作区", "庆坪镇"),
        ("第一协作区", "小计"),
        ("第二协作区", "会川镇"),
        ("第二协作区", "小计"),
        ("县直单位（未归属乡镇）", None),
        ("全县合计", "合计"),
    ]
    col = {h: i + 1 for i, h in enumerate(headers) if h}
    total_row = 11
    assert ws.cell(total_row, col["线索总数"]).value == 6
    assert ws.cell(7, col["线索总数"]).value == 5  # zone 1 subtotal
    assert ws.cell(total_row, col["收缴追缴"]).value == pytest.approx(1.23)
    assert ws.cell(total_row, col["收缴追缴"]).number_format == "#,##0.00"
    pct = ws.cell(total_row, col["第四种"])
    assert pct.number_format == "0.0%"
    assert pct.value == pytest.approx(0.333)
    assert ws.column_dimensions["A"].width == 14


def test_no_data_cell_is_a_formula_and_formula_like_text_stays_text(county_book):
    _w, _build, wb = county_book
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    ledger = wb["线索台账"]
    summaries = {ledger.cell(r, 10).value: ledger.cell(r, 10) for r in range(4, ledger.max_row + 1)}
    evil = summaries['=HYPERLINK("http://evil.example","点我")']
    assert evil.data_type == "s"
    assert evil.quotePrefix is True
    assert summaries["+86 139 0000 0000 @某人 -有问题"].quotePrefix is True


def test_ledgers_carry_dates_as_dates_and_amounts_as_numbers(county_book):
    _w, _build, wb = county_book
    clues = wb["线索台账"]
    assert [c.value for c in clues[3]][:3] == ["线索编号", "受理日期", "线索来源"]
    assert clues.freeze_panes == "A4"
    received = [clues.cell(r, 2).value for r in range(4, clues.max_row + 1)]
    assert all(isinstance(v, datetime.datetime) for v in received)
    assert clues.cell(4, 2).number_format == "yyyy-mm-dd"
    duplicates = [clues.cell(r, 17).value for r in range(4, clues.max_row + 1) if clues.cell(r, 17).value]
    assert len(duplicates) == 1 and duplicates[0].startswith("重复件")
    cases = wb["案件台账"]
    row = next(r for r in range(4, cases.max_row + 1) if cases.cell(r, 4).value == "清源镇")
    assert cases.cell(row, 14).value == pytest.approx(12345.67)
    assert "李一：党内警告（2025-05-10）、记过（2025-05-10）" in cases.cell(row, 8).value
    rect = wb["整改台账"]
    overdue = [rect.cell(r, 15).value for r in range(4, rect.max_row + 1)]
    assert overdue.count("是") == 2


def test_forms_sheet_has_person_times_and_shares_by_township(county_book):
    _w, _build, wb = county_book
    ws = wb["四种形态"]
    assert [c.value for c in ws[3]][:7] == [
        "协作区",
        "乡镇（街道）",
        "第一种形态",
        "第二种形态",
        "第三种形态",
        "第四种形态",
        "合计",
    ]
    total = [c.value for c in ws[ws.max_row]]
    assert total[:7] == ["全县合计", "合计", 1, 1, 0, 1, 3]
    assert total[7] == pytest.approx(0.333)


def test_summary_only_kind_writes_one_sheet(q2_data):
    build = build_for(q2_data.leader, pk=q2_data.county.pk, kind=ReportKind.SUMMARY)
    assert load_workbook(build.file.path).sheetnames == ["汇总表"]


def test_workbook_summary_equals_the_statistics_figure_by_figure(q2_data):
    w = q2_data
    for level, pk in (("county", w.county.pk), ("zone", w.zone1.pk), ("township", w.t3.pk)):
        build = build_for(w.leader, level=level, pk=pk, kind=ReportKind.SUMMARY)
        s = stats(period=Q2, scope=build_scope(level, pk))
        ws = load_workbook(build.file.path)["汇总表"]
        for offset, row in enumerate(s.rows()):
            values = [c.value for c in ws[5 + offset]][2:]
            expected = [
                float(row.values[fig.key]) / 100 if fig.kind == "percent" else float(row.values[fig.key])
                for fig in s.figures
            ]
            assert values == pytest.approx(expected), (level, row.name)


def test_failed_build_leaves_no_file_and_records_the_error(q2_data, monkeypatch):
    from reports import workbook

    def broken(path, **kwargs):
        Path(path).write_bytes(b"PK half a workbook")
        raise OSError("磁盘已满")

    monkeypatch.setattr(workbook, "write_workbook", broken)
    before = files_under_reports()
    build = build_for(q2_data.officer, pk=q2_data.county.pk)
    assert build.status == BuildStatus.FAILED
    assert "磁盘已满" in build.error
    assert not build.file
    assert files_under_reports() == before


def test_a_run_cut_short_leaves_its_part_file_to_the_next_delivery(q2_data):
    """A worker lost mid-write leaves ``.build-<id>.xlsx.part``; the redelivered task replaces it and keeps one file."""
    w = q2_data
    build = services.report_request(
        kind=ReportKind.SUMMARY, period=Q2, scope=build_scope("zone", w.zone1.pk), user=w.zone1_leader
    )
    stale = Path(settings.PRIVATE_MEDIA_ROOT) / services.report_upload_to(build, "x").rsplit("/", 1)[0]
    stale.mkdir(parents=True, exist_ok=True)
    (stale / f".build-{build.pk}.xlsx.part").write_bytes(b"PK cut short")
    ReportBuild.objects.filter(pk=build.pk).update(status=BuildStatus.RUNNING, progress=40)
    build = services.report_build_run(build_id=build.pk)
    assert build.status == BuildStatus.DONE
    assert not (stale / f".build-{build.pk}.xlsx.part").exists()
    assert Path(build.file.path).parent == stale and load_workbook(build.file.path).sheetnames == ["汇总表"]


def test_the_requester_hears_of_a_failure(q2_data, monkeypatch):
    from notifications.models import Notification
    from reports import workbook

    def broken(path, **kwargs):
        raise ValueError("模板损坏")

    monkeypatch.setattr(workbook, "write_workbook", broken)
    build_for(q2_data.zone1_leader, level="zone", pk=q2_data.zone1.pk)
    notice = Notification.objects.get(recipient=q2_data.zone1_leader)
    assert notice.title.startswith("统计报表生成失败") and "模板损坏" in notice.body


def test_running_a_done_build_again_changes_nothing(q2_data):
    build = build_for(q2_data.officer, pk=q2_data.county.pk, kind=ReportKind.SUMMARY)
    assert services.report_build_run(build_id=build.pk) is None
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE and Path(build.file.path).exists()


def test_money_is_rounded_to_two_decimals_of_ten_thousand_yuan(world):
    p = f.person(world, name="钱某")
    c = f.case(world, township=world.t1, filed_on=D(2025, 4, 1), persons=[p])
    f.conclude(world, c, decided_on=D(2025, 5, 1), concluded_on=D(2025, 5, 2), recovered="4999.99", returned="5000.00")
    s = stats(period=Q2, scope=build_scope("township", world.t1.pk))
    assert s.total.values["funds_recovered"] == Decimal("0.50")
    assert s.total.values["funds_returned"] == Decimal("0.50")


def test_memory_stays_flat_as_ledger_rows_grow(q2_data, tmp_path):
    """Write-only mode streams rows to disk: ten times the rows, about the same peak memory."""
    import tracemalloc

    from reports.workbook import write_workbook
    from reports.workbook_types import Column, Ledger

    s = stats(period=Q2, scope=build_scope("county", q2_data.county.pk))
    columns = [Column("编号", 18), Column("受理日期", 12, "date"), Column("摘要", 40), Column("金额", 14, "money")]

    def peak(rows: int) -> int:
        data = ((f"XS-{i:06d}", D(2025, 4, 1), f"反映问题{i}" * 3, Decimal("1234.56")) for i in range(rows))
        tracemalloc.start()
        write_workbook(tmp_path / f"{rows}.xlsx", stats=s, ledgers=[Ledger("线索台账", columns, data, rows)])
        _current, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(1_000), peak(10_000)
    assert large < small * 1.5 + 512 * 1024, (small, large)
    wb = load_workbook(tmp_path / "10000.xlsx", read_only=True)
    assert sum(1 for _row in wb["线索台账"].iter_rows(values_only=True)) == 3 + 10_000
