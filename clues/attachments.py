"""Attachment checks: the type is decided by the content, never by the name the user gave it."""

from __future__ import annotations

import hashlib
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Allowed kinds and the MIME type the download is served with.
ALLOWED_KINDS = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain; charset=utf-8",
}
DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_CLUE_BYTES = 100 * 1024 * 1024
TEXT_SNIFF_BYTES = 1024 * 1024


def max_file_bytes() -> int:
    """Largest single attachment (setting ``CLUE_ATTACHMENT_MAX_BYTES``)."""
    return int(getattr(settings, "CLUE_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_FILE_BYTES))


def max_clue_bytes() -> int:
    """Largest total of one clue's attachments (setting ``CLUE_ATTACHMENTS_TOTAL_MAX_BYTES``)."""
    return int(getattr(settings, "CLUE_ATTACHMENTS_TOTAL_MAX_BYTES", DEFAULT_MAX_CLUE_BYTES))


@dataclass(frozen=True)
class Checked:
    kind: str
    content_type: str
    size: int
    sha256: str


def _read_all(upload) -> bytes:
    upload.seek(0)
    chunks = list(upload.chunks()) if hasattr(upload, "chunks") else [upload.read()]
    upload.seek(0)
    return b"".join(chunks)


def _office_kind(data: bytes) -> str | None:
    """``docx`` or ``xlsx`` when the zip holds an Office Open XML package of that kind."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _is_text(data: bytes) -> bool:
    """Plain text in UTF-8 (with or without BOM) or GB18030, without control characters."""
    sample = data[:TEXT_SNIFF_BYTES]
    if not sample or b"\x00" in sample:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            # A multi-byte character cut at the sniff boundary is not an error.
            if len(data) > TEXT_SNIFF_BYTES:
                try:
                    text = sample[:-4].decode(encoding)
                except UnicodeDecodeError:
                    continue
            else:
                continue
        controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\x1a")
        return controls == 0
    return False


def detect_kind(data: bytes) -> str | None:
    """The allowed kind the bytes really are (``pdf``, ``jpg``…), or ``None``."""
    guess = filetype.guess(data[:8192])
    if guess is not None:
        if guess.extension == "pdf":
            return "pdf"
        if guess.extension == "jpg":
            return "jpg"
        if guess.extension == "png":
            return "png"
        if guess.extension in ("zip", "docx", "xlsx"):
            return _office_kind(data)
        return None
    if data[:4] == b"PK\x03\x04":
        return _office_kind(data)
    return "txt" if _is_text(data) else None


def check_upload(upload, *, already_stored: int = 0, field: str = "attachments") -> Checked:
    """Validate one upload; raise a field-keyed ``ValidationError`` in Chinese when refused."""
    name = getattr(upload, "name", "") or _("未命名文件")
    size = getattr(upload, "size", None)
    if size is not None and size > max_file_bytes():
        raise ValidationError(
            {
                field: _("附件“%(name)s”大小为 %(size)s，超过单个文件上限 %(limit)s。")
                % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(max_file_bytes())}
            }
        )
    data = _read_all(upload)
    size = len(data)
    if size == 0:
        raise ValidationError({field: _("附件“%(name)s”是空文件。") % {"name": name}})
    if size > max_file_bytes():
        raise ValidationError(
            {
                field: _("附件“%(name)s”大小为 %(size)s，超过单个文件上限 %(limit)s。")
                % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(max_file_bytes())}
            }
        )
    if already_stored + size > max_clue_bytes():
        raise ValidationError(
            {
                field: _("附件“%(name)s”上传后本线索附件总大小将超过上限 %(limit)s。")
                % {"name": name, "limit": filesizeformat(max_clue_bytes())}
            }
        )
    kind = detect_kind(data)
    if kind is None:
        raise ValidationError(
            {
                field: _(
                    "附件“%(name)s”的实际内容不是允许的文件类型。只接受 PDF、JPG、PNG、Word（docx）、"
                    "Excel（xlsx）和纯文本（txt）文件；请勿仅修改扩展名。"
                )
                % {"name": name}
            }
        )
    return Checked(kind=kind, content_type=ALLOWED_KINDS[kind], size=size, sha256=hashlib.sha256(data).hexdigest())
