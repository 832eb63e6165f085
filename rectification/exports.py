"""The rectification ledger as .xlsx: streamed rows (write-only), dates as dates, text never a formula."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from .choices import OPEN_ITEM_STATUSES

HEADERS = [
    ("文号", 22),
    ("文书类别", 14),
    ("序号", 6),
    ("被督办单位", 20),
    ("所属乡镇", 12),
    ("问题描述", 50),
    ("领域", 16),
    ("问题来源", 24),
    ("整改责任人", 16),
    ("联络人", 12),
    ("下发日期", 12),
    ("整改期限", 12),
    ("状态", 10),
    ("是否逾期", 8),
    ("报送日期", 12),
    ("验收日期", 12),
    ("销号日期", 12),
    ("回头看次数", 10),
]


def ledger_xlsx(queryset, *, today) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("整改台账")
    sheet.freeze_panes = "A2"
    for index, (_title, width) in enumerate(HEADERS, start=1):
        sheet.column_dimensions[_col(index)].width = width
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="A4161A")
    header = []
    for title, _width in HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
        header.append(cell)
    sheet.append(header)

    def safe_text(value) -> WriteOnlyCell:
        """A text cell stored as a string, never a formula, whatever it begins with (= + - @)."""
        cell = WriteOnlyCell(sheet, value=str(value or ""))
        cell.data_type = "s"
        return cell

    def date_cell(value):
        cell = WriteOnlyCell(sheet, value=value)
        if value is not None:
            cell.number_format = "yyyy-mm-dd"
        return cell

    for item in queryset.iterator(chunk_size=2000):
        letter = item.letter
        overdue = item.status in OPEN_ITEM_STATUSES and item.due_on < today
        contact = item.contact.real_name or item.contact.username if item.contact_id else ""
        sheet.append(
            [
                safe_text(letter.number),
                safe_text(letter.get_kind_display()),
                item.seq,
                safe_text(letter.addressee_name),
                safe_text(letter.township.name if letter.township_id else ""),
                safe_text(item.description),
                safe_text(item.get_domain_display()),
                safe_text(item.finding),
                safe_text(item.responsible_person),
                safe_text(contact),
                date_cell(letter.issued_on),
                date_cell(item.due_on),
                safe_text(item.get_status_display()),
                "是" if overdue else "否",
                date_cell(item.reported_on),
                date_cell(item.verified_on),
                date_cell(item.closed_on),
                item.reopen_count,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)
