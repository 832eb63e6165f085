"""Letters and items made through the services, so numbering, events and notifications are real."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from rectification import services
from rectification.choices import LetterKind

PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82"
)


def pdf(name="整改报告.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png(name="现场照片.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def xlsx(name="台账.xlsx"):
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def issue_letter(
    world,
    *,
    township=None,
    village=None,
    department=None,
    user=None,
    issued_on=None,
    due_on=None,
    contact="default",
    n_items=1,
    kind=LetterKind.SUPERVISION,
    zone=None,
):
    """A letter from the office (officer, approved by the leader) to 庆坪镇 unless told otherwise."""
    today = timezone.localdate()
    issued_on = issued_on or today - datetime.timedelta(days=10)
    due_on = due_on or today + datetime.timedelta(days=20)
    if township is None and village is None and department is None:
        township = world.t2
    if contact == "default":
        contact = world.tw2 if (township == world.t2 or (village and village.township == world.t2)) else None
    items = [
        services.ItemInput(
            description=f"惠民补贴发放公示不及时（第{n + 1}项）",
            responsible_person="王五（村委会主任）",
            due_on=due_on,
            domain="subsidies",
            finding="2024年交叉监督发现",
            contact=contact,
        )
        for n in range(n_items)
    ]
    return services.letter_issue(
        county=world.county,
        kind=kind,
        subject="关于惠民惠农补贴发放问题的整改督办",
        issued_on=issued_on,
        approver=world.leader,
        items=items,
        user=user or world.officer,
        addressee_township=township,
        addressee_village=village,
        addressee_department=department,
        issuer_zone=zone,
    )
