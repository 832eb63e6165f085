"""Writes on problem clues. Views, API, admin actions and the demo seeder all come through here.

Interface (all keyword-only, ``@transaction.atomic``; errors are ``ValidationError`` with
Chinese messages keyed by field, or ``PermissionDenied`` when the user may not act):

- ``clue_register(*, user, received_on, category, source, domain, summary, persons, problem_types,
  county=None, channel="", is_anonymous=True, reporter=None, township=None, village=None,
  amount=None, description="", attachments=(), registered_at=None) -> Clue``
  ``persons``: list of dicts, each either ``{"person": Person, ...snapshot overrides}`` (link an
  existing person) or ``{"name", "unit", "position", "cadre_level", "political_status",
  "is_public_official"}`` (create one inline). ``reporter``: dict ``name, phone, id_number,
  address`` (required when ``is_anonymous`` is false). ``problem_types``: ProblemType rows or codes.
  ``attachments``: uploaded files (checked by content, see ``clues.attachments``).
- ``clue_update(*, clue, user, **same fields as register except county/attachments) -> Clue``
  (only while 已登记; omitted arguments keep their value).
- ``clue_assign(*, clue, user, handling_mode, assignee=None, receiving_department=None,
  receiving_township=None, receiving_zone=None, receiving_body="", assigned_on=None,
  report_back_due=None, note="")`` — registered → assigned (or re-assign while not signed).
- ``clue_sign(*, clue, user, note="")`` — the receiver signs for an assigned clue (``can_sign``:
  the assignee or a working user of the receiving department, township or zone).
- ``clue_dispose(*, clue, user, method, decided_on, decided_by=None, inquiry_form="",
  hold_reason="", hold_review_on=None, close_reason="", note="")`` — signed → 处置中; 予以了结
  concludes at once; a 暂存待查 clue may be disposed again on review.
- ``clue_record_step(*, clue, user, step, on, note="", next_review_on=None)`` — ``ClueStep``:
  谈话/发函, 收到书面说明, 初核方案审批, 初核情况报告, 暂存复查, 告知举报人受理/结果.
- ``clue_conclude(*, clue, user, result, concluded_on, result_note="", close_reason="",
  hold_reason="", hold_review_on=None, case_approver=None)`` — results per method in
  ``choices.RESULTS_BY_METHOD``; 不予采信转初步核实 / 暂存待查 switch the method instead;
  立案审查调查 files the case and 第一种形态 results record their measures through the
  hooks the cases app installs (``clues.case_hooks``).
- ``clue_close_off(*, clue, user, closed_on=None, note="")`` — concluded → closed (销号).
- ``clue_mark_duplicate(*, clue, user, original, note="")`` — kept, linked, concluded as 重复件.
- ``clue_attach(*, clue, user, files) -> list[ClueAttachment]``.
- ``person_merge(*, source, target, user) -> Person`` — moves every clue link to ``target``.
- ``allowed_actions(clue, user) -> set[str]`` — which of assign/sign/dispose/record_step/
  conclude/close_off/mark_duplicate/update/attach/notify the user may do now (for buttons).
- ``check_transition(clue, action)`` — the one table of allowed transitions.
- ``as_of(day)`` — context manager for recording history (the demo seeder): the steps taken inside
  are stamped on ``day`` on the timeline (and signed that day), not at the moment of entry.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import functools
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditAction
from audit.tracking import record
from core.numbering import next_number
from people.models import Person, User
from people.roles import IDENTITY_ROLES, WORKING_ROLES, Role
from people.scopes import scope_for
from zones.models import County, Department, Township, Village, Zone

from . import deadlines
from .attachments import check_upload
from .case_hooks import case_hooks
from .choices import (
    FIRST_FORM_RESULTS,
    RESULTS_BY_METHOD,
    STEP_METHOD,
    SWITCHING_RESULTS,
    ClueCategory,
    ClueResult,
    ClueStatus,
    ClueStep,
    DisposalMethod,
    EventKind,
    HandlingMode,
    InquiryForm,
)
from .models import (
    REPORTER_IDENTITY_FIELDS,
    Clue,
    ClueAttachment,
    ClueDisposal,
    ClueEvent,
    ClueProblemType,
    ClueSettings,
    ClueSubject,
    ProblemType,
    Reporter,
)

CONFIDENTIAL_VALUE = gettext_lazy("（保密）")

# The one table of allowed transitions: action → (statuses it may start from, status it leads to).
# ``None`` as target keeps the status. Conditions beyond the status live in ``_check_conditions``.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "update": ((ClueStatus.REGISTERED,), None),
    "assign": ((ClueStatus.REGISTERED, ClueStatus.ASSIGNED), ClueStatus.ASSIGNED),
    "sign": ((ClueStatus.ASSIGNED,), None),
    "dispose": ((ClueStatus.ASSIGNED, ClueStatus.DISPOSING), ClueStatus.DISPOSING),
    "record_step": ((ClueStatus.DISPOSING,), None),
    "conclude": ((ClueStatus.ASSIGNED, ClueStatus.DISPOSING), ClueStatus.CONCLUDED),
    "close_off": ((ClueStatus.CONCLUDED,), ClueStatus.CLOSED),
    "mark_duplicate": ((ClueStatus.REGISTERED, ClueStatus.ASSIGNED, ClueStatus.DISPOSING), ClueStatus.CONCLUDED),
    "attach": ((ClueStatus.REGISTERED, ClueStatus.ASSIGNED, ClueStatus.DISPOSING, ClueStatus.CONCLUDED), None),
    "notify": (tuple(ClueStatus.values), None),
}
ACTION_LABELS = {
    "update": _("修改登记信息"),
    "assign": _("分办"),
    "sign": _("签收"),
    "dispose": _("确定处置方式"),
    "record_step": _("登记办理步骤"),
    "conclude": _("办结"),
    "close_off": _("销号"),
    "mark_duplicate": _("标记为重复件"),
    "attach": _("上传附件"),
    "notify": _("登记告知举报人"),
}


def _label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def _condition_error(clue: Clue, action: str) -> str | None:
    """Why ``action`` cannot happen now, beyond the status table (``None`` when it can)."""
    if action == "assign" and clue.status == ClueStatus.ASSIGNED and clue.is_signed:
        return _("线索已被签收，不能再改派。")
    if action == "dispose":
        if clue.category != ClueCategory.ACCUSATION:
            return _("只有“检举控告”类信访件按问题线索处置；申诉、批评建议请直接办结答复。")
        if clue.status == ClueStatus.ASSIGNED and not clue.is_signed:
            return _("线索尚未签收，签收后才能确定处置方式。")
        if clue.status == ClueStatus.DISPOSING and clue.disposal_method != DisposalMethod.HOLD:
            return _("线索正在按“%(method)s”处置，只有暂存待查的线索复查后可以重新确定处置方式。") % {
                "method": clue.get_disposal_method_display()
            }
    if (
        action == "conclude"
        and clue.status == ClueStatus.ASSIGNED
        and clue.handling_mode != HandlingMode.FORWARD
        and not clue.is_signed
    ):
        return _("线索尚未签收，不能办结。")
    if action == "record_step" and not clue.disposal_method:
        return _("线索尚未确定处置方式。")
    if action == "notify" and clue.is_anonymous:
        return _("匿名举报无需告知举报人。")
    return None


def check_transition(clue: Clue, action: str) -> str | None:
    """Refuse ``action`` on ``clue`` with a Chinese message unless the transition table allows it."""
    sources, target = TRANSITIONS[action]
    if clue.status not in sources:
        raise ValidationError(
            _("线索 %(number)s 当前状态为“%(status)s”，不能%(action)s。")
            % {"number": clue.number, "status": clue.get_status_display(), "action": _label(action)}
        )
    error = _condition_error(clue, action)
    if error:
        raise ValidationError(error)
    return target


# Permissions ---------------------------------------------------------------------------


def _reaches(user: User, roles, *, county_id, township_id, village_id=None) -> bool:
    reach = scope_for(user).reach(roles)
    if reach.everything:
        return True
    if county_id in reach.counties or (township_id and township_id in reach.townships):
        return True
    return bool(village_id and village_id in reach.villages)


def can_register(user: User, *, county: County, township: Township | None, village: Village | None) -> bool:
    """Working roles register in their scope; a village supervisor only for their own village."""
    if _reaches(
        user, WORKING_ROLES, county_id=county.pk, township_id=township.pk if township else None, village_id=None
    ):
        return True
    supervisor = {Role.VILLAGE_SUPERVISOR}
    return bool(village and _reaches(user, supervisor, county_id=None, township_id=None, village_id=village.pk))


def can_change(clue: Clue, user: User) -> bool:
    """``user`` may handle ``clue``: a working role reaching its county, township or receiving township."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    reach = scope_for(user).reach(WORKING_ROLES)
    return (
        reach.everything
        or clue.county_id in reach.counties
        or bool(clue.township_id and clue.township_id in reach.townships)
        or bool(clue.receiving_township_id and clue.receiving_township_id in reach.townships)
    )


