"""The statistics workbook (DOMAIN.md §6), written with openpyxl in write-only mode.

Rows stream from the selectors straight into the file, so memory stays flat however
many ledger rows there are. Text that a spreadsheet would read as a formula (leading
``=``, ``+``, ``-``, ``@``) is stored as a string with a quote prefix.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable
from copy import copy

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .selectors import Stats
from .workbook_types import Ledger

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_TEXT = 32000  # Excel refuses cells longer than 32,767 characters.

THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
GROUP_FILL = PatternFill("solid", fgColor="E6B8B7")
SUBTOTAL_FILL = PatternFill("solid", fgColor="FDE9D9")
TOTAL_FILL = PatternFill("solid", fgColor="FCD5B4")
TITLE_FONT = Font(name="宋体", size=16, bold=True)
HEADER_FONT = Font(name="宋体", size=10, bold=True)
BODY_FONT = Font(name="宋体", size=10)
BOLD_FONT = Font(name="宋体", size=10, bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=False)
VCENTER = Alignment(vertical="center")

NUMBER_FORMATS = {
    "int": "#,##0",
    "money": "#,##0.00",
    "percent": "0.0%",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "text": "@",
}


def _number_format(value, kind: str) -> str | None:
    if isinstance(value, str) or value is None:
        return None
    if kind in NUMBER_FORMATS and kind != "text":
        return NUMBER_FORMATS[kind]
    if isinstance(value, datetime.datetime):
        return NUMBER_FORMATS["datetime"]
    if isinstance(value, datetime.date):
        return NUMBER_FORMATS["date"]
    if isinstance(value, int | float | decimal.Decimal):
        return NUMBER_FORMATS["int"]
    return None


def _cell(ws, value, kind: str = "text", *, font=BODY_FONT, fill=None, align=None):
    """A styled write-only cell; text is never a formula.

    Setting a style on an openpyxl cell hashes the style object, which dominates the
    time of a large sheet; each combination is set once per workbook and then copied.
    """
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    is_text = isinstance(value, str)
    if is_text:
        value = value[:MAX_TEXT]
    cell = WriteOnlyCell(ws, value)
    quote = False
    if is_text:
        # openpyxl reads a leading "=" as a formula; these cells hold data only.
        cell.data_type = "s"
        quote = value.startswith(FORMULA_PREFIXES)
    number_format = _number_format(value, kind)
    align = align or (LEFT if is_text else VCENTER)
    cache = ws.parent.__dict__.setdefault("_qf_styles", {})
    key = (number_format, id(font), id(fill), id(align), quote)
    style = cache.get(key)
    if style is not None:
        cell._style = copy(style)
        return cell
    if number_format:
        cell.number_format = number_format
    if quote:
        cell.quotePrefix = True
    cell.font = font
    cell.border = BORDER
    if fill is not None:
        cell.fill = fill
    cell.alignment = align
    cache[key] = copy(cell._style)
    return cell


# The title is centred over at most this many columns, so that it is on screen when the sheet opens.
TITLE_SPAN = 14


def _title_rows(ws, title: str, subtitle: str, width: int) -> None:
    last = get_column_letter(max(width, 1))
    ws.row_dimensions[1].height = 28
    ws.append([_cell(ws, title, font=TITLE_FONT, align=CENTER)])
    ws.merged_cells.add(f"A1:{get_column_letter(max(min(width, TITLE_SPAN), 1))}1")
    ws.append([_cell(ws, subtitle, font=BODY_FONT, align=LEFT)])
    ws.merged_cells.add(f"A2:{last}2")


def _header_row(ws, headers: list[str], *, fill=HEADER_FILL) -> None:
    ws.append([_cell(ws, h, font=HEADER_FONT, fill=fill, align=CENTER) for h in headers])


FIRST_ROW = 5


def _row_style(row):
    """Label cells, font and fill of a township, zone subtotal, county-department or total row."""
    if row.level == "township":
        return row.zone_name, row.name, BODY_FONT, None
    if row.level == "zone":
        return row.name, _("小计"), BOLD_FONT, SUBTOTAL_FILL
    if row.level == "unassigned":
        return row.name, None, BODY_FONT, None
    return row.name, _("合计"), BOLD_FONT, TOTAL_FILL


def _sheet_value(value, kind: str):
    """Shares are kept as percentages (33.3); the sheet stores the fraction and formats it as 0.0%."""
    return value / 100 if kind == "percent" else value


def _table_rows(ws, stats: Stats, figures, *, first_row: int) -> None:
    for index, row in enumerate(stats.table_rows()):
        first, second, font, fill = _row_style(row)
        cells = [_cell(ws, first, font=font, fill=fill), _cell(ws, second, font=font, fill=fill)]
        cells += [_cell(ws, _sheet_value(row.values[f.key], f.kind), f.kind, font=font, fill=fill) for f in figures]
        ws.append(cells)
        if row.level == "unassigned":
            ws.merged_cells.add(f"A{first_row + index}:B{first_row + index}")


def write_summary(wb: Workbook, stats: Stats, *, subtitle: str) -> None:
    """汇总表: one row per township grouped by zone, zone subtotals, and the total."""
    ws = wb.create_sheet(_("汇总表"))
    figures = stats.figures
    width = 2 + len(figures)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 14
    for i, fig in enumerate(figures, start=3):
        ws.column_dimensions[get_column_letter(i)].width = {"money": 13, "percent": 12}.get(fig.kind, 11)
    ws.freeze_panes = "C5"
    ws.row_dimensions[4].height = 60
    _title_rows(ws, _("%(scope)s纪检监察工作统计汇总表") % {"scope": stats.scope.label}, subtitle, width)
    # Row 3: figure groups, merged over their columns; row 4: the figures.
    groups: list[tuple[str, int, int]] = []
    for i, fig in enumerate(figures, start=3):
        if groups and groups[-1][0] == fig.group:
            groups[-1] = (fig.group, groups[-1][1], i)
        else:
            groups.append((fig.group, i, i))
    group_cells = [_cell(ws, _("协作区"), font=HEADER_FONT, fill=GROUP_FILL, align=CENTER)]
    group_cells.append(_cell(ws, _("乡镇（街道）"), font=HEADER_FONT, fill=GROUP_FILL, align=CENTER))
    for name, first, last in groups:
        group_cells.append(_cell(ws, str(name), font=HEADER_FONT, fill=GROUP_FILL, align=CENTER))
        group_cells.extend(_cell(ws, None, fill=GROUP_FILL) for _i in range(last - first))
        if last > first:
            ws.merged_cells.add(f"{get_column_letter(first)}3:{get_column_letter(last)}3")
    ws.append(group_cells)
    ws.merged_cells.add("A3:A4")
    ws.merged_cells.add("B3:B4")
    _header_row(ws, ["", ""] + [str(f.short_label) for f in figures])
    _table_rows(ws, stats, figures, first_row=FIRST_ROW)
    ws.append([])
    note_row = FIRST_ROW + len(stats.rows()) + 1
    last = get_column_letter(width)
    for offset, note in enumerate(stats.notes()):
        ws.append([_cell(ws, note, font=BODY_FONT, align=LEFT)])
        ws.merged_cells.add(f"A{note_row + offset}:{last}{note_row + offset}")


def write_forms(wb: Workbook, stats: Stats, *, subtitle: str) -> None:
    """四种形态 by township: person-times per form and each form's share."""
    ws = wb.create_sheet(_("四种形态"))
    figures = stats.forms_figures
    headers = [_("协作区"), _("乡镇（街道）")] + [str(f.short_label) for f in figures]
    for i, width in enumerate([14, 14] + [12] * len(figures), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "C4"
    ws.row_dimensions[3].height = 36
    _title_rows(
        ws, _("%(scope)s运用监督执纪“四种形态”情况统计表") % {"scope": stats.scope.label}, subtitle, len(headers)
    )
    _header_row(ws, headers)
    _table_rows(ws, stats, figures, first_row=4)


def write_ledger(wb: Workbook, ledger: Ledger, *, subtitle: str, tick: Callable[[], None] | None = None) -> None:
    ws = wb.create_sheet(ledger.title)
    for i, col in enumerate(ledger.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.freeze_panes = "A4"
    ws.row_dimensions[3].height = 30
    _title_rows(ws, ledger.title, subtitle, len(ledger.columns))
    _header_row(ws, [c.header for c in ledger.columns])
    kinds = [c.kind for c in ledger.columns]
    for row in ledger.rows:
        ws.append([_cell(ws, value, kind) for value, kind in zip(row, kinds, strict=True)])
        if tick is not None:
            tick()
    if ledger.count == 0:
        ws.append([_cell(ws, _("本期无记录。"))])


def write_workbook(
    path,
    *,
    stats: Stats,
    ledgers: list[Ledger],
    progress: Callable[[int], None] | None = None,
) -> None:
    """Write the workbook to ``path``: 汇总表, the ledgers, then 四种形态."""
    wb = Workbook(write_only=True)
    wb.properties.creator = _("清风纪检监察业务管理")
    wb.properties.title = _("%(scope)s%(period)s统计报表") % {"scope": stats.scope.label, "period": stats.period.label}
    made = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    subtitle = _("统计范围：%(scope)s　统计期间：%(period)s（%(range)s）　制表时间：%(made)s") % {
        "scope": stats.scope.label,
        "period": stats.period.label,
        "range": stats.period.range_label,
        "made": made,
    }
    total_rows = sum(ledger.count for ledger in ledgers) or 1
    done = 0
    step = max(total_rows // 50, 1)

    def report(pct: int) -> None:
        if progress is not None:
            progress(max(0, min(pct, 99)))

    def tick() -> None:
        nonlocal done
        done += 1
        if done % step == 0:
            report(10 + 85 * done // total_rows)

    write_summary(wb, stats, subtitle=subtitle)
    report(10)
    for ledger in ledgers:
        write_ledger(wb, ledger, subtitle=subtitle, tick=tick)
    if ledgers:
        write_forms(wb, stats, subtitle=subtitle)
    report(97)
    wb.save(path)
