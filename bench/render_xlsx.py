"""Render one sheet of an .xlsx as an HTML table and a PNG (Chromium), to look at a workbook without Excel.

    python bench/render_xlsx.py report.xlsx 汇总表 out.png

Merged cells, fills, bold fonts, column widths, frozen panes and the number formats the
report uses (#,##0 / #,##0.00 / 0.0% / yyyy-mm-dd) are honoured; formulas would be shown
as such (there are none).
"""

from __future__ import annotations

import datetime
import html
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter


def fmt(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if cell.data_type == "f":
        return f"<code>{html.escape(str(value))}</code>"
    nf = cell.number_format
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int | float):
        if nf == "0.0%":
            return f"{value * 100:.1f}%"
        if nf == "#,##0.00":
            return f"{value:,.2f}"
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    return html.escape(str(value))


def to_html(path: Path, sheet: str) -> str:
    ws = load_workbook(path)[sheet]
    spans, hidden = {}, set()
    for rng in ws.merged_cells.ranges:
        spans[(rng.min_row, rng.min_col)] = (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    hidden.add((r, c))
    freeze = ws.freeze_panes
    frozen_rows = ws[freeze].row - 1 if freeze else 0
    cols = ["<colgroup>"]
    total = 0
    for c in range(1, ws.max_column + 1):
        width = round((ws.column_dimensions[get_column_letter(c)].width or 9) * 8)
        total += width
        cols.append(f'<col style="width:{width}px">')
    cols.append("</colgroup>")
    rows = []
    for row in ws.iter_rows():
        cells = []
        for cell in row:
            key = (cell.row, cell.column)
            if key in hidden:
                continue
            style = []
            if cell.fill is not None and cell.fill.fgColor is not None and cell.fill.fill_type == "solid":
                style.append(f"background:#{cell.fill.fgColor.rgb[-6:]}")
            if cell.font is not None and cell.font.b:
                style.append("font-weight:bold")
            if cell.font is not None and cell.font.sz and cell.font.sz > 12:
                style.append(f"font-size:{cell.font.sz * 1.3:.0f}px")
            align = cell.alignment.horizontal if cell.alignment is not None else None
            if align == "center":
                style.append("text-align:center")
            elif isinstance(cell.value, int | float):
                style.append("text-align:right")
            if cell.border is None or cell.border.left is None or cell.border.left.style is None:
                style.append("border-color:transparent")
            if cell.row <= frozen_rows:
                style.append("position:sticky")
            rs, cs = spans.get(key, (1, 1))
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            cells.append(f'<td{attrs} style="{";".join(style)}">{fmt(cell)}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"""<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>{html.escape(sheet)}</title>
<style>
 body {{ font-family: "Noto Sans CJK SC", "SimSun", sans-serif; margin: 16px; background: #fff; }}
 table {{ border-collapse: collapse; table-layout: fixed; font-size: 12px; }}
 td {{ border: 1px solid #999; padding: 2px 4px; overflow: hidden; white-space: normal; word-break: break-all; }}
 .tab {{ font-size: 12px; color: #555; margin-bottom: 6px; }}
</style>
<div class="tab">{html.escape(path.name)} · 工作表「{html.escape(sheet)}」（冻结至 {freeze or "—"}）</div>
<table style="width:{total}px">{"".join(cols)}{"".join(rows)}</table></html>"""


def main() -> None:
    source, sheet, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    page_html = to_html(source, sheet)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        page_file = Path(tmp) / "sheet.html"
        page_file.write_text(page_html, encoding="utf-8")
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1800, "height": 900})
        page.goto(page_file.as_uri())
        width = page.evaluate("document.querySelector('table').scrollWidth + 40")
        page.set_viewport_size({"width": int(width), "height": 900})
        page.screenshot(path=str(out), full_page=True)
        # Wide sheets are also cut into parts of 1,600 px that can be read at a glance.
        height = page.evaluate("document.body.scrollHeight")
        if width > 2000:
            for i, left in enumerate(range(0, int(width), 1600), start=1):
                clip = {"x": left, "y": 0, "width": min(1600, int(width) - left), "height": height}
                page.screenshot(path=str(out.with_stem(f"{out.stem}_part{i}")), full_page=True, clip=clip)
        browser.close()


if __name__ == "__main__":
    main()