def identity_visible(clue: Clue, user: User) -> bool:
    """DOMAIN.md §1: petition officers and leaders in scope, and the case officer assigned to the clue."""
    if clue.is_anonymous or not user or not user.is_authenticated or not user.is_active:
        return False
    if clue.assignee_id == user.pk and scope_for(user).has_role(Role.CASE_OFFICER):
        return True
    return _reaches(user, IDENTITY_ROLES, county_id=clue.county_id, township_id=clue.township_id)


def can_sign(clue: Clue, user: User) -> bool:
    """签收 is the receiving unit's: the assignee, or a working user of the receiving department,
    township or zone. A clue sent to an outside body (转办/督办 外单位) is signed for by the desk
    that sent it, recording the receipt it got back."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if clue.assignee_id and clue.assignee_id == user.pk:
        return True
    if not can_change(clue, user):
        return False
    if not (clue.receiving_department_id or clue.receiving_township_id or clue.receiving_zone_id):
        return True
    if clue.receiving_department_id and user.department_id == clue.receiving_department_id:
        return True
    reach = scope_for(user).reach(WORKING_ROLES)
    if clue.receiving_township_id and clue.receiving_township_id in reach.townships:
        return True
    if clue.receiving_zone_id:
        return user.role_assignments.filter(zone_id=clue.receiving_zone_id, role__in=WORKING_ROLES).exists()
    return False


def _require_change(clue: Clue, user: User, action: str) -> None:
    if action == "sign":
        if not can_sign(clue, user):
            raise PermissionDenied(_("只有承办单位或承办人可以签收此线索。"))
        return
    if action == "notify":
        if not identity_visible(clue, user):
            raise PermissionDenied(_("只有能查看举报人身份的人员可以登记告知情况。"))
        return
    if not can_change(clue, user):
        raise PermissionDenied(_("您无权办理此线索。"))


def allowed_actions(clue: Clue, user: User) -> set[str]:
    """The actions ``user`` may take on ``clue`` now (for the detail page's buttons and the API)."""
    result = set()
    for action in TRANSITIONS:
        try:
            check_transition(clue, action)
            _require_change(clue, user, action)
        except (ValidationError, PermissionDenied):
            continue
        result.add(action)
    if "sign" in result and clue.handling_mode == HandlingMode.FORWARD and clue.is_signed:
        result.discard("sign")
    if "sign" in result and clue.is_signed:
        result.discard("sign")
    return result


# Helpers -------------------------------------------------------------------------------


# Recording history (the demo seeder, a paper ledger entered afterwards): inside ``as_of(day)``
# the timeline, signing and "today" are that day instead of the moment of entry.
_AS_OF: contextvars.ContextVar[datetime.datetime | None] = contextvars.ContextVar("clue_as_of", default=None)


@contextlib.contextmanager
def as_of(day: datetime.date):
    """Record the steps taken inside the block as happening on ``day`` (10:00, never in the future)."""
    if day > timezone.localdate():
        raise ValueError("as_of cannot be in the future")
    token = _AS_OF.set(timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))))
    try:
        yield
    finally:
        _AS_OF.reset(token)


