"""Writes on letters and items; views, API, admin, demo and tasks all come through here."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass

import filetype
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.numbering import next_number
from notifications.choices import NotificationKind
from notifications.services import notify
from people.roles import Role
from people.scopes import scope_for

from .choices import ItemAction, ItemStatus, LetterStatus, UnitKind
from .models import Evidence, Item, ItemEvent, ItemReport, Letter

# Who may issue letters and judge the units' reports.
SUPERVISOR_ROLES = (Role.LEADER, Role.ZONE_LEADER, Role.CASE_OFFICER)
APPROVER_ROLES = (Role.LEADER, Role.ZONE_LEADER)

# The only legal moves: action -> (statuses it may start from, status it leads to).
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    ItemAction.START: (frozenset({ItemStatus.ISSUED}), ItemStatus.RECTIFYING),
    ItemAction.REPORT: (frozenset({ItemStatus.RECTIFYING}), ItemStatus.REPORTED),
    ItemAction.VERIFY: (frozenset({ItemStatus.REPORTED}), ItemStatus.VERIFIED),
    ItemAction.REJECT: (frozenset({ItemStatus.REPORTED}), ItemStatus.RECTIFYING),
    ItemAction.CLOSE_OFF: (frozenset({ItemStatus.VERIFIED}), ItemStatus.CLOSED),
    ItemAction.REOPEN: (frozenset({ItemStatus.CLOSED}), ItemStatus.RECTIFYING),
}
UNIT_ACTIONS = frozenset({ItemAction.START, ItemAction.REPORT})
SUPERVISOR_ACTIONS = frozenset({ItemAction.VERIFY, ItemAction.REJECT, ItemAction.CLOSE_OFF, ItemAction.REOPEN})

# Evidence: allow-list by content (not by name), and size limits.
EVIDENCE_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
EVIDENCE_MAX_FILES = 10


# Who may do what --------------------------------------------------------------


def _reaches(user, roles, *, county_id: int, township_id: int | None) -> bool:
    reach = scope_for(user).reach(roles)
    if reach.everything or county_id in reach.counties:
        return True
    return township_id is not None and township_id in reach.townships


def can_issue(user, *, county_id: int | None = None, township_id: int | None = None) -> bool:
    """Whether ``user`` may issue letters (to this county/township when given)."""
    if not user.is_authenticated or not scope_for(user).has_role(*SUPERVISOR_ROLES):
        return False
    if county_id is None:
        return True
    return _reaches(user, SUPERVISOR_ROLES, county_id=county_id, township_id=township_id)


def is_supervisor_of(user, letter: Letter) -> bool:
    """An officer or leader whose reach covers the letter: may verify, reject, close off and reopen."""
    return _reaches(user, SUPERVISOR_ROLES, county_id=letter.county_id, township_id=letter.township_id)


def is_unit_member(user, letter: Letter) -> bool:
    """Someone of the addressed unit: its township officer, or staff of the addressed department."""
    if letter.addressee_department_id:
        return user.department_id == letter.addressee_department_id
    reach = scope_for(user).reach([Role.TOWNSHIP_OFFICER])
    return reach.everything or letter.township_id in reach.townships


def allowed_actions(user, item: Item) -> list[str]:
    """The actions ``user`` may take on ``item`` now (for buttons and the API)."""
    actions = []
    unit = is_unit_member(user, item.letter)
    supervisor = is_supervisor_of(user, item.letter)
    for action, (sources, _target) in TRANSITIONS.items():
        if item.status not in sources:
            continue
        if (action in UNIT_ACTIONS and unit) or (action in SUPERVISOR_ACTIONS and supervisor):
            actions.append(str(action))
    if item.status == ItemStatus.ISSUED and unit:
        actions.append(str(ItemAction.REPORT))
    return actions


# Letters ----------------------------------------------------------------------


@dataclass
class ItemInput:
    description: str
    responsible_person: str
    due_on: datetime.date | None
    domain: str = "other"
    finding: str = ""
    contact: object = None
    clue: object = None


def _letter_number(letter: Letter) -> str:
    seq = next_number(key=f"ZG-{letter.county.code}", year=letter.issued_on.year)
    return f"ZG{letter.issued_on.year}{letter.county.code}-{seq:04d}"


def _check_contact(contact, letter: Letter, index: int) -> None:
    if contact is None:
        return
    if not contact.is_active or not is_unit_member(contact, letter):
        raise ValidationError(
            {f"items.{index}.contact": _("联络人“%(name)s”不是被督办单位的工作人员。") % {"name": contact}}
        )


@transaction.atomic
def letter_issue(
    *,
    county,
    kind: str,
    subject: str,
    issued_on: datetime.date,
    approver,
    items: list[ItemInput],
    user,
    addressee_township=None,
    addressee_village=None,
    addressee_department=None,
    issuer_zone=None,
    requirements: str = "",
) -> Letter:
    """Number and issue a letter with its items; each item starts ``issued`` and the contacts are told."""
    township = addressee_township or (addressee_village.township if addressee_village else None)
    unit_kind = (
        UnitKind.TOWNSHIP if addressee_township else UnitKind.VILLAGE if addressee_village else UnitKind.DEPARTMENT
    )
    if not can_issue(user, county_id=county.pk, township_id=township.pk if township else None):
        raise PermissionDenied(_("您无权向该单位下发整改文书。"))
    letter = Letter(
        county=county,
        kind=kind,
        subject=(subject or "").strip(),
        requirements=(requirements or "").strip(),
        issuer_zone=issuer_zone,
        unit_kind=unit_kind,
        addressee_township=addressee_township,
        addressee_village=addressee_village,
        addressee_department=addressee_department,
        township=township,
        approver=approver,
        issued_by=user,
        issued_on=issued_on,
        number="pending",
    )
    errors: dict[str, list[str]] = {}
    try:
        letter.full_clean(exclude=["number"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if issued_on and issued_on > timezone.localdate():
        errors.setdefault("issued_on", []).append(_("下发日期不能晚于今天。"))
    if approver is not None and not scope_for(approver).has_role(*APPROVER_ROLES):
        errors.setdefault("approver", []).append(_("签发人应为委领导或协作区组长。"))
    if not items:
        errors.setdefault("items", []).append(_("请至少列出一个问题。"))
    if errors:
        raise ValidationError(errors)
    letter.number = _letter_number(letter)
    letter.save()
    for index, data in enumerate(items):
        _check_contact(data.contact, letter, index)
        item = Item(
            letter=letter,
            seq=index + 1,
            description=(data.description or "").strip(),
            domain=data.domain,
            finding=(data.finding or "").strip(),
            responsible_person=(data.responsible_person or "").strip(),
            contact=data.contact,
            due_on=data.due_on,
        )
        if data.clue is not None:
            item.clue = data.clue
        try:
            item.full_clean()
        except ValidationError as exc:
            raise ValidationError({f"items.{index}.{k}": v for k, v in exc.message_dict.items()}) from exc
        item.save()
        ItemEvent.objects.create(
            item=item, action=ItemAction.ISSUE, to_status=ItemStatus.ISSUED, actor=user, at=_at(letter.issued_on)
        )
    for recipient in _unit_recipients(letter):
        notify(
            recipient=recipient,
            kind=NotificationKind.LETTER_ISSUED,
            title=_("收到%(kind)s %(number)s") % {"kind": letter.get_kind_display(), "number": letter.number},
            body=_("%(issuer)s：%(subject)s，共 %(n)d 个问题，请按期整改并报送。")
            % {"issuer": letter.issuer_name, "subject": letter.subject, "n": len(items)},
            url=letter.get_absolute_url(),
        )
    return letter


def _unit_recipients(letter: Letter) -> list:
    """The contacts of the letter's items, once each."""
    seen, result = set(), []
    for item in letter.items.select_related("contact"):
        if item.contact_id and item.contact_id not in seen:
            seen.add(item.contact_id)
            result.append(item.contact)
    return result


