"""Attachments: type by content, allow-list, size limits, private storage, scoped download."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from clues import services
from clues.attachments import detect_kind
from clues.models import Clue, ClueAttachment

from .factories import register

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def xlsx_bytes():
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "台账"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(name, data):
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32, "jpg"),
        ("群众反映：村干部虚报冒领。\n".encode(), "txt"),
        ("群众反映：村干部虚报冒领。\n".encode("gb18030"), "txt"),
        (None, "docx"),
        (None, "xlsx"),
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, None),
        (b"PK\x03\x04" + b"\x00" * 30, None),
        (b"\x00\x01\x02binary", None),
        (b"GIF89a" + b"\x00" * 20, None),
    ],
)
def test_detect_kind_by_content(data, kind):
    if data is None:
        data = docx_bytes() if kind == "docx" else xlsx_bytes()
    assert detect_kind(data) == kind


def test_plain_zip_is_not_office():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("a.txt", "x")
    assert detect_kind(buffer.getvalue()) is None


def test_registration_stores_attachments_privately_under_random_names(world, settings):
    clue = register(world, attachments=[upload("举报信.pdf", PDF), upload("明细.xlsx", xlsx_bytes())])
    rows = list(clue.attachments.order_by("id"))
    assert [(a.original_name, a.kind) for a in rows] == [("举报信.pdf", "pdf"), ("明细.xlsx", "xlsx")]
    for attachment in rows:
        path = attachment.file.path
        assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
        assert "举报信" not in path and "明细" not in path


def test_wrong_type_renamed_pdf_is_refused_and_nothing_saved(world, settings):
    exe = upload("材料.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(ValidationError) as exc:
        register(world, attachments=[upload("ok.pdf", PDF), exe])
    message = exc.value.message_dict["attachments"][0]
    assert "材料.pdf" in message and "PDF" in message
    assert Clue.objects.count() == 0 and ClueAttachment.objects.count() == 0


def test_failed_registration_leaves_no_files(world, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    from django.core.files.storage import storages

    storages._storages.pop("default", None)
    try:
        with pytest.raises(ValidationError):
            register(world, attachments=[upload("ok.pdf", PDF)], persons=[{"name": ""}])
        assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    finally:
        storages._storages.pop("default", None)


def test_oversize_file_is_refused(world, settings):
    settings.CLUE_ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as exc:
        register(world, attachments=[upload("大.pdf", PDF + b" " * 2000)])
    assert "超过单个文件上限" in exc.value.message_dict["attachments"][0]
    assert Clue.objects.count() == 0


def test_clue_total_limit(world, settings):
    settings.CLUE_ATTACHMENTS_TOTAL_MAX_BYTES = len(PDF) * 2 + 10
    clue = register(world, attachments=[upload("a.pdf", PDF), upload("b.pdf", PDF)])
    with pytest.raises(ValidationError, match="总大小"):
        services.clue_attach(clue=clue, user=world.petition, files=[upload("c.pdf", PDF)])
    assert clue.attachments.count() == 2


def test_download_is_scoped_and_audited(world, api):
    clue = register(world, attachments=[upload("举报信.pdf", PDF)])
    attachment = clue.attachments.get()
    url = f"/api/clues/{clue.pk}/attachments/{attachment.pk}/"
    response = api.as_(world.officer).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="download", object_id=str(attachment.pk)).count() == 1
    assert api.as_(world.outsider).get(url).status_code == 404
    other = register(world)
    assert api.as_(world.officer).get(f"/api/clues/{other.pk}/attachments/{attachment.pk}/").status_code == 404


def test_upload_through_api_refuses_bad_file_in_chinese(world, api):
    clue = register(world)
    url = f"/api/clues/{clue.pk}/attachments/"
    api.as_(world.petition)
    response = api.upload(url, [upload("说明.txt", "情况说明".encode("gb18030"))])
    assert response.status_code == 201, response.content
    response = api.upload(url, [upload("fake.docx", b"<html><script>alert(1)</script>\x00")])
    assert response.status_code == 400
    assert "不是允许的文件类型" in str(response.json()["errors"]["attachments"])
    assert clue.attachments.count() == 1