def _now() -> datetime.datetime:
    return _AS_OF.get() or timezone.now()


def _today() -> datetime.date:
    return timezone.localdate(_now())


def _not_future(value: datetime.date | None, field: str, label: str) -> None:
    if value and value > _today():
        raise ValidationError({field: _("%(label)s不能晚于今天") % {"label": label}})


def _not_before(value: datetime.date | None, earlier: datetime.date | None, field: str, message: str) -> None:
    if value and earlier and value < earlier:
        raise ValidationError({field: message})


def _event(
    clue: Clue,
    *,
    kind: str,
    user: User | None,
    from_status: str = "",
    note: str = "",
    data: dict | None = None,
    at: datetime.datetime | None = None,
) -> ClueEvent:
    event = ClueEvent(
        clue=clue,
        kind=kind,
        actor=user,
        actor_name=(user.get_full_name() or user.get_username())[:150] if user else "",
        from_status=from_status,
        to_status=clue.status,
        note=(note or "").strip(),
        data=data or {},
        at=at or _now(),
    )
    event.full_clean(exclude=["clue", "actor"], validate_unique=False, validate_constraints=False)
    event.save()
    return event


# Foreign keys are set from rows the caller already loaded (and scoped), so ``full_clean`` need
# not query each of them again; the database's foreign keys still hold.
FK_FIELDS = tuple(f.name for f in Clue._meta.concrete_fields if f.is_relation)


def _save(clue: Clue, cfg: ClueSettings | None = None, *, registering: bool = False) -> None:
    """Recompute the deadlines, validate and save (constraints checked in full only at registration)."""
    deadlines.compute(clue, cfg)
    clue.full_clean(exclude=FK_FIELDS, validate_unique=registering, validate_constraints=registering)
    clue.save()


def _problem_types(values: Iterable) -> list[ProblemType]:
    values = list(values or [])
    if not values:
        raise ValidationError({"problem_types": _("请至少选择一个问题类型")})
    by_code = {pt.code: pt for pt in ProblemType.objects.all()}
    result = []
    for value in values:
        pt = value if isinstance(value, ProblemType) else by_code.get(str(value))
        if pt is None:
            raise ValidationError({"problem_types": _("问题类型“%(value)s”不存在") % {"value": value}})
        if pt not in result:
            result.append(pt)
    return result


def _set_problem_types(clue: Clue, types: list[ProblemType]) -> None:
    ClueProblemType.objects.filter(clue=clue).exclude(problem_type__in=types).delete()
    existing = set(ClueProblemType.objects.filter(clue=clue).values_list("problem_type_id", flat=True))
    ClueProblemType.objects.bulk_create(
        [ClueProblemType(clue=clue, problem_type=pt) for pt in types if pt.pk not in existing]
    )


SNAPSHOT_FIELDS = ("unit", "position", "cadre_level", "political_status", "is_public_official")


def _persons(clue: Clue, persons: list[dict], user: User) -> list[ClueSubject]:
    """Create or link the persons reported and write the clue's subject rows (snapshots at this time)."""
    if not persons:
        raise ValidationError({"persons": _("请至少填写一名被反映人")})
    subjects = []
    seen = set()
    for index, data in enumerate(persons):
        person = data.get("person")
        if person is not None:
            if person.merged_into_id:
                person = person.merged_into
            if person.county_id != clue.county_id:
                raise ValidationError({"persons": _("第 %(n)s 名被反映人不属于本区县") % {"n": index + 1}})
        else:
            name = (data.get("name") or "").strip()
            if not name:
                raise ValidationError({"persons": _("第 %(n)s 名被反映人未填写姓名") % {"n": index + 1}})
            person = Person(
                county=clue.county,
                township=data.get("township") or clue.township,
                name=name,
                unit=(data.get("unit") or "").strip(),
                position=(data.get("position") or "").strip(),
                cadre_level=data.get("cadre_level") or "",
                political_status=data.get("political_status") or "",
                is_public_official=bool(data.get("is_public_official")),
            )
            try:
                person.full_clean()
            except ValidationError as exc:
                messages = [
                    f"{Person._meta.get_field(f).verbose_name}：{m}" for f, ms in exc.message_dict.items() for m in ms
                ]
                raise ValidationError(
                    {"persons": [_("第 %(n)s 名被反映人：") % {"n": index + 1} + "；".join(messages)]}
                ) from exc
            person.save()
        if person.pk in seen:
            raise ValidationError({"persons": _("被反映人“%(name)s”重复填写") % {"name": person.name}})
        seen.add(person.pk)
        subject = ClueSubject(clue=clue, person=person, order=index)
        for name in SNAPSHOT_FIELDS:
            value = data.get(name)
            setattr(subject, name, value if value not in (None, "") else getattr(person, name))
        subject.full_clean(exclude=["clue", "person"], validate_unique=False, validate_constraints=False)
        subjects.append(subject)
    ClueSubject.objects.filter(clue=clue).delete()
    ClueSubject.objects.bulk_create(subjects)
    return subjects