def _refresh_letter_status(letter: Letter, on: datetime.date | None = None) -> None:
    """A letter is closed exactly when all its items are closed (on the day its last item closed)."""
    open_items = letter.items.exclude(status=ItemStatus.CLOSED).exists()
    if open_items and letter.status == LetterStatus.CLOSED:
        letter.status, letter.closed_on = LetterStatus.OPEN, None
        letter.save(update_fields=["status", "closed_on"])
    elif not open_items and letter.status == LetterStatus.OPEN:
        # The day its last item was closed off (items recorded from paper may come in any order).
        last = letter.items.aggregate(last=Max("closed_on"))["last"]
        letter.status, letter.closed_on = LetterStatus.CLOSED, last or on or timezone.localdate()
        letter.save(update_fields=["status", "closed_on"])


# Item lifecycle ---------------------------------------------------------------


def _on(on: datetime.date | None, item: Item) -> datetime.date:
    """The day a step happened: today unless recorded later from the paper file, never future or before issue."""
    today = timezone.localdate()
    if on is None:
        return today
    if on > today:
        raise ValidationError({"on": [_("办理日期不能晚于今天。")]})
    if on < item.letter.issued_on:
        raise ValidationError({"on": [_("办理日期不能早于下发日期（%(date)s）。") % {"date": item.letter.issued_on}]})
    return on


