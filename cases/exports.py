"""The case ledger as .xlsx: Chinese headers, frozen header row, dates as dates, text never a formula."""

from __future__ import annotations

import datetime
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_PREFIXES = ("=", "+", "-", "@")


def _cell(ws, value):
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        # A text that looks like a formula stays text: the data type is forced to string.
        cell.data_type = "s"
    elif isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    elif value is not None and not isinstance(value, int | bool):
        cell.number_format = "#,##0.00"
    return cell


HEADERS = [
    ("案件编号", 20),
    ("案由", 40),
    ("来源线索", 20),
    ("被审查调查人", 28),
    ("四种形态", 18),
    ("处理措施", 36),
    ("所属乡镇", 12),
    ("承办部门", 16),
    ("协作查办", 10),
    ("协作区", 14),
    ("状态", 14),
    ("立案日期", 12),
    ("立案审批人", 12),
    ("审查调查期限", 14),
    ("移送审理日期", 14),
    ("审理完结日期", 14),
    ("处理决定日期", 14),
    ("结案日期", 12),
    ("违纪违法金额（元）", 18),
    ("收缴/追缴（元）", 16),
    ("退还群众（元）", 16),
]


def case_workbook(queryset, *, today: datetime.date) -> bytes:
    """Write the cases of ``queryset`` (persons and measures prefetched) to an .xlsx file."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("案件台账"))
    ws.freeze_panes = "A2"
    for index, (_header, width) in enumerate(HEADERS, start=1):
        ws.column_dimensions[_column(index)].width = width
    header_cells = []
    for header, _width in HEADERS:
        cell = WriteOnlyCell(ws, value=_(header))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    ws.append(header_cells)
    for case in queryset.iterator(chunk_size=500):
        persons = list(case.persons.all())
        measures = [
            f"{cp.person.name}：{m.get_kind_display()}" + (f"（{m.document_number}）" if m.document_number else "")
            for cp in persons
            for m in cp.measures.all()
        ]
        row = [
            case.number,
            case.title,
            case.clue.number if case.clue_id else "",
            "、".join(f"{cp.person.name}（{cp.person.unit}）" for cp in persons),
            "、".join(f"{cp.person.name}：{cp.get_form_display()}" for cp in persons if cp.form),
            "；".join(measures),
            case.township.name if case.township_id else "",
            case.department.name if case.department_id else "",
            _("是") if case.joint_handling else _("否"),
            case.joint_zone.name if case.joint_zone_id else "",
            case.get_status_display(),
            case.filed_on,
            str(case.approver),
            case.investigation_due,
            case.review_received_on,
            case.review_concluded_on,
            case.decided_on,
            case.concluded_on,
            case.violation_amount,
            case.recovered_amount,
            case.returned_amount,
        ]
        ws.append([_cell(ws, value) for value in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)