def _reporter(clue: Clue, is_anonymous: bool, reporter: dict | None, user: User | None = None) -> None:
    if is_anonymous:
        Reporter.objects.filter(clue=clue).delete()
        return
    data = reporter or {}
    if not (data.get("name") or "").strip():
        raise ValidationError({"reporter_name": _("实名举报须填写举报人姓名；不愿留名的请勾选“匿名”")})
    obj = Reporter.objects.filter(clue=clue).first() or Reporter(clue=clue)
    before = {name: getattr(obj, name) for name in REPORTER_IDENTITY_FIELDS}
    creating = obj.pk is None
    obj.name = data["name"].strip()
    obj.phone = (data.get("phone") or "").strip()
    obj.id_number = (data.get("id_number") or "").strip()
    obj.address = (data.get("address") or "").strip()
    try:
        obj.full_clean(exclude=["clue"])
    except ValidationError as exc:
        raise ValidationError({f"reporter_{k}": v for k, v in exc.message_dict.items()}) from exc
    obj.save()
    changed = [name for name in REPORTER_IDENTITY_FIELDS if getattr(obj, name) != before[name]]
    if changed:
        # The audit trail says who entered or changed which identity field, never the values.
        hidden = str(CONFIDENTIAL_VALUE)
        record(
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            obj=obj,
            user=user,
            detail=_("登记举报人身份信息（内容保密）") if creating else _("修改举报人身份信息（内容保密）"),
            changes={name: [None if creating else hidden, hidden] for name in changed},
        )


def _store_attachments(clue: Clue, files, user: User) -> list[ClueAttachment]:
    """Check every file first, then store them; files written before a failure are removed."""
    files = [f for f in (files or []) if f]
    if not files:
        return []
    stored = ClueAttachment.objects.filter(clue=clue).aggregate(total=Sum("size"))["total"] or 0
    checked = []
    for upload in files:
        result = check_upload(upload, already_stored=stored)
        stored += result.size
        checked.append((upload, result))
    created: list[ClueAttachment] = []
    try:
        for upload, result in checked:
            attachment = ClueAttachment(
                clue=clue,
                original_name=(getattr(upload, "name", "") or "")[-200:] or "file",
                kind=result.kind,
                content_type=result.content_type,
                size=result.size,
                sha256=result.sha256,
                uploaded_by=user,
            )
            upload.seek(0)
            attachment.file.save("upload", upload, save=False)
            created.append(attachment)
            attachment.full_clean(exclude=["clue", "uploaded_by"])
            attachment.save()
    except Exception:
        for attachment in created:
            attachment.file.delete(save=False)
        raise
    pending = _PENDING_FILES.get()
    if pending is not None:
        pending.extend((a.file.storage, a.file.name) for a in created)
    return created


# Files written by the running service; removed again when the service fails (see ``_removes_files_on_error``).
_PENDING_FILES: contextvars.ContextVar[list | None] = contextvars.ContextVar("clue_pending_files", default=None)


def _removes_files_on_error(func):
    """Delete attachment files stored by ``func`` when it raises, so a refused form leaves no orphans."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        token = _PENDING_FILES.set([])
        try:
            return func(*args, **kwargs)
        except BaseException:
            for storage, name in _PENDING_FILES.get() or []:
                storage.delete(name)
            raise
        finally:
            _PENDING_FILES.reset(token)

    return wrapper


def _clean_text(value: str | None) -> str:
    return (value or "").strip()


# Services ------------------------------------------------------------------------------


@_removes_files_on_error
@transaction.atomic
def clue_register(
    *,
    user: User,
    received_on: datetime.date,
    category: str,
    source: str,
    domain: str,
    summary: str,
    persons: list[dict],
    problem_types: Iterable,
    county: County | None = None,
    channel: str = "",
    is_anonymous: bool = True,
    reporter: dict | None = None,
    township: Township | None = None,
    village: Village | None = None,
    amount: Decimal | None = None,
    description: str = "",
    attachments: Iterable = (),
    registered_at: datetime.datetime | None = None,
) -> Clue:
    """Register a petition or clue and give it the next ``XS…`` number of its county and year."""
    if county is None:
        county = township.county if township else None
    if county is None:
        raise ValidationError({"township": _("请选择乡镇（或指定区县）")})
    if not can_register(user, county=county, township=township, village=village):
        raise PermissionDenied(_("您无权在该乡镇（村）登记线索。"))
    registered_at = registered_at or _now()
    clue = Clue(
        county=county,
        received_on=received_on,
        category=category,
        source=source,
        channel=channel or "",
        is_anonymous=is_anonymous,
        township=township,
        village=village,
        domain=domain,
        amount=amount,
        summary=_clean_text(summary),
        description=_clean_text(description),
        registered_at=registered_at,
        registered_by=user,
        number="pending",
    )
    _not_future(received_on, "received_on", _("受理日期"))
    clue.full_clean(exclude=["number", *FK_FIELDS], validate_unique=False, validate_constraints=False)
    types = _problem_types(problem_types)
    year = timezone.localdate(registered_at).year
    clue.number = f"XS{year}{county.code}-{next_number(key=f'clue:{county.code}', year=year):04d}"
    _save(clue, registering=True)
    _set_problem_types(clue, types)
    _persons(clue, persons, user)
    _reporter(clue, is_anonymous, reporter, user)
    stored = _store_attachments(clue, attachments, user)
    _event(
        clue,
        kind=EventKind.REGISTER,
        user=user,
        note=_("登记线索 %(number)s") % {"number": clue.number},
        data={"attachments": len(stored)},
        at=registered_at,
    )
    return clue


UPDATABLE = (
    "received_on",
    "category",
    "source",
    "channel",
    "township",
    "village",
    "domain",
    "amount",
    "summary",
    "description",
)


@transaction.atomic
def clue_update(*, clue: Clue, user: User, **changes) -> Clue:
    """Correct a clue's registration while it is still 已登记 (omitted fields keep their value)."""
    check_transition(clue, "update")
    _require_change(clue, user, "update")
    unknown = set(changes) - {*UPDATABLE, "persons", "problem_types", "is_anonymous", "reporter"}
    if unknown:
        raise ValidationError(_("不能修改的字段：%(fields)s") % {"fields": "、".join(sorted(unknown))})
    changed = []
    for name in UPDATABLE:
        if name in changes:
            value = changes[name]
            if name in ("summary", "description"):
                value = _clean_text(value)
            if getattr(clue, name) != value:
                changed.append(name)
            setattr(clue, name, value)
    _not_future(clue.received_on, "received_on", _("受理日期"))
    if clue.township_id and clue.township.county_id != clue.county_id:
        raise ValidationError({"township": _("所选乡镇不属于本区县")})
    if "is_anonymous" in changes:
        if clue.is_anonymous != changes["is_anonymous"]:
            changed.append("is_anonymous")
        clue.is_anonymous = changes["is_anonymous"]
    _save(clue)
    if "problem_types" in changes:
        _set_problem_types(clue, _problem_types(changes["problem_types"]))
        changed.append("problem_types")
    if "persons" in changes:
        _persons(clue, changes["persons"], user)
        changed.append("persons")
    if "is_anonymous" in changes or "reporter" in changes:
        _reporter(clue, clue.is_anonymous, changes.get("reporter"), user)
    _event(clue, kind=EventKind.UPDATE, user=user, from_status=clue.status, data={"fields": changed})
    return clue