def _at(on: datetime.date) -> datetime.datetime:
    """The timeline time of a step done on ``on``: now if today, else noon of that day."""
    if on == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(on, datetime.time(12, 0)))


def _transition(item: Item, action: str, *, user, note: str = "", on: datetime.date | None = None) -> Item:
    """Move ``item`` by ``action`` if the current status and the user allow it; record it on the timeline.

    1. Lock the item row, so two officers acting at once are serialised.
    2. Refuse a move the table does not list, or a user who is not the unit / a supervisor.
    3. Save the new status and append the event.
    """
    locked = Item.objects.select_for_update().select_related("letter").get(pk=item.pk)
    sources, target = TRANSITIONS[action]
    label = ItemAction(action).label
    if action in UNIT_ACTIONS and not is_unit_member(user, locked.letter):
        raise PermissionDenied(_("只有被督办单位的工作人员才能%(action)s。") % {"action": label})
    if action in SUPERVISOR_ACTIONS and not is_supervisor_of(user, locked.letter):
        raise PermissionDenied(_("您无权对该问题执行“%(action)s”。") % {"action": label})
    if locked.status not in sources:
        raise ValidationError(
            _("该问题当前状态为“%(status)s”，不能执行“%(action)s”。")
            % {"status": locked.get_status_display(), "action": label}
        )
    locked._on = _on(on, locked)
    before = locked.status
    locked.status = target
    locked._pending_event = ItemEvent(
        item=locked, action=action, from_status=before, to_status=target, actor=user, note=note.strip()
    )
    locked._pending_event.at = _at(locked._on)
    return locked


def _finish(item: Item, update_fields: list[str]) -> Item:
    item.full_clean()
    item.save(update_fields=["status", *update_fields])
    item._pending_event.save()
    return item


@transaction.atomic
def item_start(*, item: Item, user, note: str = "", on: datetime.date | None = None) -> Item:
    """The unit acknowledges the item and starts rectifying (issued → rectifying)."""
    return _finish(_transition(item, ItemAction.START, user=user, note=note, on=on), [])


def _check_evidence(files) -> list[tuple[object, str, str]]:
    """Each upload with its detected extension and MIME type; refuse anything not on the allow-list."""
    checked, errors = [], []
    if not files:
        errors.append(_("请上传至少一份佐证材料（PDF、JPG、PNG、DOCX 或 XLSX）。"))
    if len(files) > EVIDENCE_MAX_FILES:
        errors.append(_("一次最多上传 %(n)d 个文件。") % {"n": EVIDENCE_MAX_FILES})
    for upload in files:
        name = os.path.basename(upload.name or "")
        if upload.size > EVIDENCE_MAX_BYTES:
            errors.append(_("文件“%(name)s”超过 20 MB。") % {"name": name})
            continue
        upload.seek(0)
        head = upload.read(8192)
        upload.seek(0)
        kind = filetype.guess(head)
        if kind is None or kind.extension not in EVIDENCE_TYPES:
            errors.append(_("文件“%(name)s”的类型不在允许范围内，仅接受 PDF、JPG、PNG、DOCX、XLSX。") % {"name": name})
            continue
        checked.append((upload, kind.extension, EVIDENCE_TYPES[kind.extension]))
    if errors:
        raise ValidationError({"evidence": errors})
    return checked


