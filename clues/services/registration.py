"""Registering a clue and correcting it while registered: persons reported, reporter, problem types."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditAction
from audit.tracking import record
from core.numbering import next_number
from people.models import Person, User
from zones.models import County, Township, Village

from ..choices import EventKind
from ..models import REPORTER_IDENTITY_FIELDS, Clue, ClueProblemType, ClueSubject, ProblemType, Reporter
from .checks import FK_FIELDS, _clean_text, _not_future, _save
from .files import _removes_files_on_error, _store_attachments
from .permissions import _require_change, can_register
from .timeline import _event, _now
from .transitions import check_transition

CONFIDENTIAL_VALUE = gettext_lazy("（保密）")


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