@transaction.atomic
def clue_assign(
    *,
    clue: Clue,
    user: User,
    handling_mode: str,
    assignee: User | None = None,
    receiving_department: Department | None = None,
    receiving_township: Township | None = None,
    receiving_zone: Zone | None = None,
    receiving_body: str = "",
    assigned_on: datetime.date | None = None,
    report_back_due: datetime.date | None = None,
    note: str = "",
) -> Clue:
    """分办: send the clue to a department, township, zone or outside body (re-assign while not signed)."""
    check_transition(clue, "assign")
    _require_change(clue, user, "assign")
    from_status = clue.status
    assigned_on = assigned_on or _today()
    _not_future(assigned_on, "assigned_on", _("分办日期"))
    _not_before(assigned_on, clue.received_on, "assigned_on", _("分办日期不能早于受理日期"))
    if handling_mode not in HandlingMode.values:
        raise ValidationError({"handling_mode": _("请选择办理方式")})
    receivers = [r for r in (receiving_department, receiving_township, receiving_zone) if r is not None]
    receiving_body = _clean_text(receiving_body)
    if len(receivers) > 1:
        raise ValidationError({"receiving_department": _("承办单位只能选择一个（部门、乡镇或协作区）")})
    if not receivers and not receiving_body:
        raise ValidationError({"receiving_department": _("请选择承办单位（部门、乡镇或协作区），或填写外单位名称")})
    if receivers and receiving_body:
        raise ValidationError({"receiving_body": _("已选择本机关承办单位时不再填写外单位名称")})
    if receiving_body and handling_mode not in (HandlingMode.FORWARD, HandlingMode.SUPERVISE, HandlingMode.ASSIST):
        raise ValidationError({"receiving_body": _("只有转办、督办、协办可以交外单位办理")})
    for receiver in receivers:
        if receiver.county_id != clue.county_id:
            raise ValidationError({"receiving_department": _("承办单位不属于本区县")})
    if handling_mode == HandlingMode.ASSIGN_DOWN and not report_back_due:
        raise ValidationError({"report_back_due": _("交办件须规定报结时限")})
    _not_before(report_back_due, assigned_on, "report_back_due", _("报结时限不能早于分办日期"))
    if assignee is None and not receiving_body:
        raise ValidationError({"assignee": _("请指定承办人")})
    if assignee is not None and not assignee.is_active:
        raise ValidationError({"assignee": _("所选承办人账号已停用")})
    clue.handling_mode = handling_mode
    clue.receiving_department = receiving_department
    clue.receiving_township = receiving_township
    clue.receiving_zone = receiving_zone
    clue.receiving_body = receiving_body
    clue.assignee = assignee
    clue.assigned_on = assigned_on
    clue.assigned_by = user
    clue.report_back_due = report_back_due
    clue.status = ClueStatus.ASSIGNED
    _save(clue)
    if assignee is not None and not can_change(clue, assignee):
        raise ValidationError({"assignee": _("所选承办人无权办理该线索（不在其管辖范围内）")})
    _event(
        clue,
        kind=EventKind.ASSIGN,
        user=user,
        from_status=from_status,
        note=note,
        data={
            "handling_mode": handling_mode,
            "receiving_unit": str(clue.receiving_unit or ""),
            "assignee": str(assignee or ""),
        },
    )
    return clue


@transaction.atomic
def clue_sign(*, clue: Clue, user: User, note: str = "") -> Clue:
    """签收: the receiving unit acknowledges the assigned clue."""
    check_transition(clue, "sign")
    if clue.is_signed:
        raise ValidationError(_("线索已于 %(at)s 签收。") % {"at": f"{timezone.localtime(clue.signed_at):%Y-%m-%d}"})
    _require_change(clue, user, "sign")
    clue.signed_at = _now()
    clue.signed_by = user
    _save(clue)
    _event(clue, kind=EventKind.SIGN, user=user, from_status=clue.status, note=note)
    return clue


