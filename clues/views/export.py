"""The ledger as an Excel workbook (台账导出)."""

from __future__ import annotations

import datetime
import io

from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .. import selectors
from ..choices import OverdueQueue
from ..models import Clue

EXPORT_LIMIT = 20000


def overdue_flags(ids, today: datetime.date) -> dict[int, list[str]]:
    """``{clue id: [labels of the overdue queues it is in]}`` for the given clues, in one query."""
    from ..deadlines import overdue_q

    ids = list(ids)
    if not ids:
        return {}
    annotations = {
        f"od_{queue.value}": Case(When(overdue_q(queue.value, today), then=Value(True)), default=Value(False))
        for queue in OverdueQueue
    }
    flags: dict[int, list[str]] = {}
    for row in Clue.objects.filter(pk__in=ids).annotate(**annotations).values("pk", *annotations):
        labels = [str(queue.label) for queue in OverdueQueue if row[f"od_{queue.value}"]]
        if labels:
            flags[row["pk"]] = labels
    return flags


EXPORT_COLUMNS = (
    (_lazy("编号"), 22),
    (_lazy("受理日期"), 12),
    (_lazy("信访举报分类"), 12),
    (_lazy("线索来源"), 14),
    (_lazy("举报方式"), 9),
    (_lazy("举报人"), 12),
    (_lazy("被反映人"), 36),
    (_lazy("干部层级"), 18),
    (_lazy("乡镇（街道）"), 12),
    (_lazy("村（社区）"), 12),
    (_lazy("领域"), 16),
    (_lazy("问题类型"), 26),
    (_lazy("涉及金额（元）"), 14),
    (_lazy("内容摘要"), 50),
    (_lazy("状态"), 9),
    (_lazy("办理方式"), 9),
    (_lazy("承办单位"), 18),
    (_lazy("承办人"), 10),
    (_lazy("处置方式"), 10),
    (_lazy("处置决定日期"), 13),
    (_lazy("办理结果"), 16),
    (_lazy("办结日期"), 12),
    (_lazy("销号日期"), 12),
    (_lazy("原件编号（重复件）"), 22),
    (_lazy("逾期环节"), 18),
)


def _text_cell(ws, value):
    """A cell whose text is never read as a formula (=, +, -, @ at the start stay text)."""
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def ledger_workbook(queryset, *, title: str, today: datetime.date | None = None) -> bytes:
    """The ledger rows of ``queryset`` as an .xlsx file (write-only, Chinese headers, frozen header)."""
    today = today or timezone.localdate()
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(title=title[:31])
    ws.freeze_panes = "A2"
    for index, (_label, width) in enumerate(EXPORT_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="F2DCDB")
    header = []
    for label, _width in EXPORT_COLUMNS:
        cell = WriteOnlyCell(ws, value=str(label))
        cell.font = bold
        cell.fill = fill
        header.append(cell)
    ws.append(header)
    date_style = "yyyy-mm-dd"
    money_style = "#,##0.00"
    confidential = str(selectors.CONFIDENTIAL)

    def date_cell(value):
        cell = WriteOnlyCell(ws, value=value)
        if value is not None:
            cell.number_format = date_style
        return cell

    chunk: list[Clue] = []

    def flush():
        flags = overdue_flags([c.pk for c in chunk], today)
        for clue in chunk:
            subjects = list(clue.subjects.all())
            persons = "；".join(
                f"{s.person.name}（{s.unit or s.person.unit}{'·' + s.position if s.position else ''}）"
                for s in subjects
            )
            levels = "、".join(dict.fromkeys(s.get_cadre_level_display() for s in subjects))
            amount = WriteOnlyCell(ws, value=clue.amount)
            amount.number_format = money_style
            row = [
                _text_cell(ws, clue.number),
                date_cell(clue.received_on),
                _text_cell(ws, clue.get_category_display()),
                _text_cell(ws, clue.get_source_display()),
                _text_cell(ws, clue.get_channel_display()),
                _text_cell(ws, _("匿名") if clue.is_anonymous else _("实名（%(c)s）") % {"c": confidential}),
                _text_cell(ws, persons),
                _text_cell(ws, levels),
                _text_cell(ws, clue.township.name if clue.township else ""),
                _text_cell(ws, clue.village.name if clue.village else ""),
                _text_cell(ws, clue.get_domain_display()),
                _text_cell(ws, "、".join(pt.name for pt in clue.problem_types.all())),
                amount,
                _text_cell(ws, clue.summary),
                _text_cell(ws, clue.get_status_display()),
                _text_cell(ws, clue.get_handling_mode_display()),
                _text_cell(ws, str(clue.receiving_unit or "")),
                _text_cell(ws, str(clue.assignee or "")),
                _text_cell(ws, clue.get_disposal_method_display()),
                date_cell(clue.decided_on),
                _text_cell(ws, clue.get_result_display()),
                date_cell(clue.concluded_on),
                date_cell(clue.closed_on),
                _text_cell(ws, clue.duplicate_of.number if clue.duplicate_of_id else ""),
                _text_cell(ws, "、".join(flags.get(clue.pk, []))),
            ]
            ws.append(row)
        chunk.clear()

    for clue in queryset.iterator(chunk_size=500):
        chunk.append(clue)
        if len(chunk) >= 500:
            flush()
    flush()
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