@transaction.atomic
def item_report(*, item: Item, measures: str, files, user, on: datetime.date | None = None) -> ItemReport:
    """The unit reports what it did, with evidence (issued/rectifying → reported); the issuer is told."""
    measures = (measures or "").strip()
    errors = {}
    if not measures:
        errors["measures"] = [_("请填写整改措施及成效。")]
    try:
        checked = _check_evidence(list(files or []))
    except ValidationError as exc:
        errors.update(exc.message_dict)
        checked = []
    if item.status == ItemStatus.ISSUED and is_unit_member(user, item.letter):
        started = _transition(item, ItemAction.START, user=user, note=_("报送整改情况时自动开始整改"), on=on)
        item = _finish(started, [])
    locked = _transition(item, ItemAction.REPORT, user=user, on=on)
    if errors:
        raise ValidationError(errors)
    report = ItemReport(item=locked, measures=measures, submitted_by=user, submitted_at=locked._pending_event.at)
    report.full_clean()
    report.save()
    for upload, ext, mime in checked:
        name = os.path.basename(upload.name)[:200]
        evidence = Evidence(report=report, original_name=name, content_type=mime, size=upload.size)
        evidence.file.save(f"evidence.{ext}", upload, save=False)
        evidence.save()
    locked.reported_on = locked._on
    locked._pending_event.note = measures[:500]
    _finish(locked, ["reported_on"])
    letter = locked.letter
    notify(
        recipient=letter.issued_by,
        kind=NotificationKind.ITEM_REPORTED,
        title=_("%(item)s 已报送整改情况，待验收") % {"item": locked.label},
        body=_("%(unit)s：%(desc)s") % {"unit": letter.addressee_name, "desc": locked.description[:80]},
        url=locked.get_absolute_url(),
    )
    return report


@transaction.atomic
def item_verify(*, item: Item, user, note: str = "", on: datetime.date | None = None) -> Item:
    """An officer accepts the reported rectification (reported → verified)."""
    locked = _transition(item, ItemAction.VERIFY, user=user, note=note, on=on)
    locked.verified_on = locked._on
    return _finish(locked, ["verified_on"])


@transaction.atomic
def item_reject(
    *, item: Item, reason: str, user, due_on: datetime.date | None = None, on: datetime.date | None = None
) -> Item:
    """An officer sends the report back (reported → rectifying), with a reason and maybe a new due date."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("请填写退回理由。")]})
    locked = _transition(item, ItemAction.REJECT, user=user, note=reason, on=on)
    fields = []
    if due_on is not None:
        if due_on < locked._on:
            raise ValidationError({"due_on": [_("新的整改期限不能早于今天。")]})
        locked.due_on = due_on
        fields.append("due_on")
    _finish(locked, fields)
    if locked.contact_id:
        notify(
            recipient=locked.contact,
            kind=NotificationKind.ITEM_REJECTED,
            title=_("%(item)s 整改情况被退回") % {"item": locked.label},
            body=reason,
            url=locked.get_absolute_url(),
        )
    return locked


@transaction.atomic
def item_close_off(*, item: Item, user, note: str = "", on: datetime.date | None = None) -> Item:
    """An officer closes the verified item off (销号); the letter closes when its last item does."""
    locked = _transition(item, ItemAction.CLOSE_OFF, user=user, note=note, on=on)
    locked.closed_on = locked._on
    _finish(locked, ["closed_on"])
    _refresh_letter_status(locked.letter, locked._on)
    return locked


@transaction.atomic
def item_reopen(
    *, item: Item, reason: str, user, due_on: datetime.date | None = None, on: datetime.date | None = None
) -> Item:
    """回头看: a closed item found not to hold is reopened (closed → rectifying), and its letter with it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("请填写回头看发现的问题。")]})
    locked = _transition(item, ItemAction.REOPEN, user=user, note=reason, on=on)
    if due_on is not None:
        if due_on < locked._on:
            raise ValidationError({"due_on": [_("新的整改期限不能早于今天。")]})
        locked.due_on = due_on
    locked.closed_on = None
    locked.verified_on = None
    locked.reopen_count += 1
    _finish(locked, ["due_on", "closed_on", "verified_on", "reopen_count"])
    _refresh_letter_status(locked.letter)
    if locked.contact_id:
        notify(
            recipient=locked.contact,
            kind=NotificationKind.ITEM_REOPENED,
            title=_("%(item)s 回头看需重新整改") % {"item": locked.label},
            body=reason,
            url=locked.get_absolute_url(),
        )
    return locked


ACTION_SERVICES = {
    ItemAction.START: item_start,
    ItemAction.VERIFY: item_verify,
    ItemAction.REJECT: item_reject,
    ItemAction.CLOSE_OFF: item_close_off,
    ItemAction.REOPEN: item_reopen,
}