@transaction.atomic
def clue_dispose(
    *,
    clue: Clue,
    user: User,
    method: str,
    decided_on: datetime.date,
    decided_by: User | None = None,
    inquiry_form: str = "",
    hold_reason: str = "",
    hold_review_on: datetime.date | None = None,
    close_reason: str = "",
    note: str = "",
) -> Clue:
    """Choose one of the four disposal methods; 予以了结 concludes the clue at once."""
    check_transition(clue, "dispose")
    _require_change(clue, user, "dispose")
    if method not in DisposalMethod.values:
        raise ValidationError({"method": _("请选择处置方式")})
    if not decided_on:
        raise ValidationError({"decided_on": _("请填写处置决定日期")})
    _not_future(decided_on, "decided_on", _("处置决定日期"))
    _not_before(decided_on, clue.assigned_on or clue.received_on, "decided_on", _("处置决定日期不能早于分办日期"))
    if clue.decided_on:
        _not_before(decided_on, clue.decided_on, "decided_on", _("处置决定日期不能早于上一次处置决定"))
    if method == DisposalMethod.INQUIRY and inquiry_form and inquiry_form not in InquiryForm.values:
        raise ValidationError({"inquiry_form": _("请选择谈话或函询")})
    if method == DisposalMethod.HOLD:
        if not _clean_text(hold_reason):
            raise ValidationError({"hold_reason": _("暂存待查须填写暂存原因")})
        if not hold_review_on:
            raise ValidationError({"hold_review_on": _("暂存待查须确定复查日期")})
        if hold_review_on <= decided_on:
            raise ValidationError({"hold_review_on": _("复查日期应晚于处置决定日期")})
    if method == DisposalMethod.CLOSE and not close_reason:
        raise ValidationError({"close_reason": _("予以了结须选择了结原因")})
    return _switch_method(
        clue,
        user=user,
        method=method,
        decided_on=decided_on,
        decided_by=decided_by,
        inquiry_form=inquiry_form,
        hold_reason=hold_reason,
        hold_review_on=hold_review_on,
        close_reason=close_reason,
        note=note,
    )


def _switch_method(
    clue: Clue,
    *,
    user: User,
    method: str,
    decided_on: datetime.date,
    decided_by: User | None,
    inquiry_form: str = "",
    hold_reason: str = "",
    hold_review_on: datetime.date | None = None,
    close_reason: str = "",
    note: str = "",
    ending_result: str = "",
) -> Clue:
    from_status = clue.status
    previous = clue.disposals.filter(ended_on__isnull=True).order_by("-decided_on", "-id").first()
    if previous is not None:
        previous.ended_on = decided_on
        previous.result = previous.result or ending_result
        previous.save(update_fields=["ended_on", "result"])
    clue.disposal_method = method
    clue.decided_on = decided_on
    clue.decided_by = decided_by
    clue.status = ClueStatus.DISPOSING
    if method == DisposalMethod.INQUIRY:
        clue.inquiry_form = inquiry_form or clue.inquiry_form
    if method == DisposalMethod.HOLD:
        clue.hold_reason = _clean_text(hold_reason)
        clue.hold_review_on = hold_review_on
    else:
        clue.hold_review_on = None
    if method == DisposalMethod.CLOSE:
        clue.close_reason = close_reason
    _save(clue)
    ClueDisposal.objects.create(
        clue=clue, method=method, decided_on=decided_on, decided_by=decided_by, recorded_by=user
    )
    _event(
        clue,
        kind=EventKind.DISPOSE,
        user=user,
        from_status=from_status,
        note=note,
        # A switch (不予采信转初步核实, 转暂存待查) shows the result that led to it.
        data={
            "method": method,
            "decided_on": decided_on.isoformat(),
            **({"result": ending_result} if ending_result else {}),
        },
    )
    if method == DisposalMethod.CLOSE:
        _conclude(clue, user=user, result=ClueResult.CLOSED, concluded_on=decided_on, result_note=note)
    return clue


@transaction.atomic
def clue_record_step(
    *,
    clue: Clue,
    user: User,
    step: str,
    on: datetime.date,
    note: str = "",
    next_review_on: datetime.date | None = None,
) -> Clue:
    """Record a step of the current method (or a notification to a named reporter) with its date."""
    if step not in ClueStep.values:
        raise ValidationError({"step": _("未知的办理步骤")})
    if not on:
        raise ValidationError({"on": _("请填写日期")})
    _not_future(on, "on", _("日期"))
    if step in (ClueStep.REPORTER_ACCEPT_NOTIFIED, ClueStep.REPORTER_RESULT_NOTIFIED):
        return _notify_reporter(clue, user=user, step=step, on=on, note=note)
    check_transition(clue, "record_step")
    _require_change(clue, user, "record_step")
    method = STEP_METHOD[ClueStep(step)]
    if clue.disposal_method != method:
        raise ValidationError(
            {
                "step": _("“%(step)s”属于“%(method)s”，本线索的处置方式是“%(current)s”。")
                % {
                    "step": ClueStep(step).label,
                    "method": DisposalMethod(method).label,
                    "current": clue.get_disposal_method_display(),
                }
            }
        )
    _not_before(on, clue.decided_on, "on", _("日期不能早于处置决定日期"))
    if step == ClueStep.INQUIRY_HELD:
        clue.inquiry_on = on
    elif step == ClueStep.REPLY_RECEIVED:
        if not clue.inquiry_on:
            raise ValidationError({"step": _("请先登记谈话或发函日期")})
        _not_before(on, clue.inquiry_on, "on", _("收到书面说明日期不能早于谈话/发函日期"))
        clue.reply_on = on
    elif step == ClueStep.PLAN_APPROVED:
        clue.plan_approved_on = on
    elif step == ClueStep.REPORT_SUBMITTED:
        if not clue.plan_approved_on:
            raise ValidationError({"step": _("请先登记初核方案审批日期")})
        _not_before(on, clue.plan_approved_on, "on", _("初核情况报告日期不能早于初核方案审批日期"))
        clue.report_on = on
    elif step == ClueStep.HOLD_REVIEWED:
        if not next_review_on or next_review_on <= on:
            raise ValidationError({"next_review_on": _("继续暂存须确定晚于本次复查的下次复查日期")})
        clue.hold_review_on = next_review_on
    _save(clue)
    data = {"step": step, "on": on.isoformat()}
    if next_review_on:
        data["next_review_on"] = next_review_on.isoformat()
    _event(clue, kind=EventKind.STEP, user=user, from_status=clue.status, note=note, data=data)
    return clue


def _notify_reporter(clue: Clue, *, user: User, step: str, on: datetime.date, note: str) -> Clue:
    check_transition(clue, "notify")
    _require_change(clue, user, "notify")
    reporter = Reporter.objects.get(clue=clue)
    if step == ClueStep.REPORTER_ACCEPT_NOTIFIED:
        if reporter.notified_accept_on:
            raise ValidationError(
                {"step": _("已于 %(on)s 告知举报人受理情况。") % {"on": reporter.notified_accept_on.isoformat()}}
            )
        _not_before(on, clue.received_on, "on", _("告知日期不能早于受理日期"))
        reporter.notified_accept_on = on
    else:
        if not clue.concluded_on:
            raise ValidationError({"step": _("线索办结后才能告知举报人办理结果")})
        if reporter.notified_result_on:
            raise ValidationError(
                {"step": _("已于 %(on)s 告知举报人办理结果。") % {"on": reporter.notified_result_on.isoformat()}}
            )
        _not_before(on, clue.concluded_on, "on", _("结果告知日期不能早于办结日期"))
        reporter.notified_result_on = on
    reporter.full_clean(exclude=["clue"])
    reporter.save()
    _event(
        clue,
        kind=EventKind.NOTIFY,
        user=user,
        from_status=clue.status,
        note=note,
        data={"step": step, "on": on.isoformat()},
    )
    return clue


@transaction.atomic
def clue_conclude(
    *,
    clue: Clue,
    user: User,
    result: str,
    concluded_on: datetime.date,
    result_note: str = "",
    close_reason: str = "",
    hold_reason: str = "",
    hold_review_on: datetime.date | None = None,
    case_approver: User | None = None,
):
    """Record the result of the current method; switching results change the method instead."""
    check_transition(clue, "conclude")
    _require_change(clue, user, "conclude")
    if result not in ClueResult.values:
        raise ValidationError({"result": _("请选择办理结果")})
    if not concluded_on:
        raise ValidationError({"concluded_on": _("请填写办结日期")})
    _not_future(concluded_on, "concluded_on", _("办结日期"))
    earliest = clue.decided_on or clue.assigned_on or clue.received_on
    _not_before(concluded_on, earliest, "concluded_on", _("办结日期不能早于处置决定日期"))
    if clue.status == ClueStatus.ASSIGNED:
        allowed = [ClueResult.FORWARDED] if clue.handling_mode == HandlingMode.FORWARD else []
        if clue.category != ClueCategory.ACCUSATION:
            allowed.append(ClueResult.ANSWERED)
        if result not in allowed:
            raise ValidationError(
                {"result": _("检举控告类线索须先确定处置方式再办结；未确定处置方式时只能以“已转办”或“已答复”办结。")}
            )
    else:
        allowed = RESULTS_BY_METHOD[DisposalMethod(clue.disposal_method)]
        if result not in allowed:
            raise ValidationError(
                {
                    "result": _("“%(method)s”的办理结果只能是：%(allowed)s")
                    % {
                        "method": clue.get_disposal_method_display(),
                        "allowed": "、".join(str(ClueResult(r).label) for r in allowed),
                    }
                }
            )
    if result in SWITCHING_RESULTS:
        new_method = SWITCHING_RESULTS[ClueResult(result)]
        if new_method == DisposalMethod.HOLD:
            if not _clean_text(hold_reason):
                raise ValidationError({"hold_reason": _("转暂存待查须填写暂存原因")})
            if not hold_review_on or hold_review_on <= concluded_on:
                raise ValidationError({"hold_review_on": _("转暂存待查须确定晚于决定日期的复查日期")})
        clue.disposals.filter(ended_on__isnull=True).update(result=result)
        return _switch_method(
            clue,
            user=user,
            method=new_method,
            decided_on=concluded_on,
            decided_by=case_approver,
            hold_reason=hold_reason,
            hold_review_on=hold_review_on,
            note=result_note,
            ending_result=result,
        )
    if result == ClueResult.CLOSED and clue.disposal_method != DisposalMethod.CLOSE:
        if not close_reason:
            raise ValidationError({"close_reason": _("予以了结须选择了结原因")})
        clue.close_reason = close_reason
    if result == ClueResult.FILE_CASE:
        if case_approver is None:
            raise ValidationError({"case_approver": _("立案审查调查须选择立案审批人")})
        _conclude(clue, user=user, result=result, concluded_on=concluded_on, result_note=result_note)
        case = case_hooks().file_case(clue=clue, user=user, filed_on=concluded_on, approver=case_approver)
        _event(
            clue,
            kind=EventKind.CASE,
            user=user,
            from_status=clue.status,
            note=_("立案审查调查：%(case)s") % {"case": case},
            data={"case_id": getattr(case, "pk", None), "case": str(case)},
        )
        return clue
    _conclude(clue, user=user, result=result, concluded_on=concluded_on, result_note=result_note)
    if result in FIRST_FORM_RESULTS:
        case_hooks().record_measures(clue=clue, user=user)
    return clue


def _conclude(clue: Clue, *, user: User, result: str, concluded_on: datetime.date, result_note: str = "") -> None:
    from_status = clue.status
    clue.result = result
    clue.result_note = _clean_text(result_note)
    clue.concluded_on = concluded_on
    clue.status = ClueStatus.CONCLUDED
    _save(clue)
    clue.disposals.filter(ended_on__isnull=True).update(result=result, ended_on=concluded_on)
    _event(
        clue,
        kind=EventKind.CONCLUDE,
        user=user,
        from_status=from_status,
        note=result_note,
        data={"result": result, "concluded_on": concluded_on.isoformat()},
    )


@transaction.atomic
def clue_close_off(*, clue: Clue, user: User, closed_on: datetime.date | None = None, note: str = "") -> Clue:
    """销号: take a concluded clue off the open ledger."""
    check_transition(clue, "close_off")
    _require_change(clue, user, "close_off")
    closed_on = closed_on or _today()
    _not_future(closed_on, "closed_on", _("销号日期"))
    _not_before(closed_on, clue.concluded_on, "closed_on", _("销号日期不能早于办结日期"))
    from_status = clue.status
    clue.status = ClueStatus.CLOSED
    clue.closed_on = closed_on
    clue.closed_by = user
    _save(clue)
    _event(clue, kind=EventKind.CLOSE_OFF, user=user, from_status=from_status, note=note)
    return clue


@transaction.atomic
def clue_mark_duplicate(*, clue: Clue, user: User, original: Clue, note: str = "") -> Clue:
    """重复件: keep the clue, link it to the original and conclude it (not counted twice)."""
    check_transition(clue, "mark_duplicate")
    _require_change(clue, user, "mark_duplicate")
    if original.pk == clue.pk:
        raise ValidationError({"original": _("线索不能是自身的重复件")})
    if original.county_id != clue.county_id:
        raise ValidationError({"original": _("原件须为本区县的线索")})
    while original.is_duplicate and original.duplicate_of_id:
        original = original.duplicate_of
        if original.pk == clue.pk:
            raise ValidationError({"original": _("所选原件本身是本线索的重复件")})
    if original.received_on > clue.received_on:
        raise ValidationError({"original": _("原件的受理日期不能晚于本线索")})
    from_status = clue.status
    clue.is_duplicate = True
    clue.duplicate_of = original
    clue.result = ClueResult.DUPLICATE
    clue.result_note = _clean_text(note)
    clue.concluded_on = _today()
    clue.status = ClueStatus.CONCLUDED
    _save(clue)
    clue.disposals.filter(ended_on__isnull=True).update(result=ClueResult.DUPLICATE, ended_on=clue.concluded_on)
    _event(
        clue,
        kind=EventKind.DUPLICATE,
        user=user,
        from_status=from_status,
        note=note,
        data={"original": original.number, "original_id": original.pk},
    )
    _event(
        original,
        kind=EventKind.DUPLICATE,
        user=user,
        from_status=original.status,
        note=_("收到重复件 %(number)s") % {"number": clue.number},
        data={"duplicate": clue.number, "duplicate_id": clue.pk},
    )
    return clue


@_removes_files_on_error
@transaction.atomic
def clue_attach(*, clue: Clue, user: User, files) -> list[ClueAttachment]:
    """Add attachments to a clue that is not yet closed off."""
    check_transition(clue, "attach")
    _require_change(clue, user, "attach")
    created = _store_attachments(clue, files, user)
    if created:
        _event(
            clue,
            kind=EventKind.ATTACH,
            user=user,
            from_status=clue.status,
            note="、".join(a.original_name for a in created),
            data={"attachments": [a.pk for a in created]},
        )
    return created


@transaction.atomic
def person_merge(*, source: Person, target: Person, user: User) -> Person:
    """Merge a duplicate person record into ``target``: every clue link moves, the source is kept as merged."""
    if source.pk == target.pk:
        raise ValidationError({"target": _("不能与自身合并")})
    if source.county_id != target.county_id:
        raise ValidationError({"target": _("只能合并同一区县的被反映人")})
    if target.merged_into_id:
        raise ValidationError({"target": _("目标人员已被合并到其他人员，请选择最终人员")})
    if source.merged_into_id:
        raise ValidationError({"source": _("该人员已合并过")})
    allowed = Person.objects.restrict(user, "change").filter(pk__in=[source.pk, target.pk]).count()
    if allowed != 2:
        raise PermissionDenied(_("您无权合并这两名人员。"))
    links = list(ClueSubject.objects.filter(person=source).select_related("clue"))
    already = set(ClueSubject.objects.filter(person=target).values_list("clue_id", flat=True))
    for link in links:
        if link.clue_id in already:
            link.delete()
        else:
            link.person = target
            link.save(update_fields=["person"])
        _event(
            link.clue,
            kind=EventKind.PERSON_MERGE,
            user=user,
            from_status=link.clue.status,
            note=_("被反映人“%(source)s”合并至“%(target)s”") % {"source": source, "target": target},
            data={"source": source.pk, "target": target.pk},
        )
    moved_from = list(Person.objects.filter(merged_into=source))
    for person in moved_from:
        person.merged_into = target
        person.save(update_fields=["merged_into"])
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    return target


def recompute_deadlines(years: set[int]) -> None:
    """Calendar hook: recompute open clue deadlines in ``years`` when their calendar changes."""
    deadlines.recompute_open_deadlines(set(years))


@transaction.atomic
def person_create(
    *,
    user: User,
    name: str,
    unit: str,
    cadre_level: str,
    political_status: str,
    position: str = "",
    is_public_official: bool = False,
    township: Township | None = None,
    county: County | None = None,
) -> Person:
    """Add a person reported (被反映人) in a county the user works in."""
    if county is None and township is not None:
        county = township.county
    if county is None:
        reach = scope_for(user).reach(WORKING_ROLES)
        if len(reach.counties) == 1:
            county = County.objects.get(pk=next(iter(reach.counties)))
    if county is None:
        raise ValidationError({"township": _("请选择被反映人所在乡镇")})
    if not _reaches(user, WORKING_ROLES, county_id=county.pk, township_id=township.pk if township else None):
        raise PermissionDenied(_("您无权在该区县（乡镇）新增人员。"))
    person = Person(
        county=county,
        township=township,
        name=_clean_text(name),
        unit=_clean_text(unit),
        position=_clean_text(position),
        cadre_level=cadre_level,
        political_status=political_status,
        is_public_official=is_public_official,
    )
    person.full_clean()
    person.save()
    return person
