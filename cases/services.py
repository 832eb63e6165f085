"""Writes on cases and measures; views, the API, admin, the clue workflow and the demo all come here."""

from __future__ import annotations

import contextvars
import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import add_days, is_provisional
from core.numbering import next_number
from people.choices import PoliticalStatus
from people.models import Person
from people.roles import Role
from people.scopes import scope_for

from .choices import (
    CLUE_MEASURE_KINDS,
    CLUE_RESULT_KIND,
    MEASURE_TYPE_OF,
    OPEN_STATUSES,
    TRANSITIONS,
    CaseAction,
    CaseEventKind,
    CaseStatus,
    MeasureKind,
    MeasureType,
)
from .models import (
    CASE_WORKERS,
    Case,
    CaseEvent,
    CaseExtension,
    CasePerson,
    CaseSettings,
    ClueMeasureSubject,
    Measure,
)


def _today() -> datetime.date:
    return timezone.localdate()


def _not_future(field: str, value: datetime.date | None, label: str) -> None:
    if value is not None and value > _today():
        raise ValidationError({field: _("%(label)s不能晚于今天。") % {"label": label}})


def _event(case: Case, kind: str, user, *, on_date=None, note: str = "", from_status="", to_status="") -> CaseEvent:
    event = CaseEvent(
        case=case,
        kind=kind,
        actor=user,
        on_date=on_date,
        note=note[:500],
        from_status=from_status,
        to_status=to_status,
    )
    # Built here from validated values; only the text fields need checking (FKs were loaded rows).
    event.full_clean(exclude=["case", "actor"], validate_constraints=False)
    event.save()
    return event


def case_number(*, county, year: int) -> str:
    """The next ``LA{year}{county code}-{seq:04d}`` inside the caller's transaction (gapless)."""
    seq = next_number(key=f"case:{county.code}", year=year)
    return f"LA{year}{county.code}-{seq:04d}"


def _investigation_due(filed_on: datetime.date, days: int) -> datetime.date:
    return add_days(filed_on, days)


def _reaches(user, roles, county_id: int, township_id: int | None = None) -> bool:
    """Whether ``user`` holds one of ``roles`` over the county (or over the given township of it)."""
    if user is None or not user.is_active:
        return False
    reach = scope_for(user).reach(roles)
    if reach.everything or county_id in reach.counties:
        return True
    if township_id is not None:
        return township_id in reach.townships
    from zones.models import Township

    return Township.objects.filter(county_id=county_id, pk__in=reach.townships).exists()


def _is_leader_of(user, county_id: int) -> bool:
    """Filing and extensions are approved by the commission leadership (委领导) of the county."""
    return _reaches(user, (Role.LEADER,), county_id)


# The descriptive fields typed on the filing form when a clue is chosen there: the clue is
# concluded (立案审查调查) through the clue desk's service, which files the case back here.
_filing_from_form: contextvars.ContextVar[dict | None] = contextvars.ContextVar("case_filing_from_form", default=None)
CLUE_ERROR_FIELDS = {"concluded_on": "filed_on", "case_approver": "approver", "result": "clue", "__all__": "clue"}


# Filing -------------------------------------------------------------------


@transaction.atomic
def case_file(
    *,
    county,
    title: str,
    filed_on: datetime.date,
    approver,
    user,
    township=None,
    department=None,
    handler=None,
    joint_handling: bool = False,
    joint_zone=None,
    summary: str = "",
    clue=None,
    persons: Iterable[Person] = (),
) -> Case:
    """File a case (立案): number it, start its investigation period, add its persons, put it on the timeline.

    With a source clue, the clue is concluded with 立案审查调查 through the clue desk's service,
    whose rule for that result files this case (through :func:`case_file_from_clue`): a clue
    and its case never disagree.
    """
    fields = {
        "county": county,
        "title": title,
        "summary": summary,
        "township": township,
        "department": department,
        "handler": handler,
        "joint_handling": joint_handling,
        "joint_zone": joint_zone,
    }
    if clue is not None:
        return _file_through_clue(
            clue=clue, user=user, filed_on=filed_on, approver=approver, fields={**fields, "persons": list(persons)}
        )
    return _case_file(filed_on=filed_on, approver=approver, user=user, persons=persons, **fields)


def _case_file(
    *,
    county,
    title: str,
    filed_on: datetime.date,
    approver,
    user,
    township=None,
    department=None,
    handler=None,
    joint_handling: bool = False,
    joint_zone=None,
    summary: str = "",
    clue=None,
    persons: Iterable[Person] = (),
) -> Case:
    errors: dict[str, list[str]] = {}
    if filed_on is None:
        errors.setdefault("filed_on", []).append(_("请填写立案日期。"))
    elif filed_on > _today():
        errors.setdefault("filed_on", []).append(_("立案日期不能晚于今天。"))
    if approver is None:
        errors.setdefault("approver", []).append(_("请选择立案审批人。"))
    elif not _is_leader_of(approver, county.pk):
        errors.setdefault("approver", []).append(_("立案审批人应为本区县的委领导。"))
    if handler is not None and not _reaches(handler, CASE_WORKERS, county.pk, getattr(township, "pk", None)):
        errors.setdefault("handler", []).append(_("承办人应为有权办理本案的纪检监察干部。"))
    if township is not None and township.county_id != county.pk:
        errors.setdefault("township", []).append(_("所选乡镇不属于本区县。"))
    if department is not None and department.county_id != county.pk:
        errors.setdefault("department", []).append(_("承办部门不属于本区县。"))
    if joint_handling and joint_zone is None:
        errors.setdefault("joint_zone", []).append(_("协作查办的案件请选择协作区。"))
    if not joint_handling and joint_zone is not None:
        errors.setdefault("joint_zone", []).append(_("未勾选协作查办时不应选择协作区。"))
    if joint_zone is not None and joint_zone.county_id != county.pk:
        errors.setdefault("joint_zone", []).append(_("所选协作区不属于本区县。"))
    if clue is not None:
        if clue.county_id != county.pk:
            errors.setdefault("clue", []).append(_("来源线索不属于本区县。"))
        received = _clue_received_on(clue)
        if filed_on is not None and received is not None and filed_on < received:
            errors.setdefault("filed_on", []).append(_("立案日期不能早于线索受理日期（%(d)s）。") % {"d": received})
    persons = list(dict.fromkeys(persons))
    for person in persons:
        if person.county_id != county.pk:
            errors.setdefault("persons", []).append(_("“%(name)s”不属于本区县。") % {"name": person.name})
    if errors:
        raise ValidationError(errors)

    config = CaseSettings.for_county(county)
    due = _investigation_due(filed_on, config.investigation_days)
    case = Case(
        county=county,
        clue=clue,
        title=(title or "").strip(),
        summary=(summary or "").strip(),
        filed_on=filed_on,
        approver=approver,
        township=township,
        department=department,
        handler=handler,
        joint_handling=joint_handling,
        joint_zone=joint_zone if joint_handling else None,
        investigation_days=config.investigation_days,
        investigation_due=due,
        investigation_due_provisional=is_provisional(due),
        created_by=user,
        number="pending",
    )
    case.full_clean(exclude=["number"])
    case.number = case_number(county=county, year=filed_on.year)
    case.save()
    _event(
        case,
        CaseEventKind.FILE,
        user,
        on_date=filed_on,
        to_status=CaseStatus.FILED,
        note=_("立案审批人：%(a)s；审查调查期限至 %(d)s") % {"a": approver, "d": due.isoformat()},
    )
    for person in persons:
        _person_add(case, person, user)
    return case


CLUE_FILE_CASE = "file_case"  # clues.choices.ClueResult.FILE_CASE


def _file_through_clue(*, clue, user, filed_on, approver, fields: dict) -> Case:
    """Conclude ``clue`` with 立案审查调查 (which files the case with ``fields``); errors name the filing's fields."""
    from clues.services import clue_conclude

    if clue.county_id != fields["county"].pk:
        raise ValidationError({"clue": [_("来源线索不属于本区县。")]})
    # Lock the clue: two officers filing from it at once queue here, and the second is refused.
    type(clue).objects.select_for_update().filter(pk=clue.pk).first()
    clue.refresh_from_db()
    if clue.cases.exists():
        raise ValidationError({"clue": [_("该线索已立案，不能重复立案。")]})
    token = _filing_from_form.set(fields)
    try:
        clue_conclude(clue=clue, user=user, result=CLUE_FILE_CASE, concluded_on=filed_on, case_approver=approver)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise ValidationError({"clue": exc.messages}) from exc
        remapped: dict[str, list[str]] = {}
        for field, messages in exc.message_dict.items():
            remapped.setdefault(CLUE_ERROR_FIELDS.get(field, field), []).extend(messages)
        raise ValidationError(remapped) from exc
    finally:
        _filing_from_form.reset(token)
    return clue.cases.order_by("-id").first()


def _clue_received_on(clue) -> datetime.date | None:
    return getattr(clue, "received_on", None)


def _clue_persons(clue) -> list[Person]:
    return list(clue.persons.all())


@transaction.atomic
def case_file_from_clue(*, clue, user, filed_on, approver, persons=None, department=None) -> Case:
    """File the case a clue's 初步核实 concluded with (立案审查调查); the clue is linked both ways.

    Department and handler default to the clue's (承办单位, 承办人); a clue handled by a
    collaboration zone is filed as handled jointly by that zone (协作查办).
    """
    typed = _filing_from_form.get()
    if typed is not None:
        _filing_from_form.set(None)  # consumed: a nested filing must not reuse it
        extra = typed.pop("persons")
        chosen = list(dict.fromkeys([*_clue_persons(clue), *extra]))
        return _case_file(clue=clue, filed_on=filed_on, approver=approver, user=user, persons=chosen, **typed)
    chosen = list(persons) if persons is not None else _clue_persons(clue)
    subject = ", ".join(p.name for p in chosen[:3])
    summary = (getattr(clue, "summary", "") or "").strip()
    title = summary[:200] or _("%(names)s问题线索立案") % {"names": subject or clue}
    zone = getattr(clue, "receiving_zone", None)
    return _case_file(
        county=clue.county,
        title=title,
        summary=summary,
        filed_on=filed_on,
        approver=approver,
        user=user,
        township=clue.township,
        department=department or getattr(clue, "receiving_department", None),
        handler=_clue_handler(clue),
        joint_handling=zone is not None,
        joint_zone=zone,
        clue=clue,
        persons=chosen,
    )


def _clue_handler(clue):
    """The clue's assignee as the case's handler, when they may handle cases of the clue's township."""
    assignee = getattr(clue, "assignee", None)
    if assignee is not None and _reaches(assignee, CASE_WORKERS, clue.county_id, clue.township_id):
        return assignee
    return None


@transaction.atomic
def case_update(
    *,
    case: Case,
    user,
    title: str,
    summary: str = "",
    township=None,
    department=None,
    handler=None,
    joint_handling: bool = False,
    joint_zone=None,
) -> Case:
    """Correct a case's descriptive fields (not its number, dates or status)."""
    if case.status == CaseStatus.CONCLUDED:
        raise ValidationError(_("案件已结案，不能再修改。"))
    errors: dict[str, list[str]] = {}
    if township is not None and township.county_id != case.county_id:
        errors.setdefault("township", []).append(_("所选乡镇不属于本区县。"))
    if department is not None and department.county_id != case.county_id:
        errors.setdefault("department", []).append(_("承办部门不属于本区县。"))
    if handler is not None and not _reaches(handler, CASE_WORKERS, case.county_id, getattr(township, "pk", None)):
        errors.setdefault("handler", []).append(_("承办人应为有权办理本案的纪检监察干部。"))
    if joint_handling and joint_zone is None:
        errors.setdefault("joint_zone", []).append(_("协作查办的案件请选择协作区。"))
    if joint_zone is not None and joint_zone.county_id != case.county_id:
        errors.setdefault("joint_zone", []).append(_("所选协作区不属于本区县。"))
    if errors:
        raise ValidationError(errors)
    case.title = title.strip()
    case.summary = summary.strip()
    case.township = township
    case.department = department
    case.handler = handler
    case.joint_handling = joint_handling
    case.joint_zone = joint_zone if joint_handling else None
    case.full_clean()
    case.save()
    Measure.objects.filter(case_person__case=case).exclude(township=township).update(township=township)
    _event(case, CaseEventKind.UPDATE, user)
    return case


# Workflow -----------------------------------------------------------------


def _check_transition(case: Case, action: str) -> str:
    sources, target = TRANSITIONS[action]
    if case.status not in sources:
        raise ValidationError(
            _("案件当前状态为“%(status)s”，不能执行“%(action)s”。")
            % {"status": case.get_status_display(), "action": CaseAction(action).label}
        )
    return target


# A workflow step changes dates and status, never the case's foreign keys: no need to re-query them.
CASE_FKS = ["county", "clue", "approver", "township", "department", "handler", "joint_zone", "created_by"]


def _move(case: Case, action: str, user, *, on_date, note: str = "") -> Case:
    target = _check_transition(case, action)
    previous = case.status
    case.status = target
    # Dates were checked by the caller; number, keys and amounts are untouched by a status change.
    case.full_clean(exclude=CASE_FKS, validate_unique=False, validate_constraints=False)
    case.save()
    _event(case, action, user, on_date=on_date, note=note, from_status=previous, to_status=target)
    return case


@transaction.atomic
def case_start(*, case: Case, user, on_date: datetime.date | None = None, note: str = "") -> Case:
    """Record that the investigation has begun (the period already runs from filing)."""
    _check_transition(case, CaseAction.START)
    on_date = on_date or _today()
    if on_date < case.filed_on:
        raise ValidationError({"on_date": _("开始日期不能早于立案日期（%(d)s）。") % {"d": case.filed_on}})
    _not_future("on_date", on_date, _("开始日期"))
    return _move(case, CaseAction.START, user, on_date=on_date, note=note)


@transaction.atomic
def case_send_to_review(*, case: Case, user, received_on: datetime.date, note: str = "") -> Case:
    """Hand the case to the review office (移送审理); the review period starts."""
    _check_transition(case, CaseAction.SEND_TO_REVIEW)
    if received_on is None:
        raise ValidationError({"received_on": _("请填写移送审理日期。")})
    if received_on < case.filed_on:
        raise ValidationError({"received_on": _("移送审理日期不能早于立案日期（%(d)s）。") % {"d": case.filed_on}})
    _not_future("received_on", received_on, _("移送审理日期"))
    config = CaseSettings.for_county(case.county_id)
    case.review_received_on = received_on
    case.review_due = add_days(received_on, config.review_days)
    case.review_concluded_on = None
    return _move(case, CaseAction.SEND_TO_REVIEW, user, on_date=received_on, note=note)


@transaction.atomic
def case_return_for_investigation(*, case: Case, user, on_date: datetime.date, note: str) -> Case:
    """Send the case back from review for further investigation (退回补充调查)."""
    _check_transition(case, CaseAction.RETURN_FOR_INVESTIGATION)
    if not (note or "").strip():
        raise ValidationError({"note": _("请说明退回补充调查的原因。")})
    if on_date is None or on_date < case.review_received_on:
        raise ValidationError({"on_date": _("退回日期不能早于移送审理日期。")})
    _not_future("on_date", on_date, _("退回日期"))
    case.review_due = None
    return _move(case, CaseAction.RETURN_FOR_INVESTIGATION, user, on_date=on_date, note=note)


@transaction.atomic
def case_decide(
    *, case: Case, user, review_concluded_on: datetime.date, decided_on: datetime.date, note: str = ""
) -> Case:
    """Conclude the review and record the decision date (处理决定)."""
    _check_transition(case, CaseAction.DECIDE)
    errors: dict[str, list[str]] = {}
    if review_concluded_on is None:
        errors["review_concluded_on"] = [_("请填写审理完结日期。")]
    elif review_concluded_on < case.review_received_on:
        errors["review_concluded_on"] = [
            _("审理完结日期不能早于移送审理日期（%(d)s）。") % {"d": case.review_received_on}
        ]
    elif review_concluded_on > _today():
        errors["review_concluded_on"] = [_("审理完结日期不能晚于今天。")]
    if decided_on is None:
        errors["decided_on"] = [_("请填写处理决定日期。")]
    elif decided_on < case.filed_on:
        errors["decided_on"] = [_("处理决定日期不能早于立案日期（%(d)s）。") % {"d": case.filed_on}]
    elif review_concluded_on is not None and decided_on < review_concluded_on:
        errors["decided_on"] = [_("处理决定日期不能早于审理完结日期。")]
    elif decided_on > _today():
        errors["decided_on"] = [_("处理决定日期不能晚于今天。")]
    if errors:
        raise ValidationError(errors)
    case.review_concluded_on = review_concluded_on
    case.decided_on = decided_on
    return _move(case, CaseAction.DECIDE, user, on_date=decided_on, note=note)


@transaction.atomic
def case_conclude(
    *,
    case: Case,
    user,
    concluded_on: datetime.date,
    violation_amount: Decimal | None = None,
    recovered_amount: Decimal | None = None,
    returned_amount: Decimal | None = None,
    note: str = "",
) -> Case:
    """Close the case (结案), optionally with its final amounts."""
    _check_transition(case, CaseAction.CONCLUDE)
    if concluded_on is None:
        raise ValidationError({"concluded_on": _("请填写结案日期。")})
    if case.decided_on and concluded_on < case.decided_on:
        raise ValidationError({"concluded_on": _("结案日期不能早于处理决定日期（%(d)s）。") % {"d": case.decided_on}})
    _not_future("concluded_on", concluded_on, _("结案日期"))
    _apply_amounts(case, violation_amount, recovered_amount, returned_amount)
    case.concluded_on = concluded_on
    return _move(case, CaseAction.CONCLUDE, user, on_date=concluded_on, note=note)


ACTION_SERVICES = {
    CaseAction.START: case_start,
    CaseAction.SEND_TO_REVIEW: case_send_to_review,
    CaseAction.RETURN_FOR_INVESTIGATION: case_return_for_investigation,
    CaseAction.DECIDE: case_decide,
    CaseAction.CONCLUDE: case_conclude,
}


def allowed_actions(case: Case) -> list[str]:
    """The workflow actions open to a case in its present status."""
    return [action for action, (sources, _target) in TRANSITIONS.items() if case.status in sources]


# Investigation period ------------------------------------------------------


@transaction.atomic
def case_extend(*, case: Case, user, approved_on: datetime.date, days: int, approver, reason: str) -> CaseExtension:
    """Extend the investigation period once, by at most the county's limit (default 90 days)."""
    # Lock the row and read it afresh into the caller's object, which later steps save whole.
    Case.objects.select_for_update().filter(pk=case.pk).first()
    case.refresh_from_db()
    if case.status not in (CaseStatus.FILED, CaseStatus.INVESTIGATING):
        raise ValidationError(_("只有审查调查阶段的案件可以延长期限。"))
    if CaseExtension.objects.filter(case=case).exists():
        raise ValidationError(_("该案件已延长过一次审查调查期限，不能再次延长。"))
    config = CaseSettings.for_county(case.county_id)
    errors: dict[str, list[str]] = {}
    if days is None or days < 1:
        errors["days"] = [_("延长天数至少为 1 天。")]
    elif days > config.extension_max_days:
        errors["days"] = [_("延长天数不能超过 %(n)s 天。") % {"n": config.extension_max_days}]
    if approved_on is None:
        errors["approved_on"] = [_("请填写批准日期。")]
    elif approved_on < case.filed_on:
        errors["approved_on"] = [_("批准日期不能早于立案日期。")]
    elif approved_on > case.investigation_due:
        errors["approved_on"] = [_("期限已于 %(d)s 届满，应在届满前批准延长。") % {"d": case.investigation_due}]
    elif approved_on > _today():
        errors["approved_on"] = [_("批准日期不能晚于今天。")]
    if approver is None:
        errors["approver"] = [_("请选择批准人。")]
    elif not _is_leader_of(approver, case.county_id):
        errors["approver"] = [_("延长期限应由本区县委领导批准。")]
    if not (reason or "").strip():
        errors["reason"] = [_("请填写延长理由。")]
    if errors:
        raise ValidationError(errors)
    new_due = _investigation_due(case.filed_on, case.investigation_days + days)
    extension = CaseExtension(
        case=case,
        approved_on=approved_on,
        days=days,
        approver=approver,
        reason=reason.strip(),
        previous_due=case.investigation_due,
        new_due=new_due,
        created_by=user,
    )
    extension.full_clean()
    extension.save()
    case.investigation_due = new_due
    case.investigation_due_provisional = is_provisional(new_due)
    case.save(update_fields=["investigation_due", "investigation_due_provisional", "updated_at"])
    _event(
        case,
        CaseEventKind.EXTEND,
        user,
        on_date=approved_on,
        note=_("延长 %(n)s 天，期限至 %(d)s；理由：%(r)s") % {"n": days, "d": new_due.isoformat(), "r": reason.strip()},
    )
    return extension


def recompute_deadlines(years: set[int]) -> None:
    """Recompute open cases' provisional deadlines in ``years`` once the official calendar is entered."""
    for case in Case.objects.filter(status__in=OPEN_STATUSES, investigation_due__year__in=years).select_related(
        "extension"
    ):
        extra = case.extension.days if hasattr(case, "extension") else 0
        due = _investigation_due(case.filed_on, case.investigation_days + extra)
        provisional = is_provisional(due)
        if due != case.investigation_due or provisional != case.investigation_due_provisional:
            Case.objects.filter(pk=case.pk).update(investigation_due=due, investigation_due_provisional=provisional)


# Amounts ------------------------------------------------------------------


def _apply_amounts(case: Case, violation, recovered, returned) -> None:
    errors: dict[str, list[str]] = {}
    for field, value in (
        ("violation_amount", violation),
        ("recovered_amount", recovered),
        ("returned_amount", returned),
    ):
        if value is None:
            continue
        if value < 0:
            errors[field] = [_("金额不能为负数。")]
        else:
            setattr(case, field, Decimal(value).quantize(Decimal("0.01")))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def case_set_amounts(
    *, case: Case, user, violation_amount: Decimal, recovered_amount: Decimal, returned_amount: Decimal
) -> Case:
    """Record the case's amounts in 元 (违纪违法金额, 收缴/追缴, 退还群众)."""
    if case.status == CaseStatus.CONCLUDED:
        raise ValidationError(_("案件已结案，不能再修改金额。"))
    _apply_amounts(case, violation_amount, recovered_amount, returned_amount)
    case.full_clean(exclude=CASE_FKS)
    case.save()
    _event(
        case,
        CaseEventKind.AMOUNTS,
        user,
        note=_("违纪违法金额 %(a)s 元，收缴/追缴 %(b)s 元，退还群众 %(c)s 元")
        % {"a": case.violation_amount, "b": case.recovered_amount, "c": case.returned_amount},
    )
    return case


# Persons ------------------------------------------------------------------


def _person_add(case: Case, person: Person, user) -> CasePerson:
    if person.county_id != case.county_id:
        raise ValidationError({"person": _("该人员不属于本案所在区县。")})
    if CasePerson.objects.filter(case=case, person=person).exists():
        raise ValidationError({"person": _("“%(name)s”已是本案的被审查调查人。") % {"name": person.name}})
    link = CasePerson(case=case, person=person)
    link.full_clean()
    link.save()
    _event(case, CaseEventKind.PERSON_ADD, user, note=str(person))
    return link


@transaction.atomic
def case_person_add(*, case: Case, person: Person, user) -> CasePerson:
    """Add a person under investigation to an open case."""
    if case.status == CaseStatus.CONCLUDED:
        raise ValidationError(_("案件已结案，不能再增加被审查调查人。"))
    return _person_add(case, person, user)


@transaction.atomic
def case_person_remove(*, case_person: CasePerson, user) -> None:
    """Take a person off a case filed in error; only while they have no measures."""
    case = case_person.case
    if case.status == CaseStatus.CONCLUDED:
        raise ValidationError(_("案件已结案，不能再移除被审查调查人。"))
    if case_person.measures.exists():
        raise ValidationError(_("该人员已有处理措施记录，请先撤销措施记录。"))
    label = str(case_person.person)
    case_person.delete()
    _event(case, CaseEventKind.PERSON_REMOVE, user, note=label)


@transaction.atomic
def person_create(
    *,
    county,
    name: str,
    unit: str,
    cadre_level: str,
    political_status: str,
    user,
    township=None,
    position: str = "",
    is_public_official: bool = False,
) -> Person:
    """Register a person under investigation who is not on record yet."""
    person = Person(
        county=county,
        township=township,
        name=(name or "").strip(),
        unit=(unit or "").strip(),
        position=(position or "").strip(),
        cadre_level=cadre_level,
        political_status=political_status,
        is_public_official=is_public_official,
    )
    person.full_clean(exclude=["name_key", "unit_key"])
    person.save()
    return person


# Measures and the four forms ---------------------------------------------


def _recompute_form(owner: CasePerson | ClueMeasureSubject) -> None:
    """Store the highest form among the owner's measures, dated by the first measure reaching it."""
    best = None
    for measure in owner.measures.order_by("-form", "decided_on", "id")[:1]:
        best = measure
    form = best.form if best else None
    decided = best.decided_on if best else None
    if owner.form != form or owner.form_decided_on != decided:
        owner.form = form
        owner.form_decided_on = decided
        owner.save(update_fields=["form", "form_decided_on"])


def _check_measure(
    *,
    person: Person,
    kind: str,
    decided_on,
    probation_years,
    executed_on=None,
    earliest: datetime.date,
    earliest_label: str,
    existing,
) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in MEASURE_TYPE_OF:
        raise ValidationError({"kind": [_("请选择处理措施。")]})
    measure_type = MEASURE_TYPE_OF[kind]
    if measure_type == MeasureType.PARTY and person.political_status != PoliticalStatus.PARTY_MEMBER:
        errors["kind"] = [_("“%(name)s”不是中共党员，不能给予党纪处分。") % {"name": person.name}]
    if measure_type == MeasureType.GOVERNMENT and not person.is_public_official:
        errors["kind"] = [_("“%(name)s”不是公职人员，不能给予政务处分。") % {"name": person.name}]
    if (
        measure_type in (MeasureType.PARTY, MeasureType.GOVERNMENT)
        and existing.filter(measure_type=measure_type).exists()
    ):
        errors.setdefault("kind", []).append(
            _("同一案件中对同一人只能给予一个%(type)s。") % {"type": MeasureType(measure_type).label}
        )
    if kind == MeasureKind.PARTY_PROBATION and probation_years not in (1, 2):
        errors["probation_years"] = [_("留党察看请选择期限：一年或二年。")]
    if kind != MeasureKind.PARTY_PROBATION and probation_years:
        errors["probation_years"] = [_("只有留党察看需要填写察看期限。")]
    if decided_on is None:
        errors["decided_on"] = [_("请填写决定日期。")]
    elif decided_on < earliest:
        errors["decided_on"] = [
            _("决定日期不能早于%(label)s（%(d)s）。") % {"label": earliest_label, "d": earliest.isoformat()}
        ]
    elif decided_on > _today():
        errors["decided_on"] = [_("决定日期不能晚于今天。")]
    if executed_on is not None and decided_on is not None and executed_on < decided_on:
        errors["executed_on"] = [_("宣布执行日期不能早于决定日期。")]
    if errors:
        raise ValidationError(errors)


# Computed on save, or rows the service has just loaded and checked itself.
MEASURE_UNCHECKED = [
    "measure_type",
    "form",
    "influence_until",
    "county",
    "township",
    "person",
    "case_person",
    "clue_subject",
    "created_by",
]


def _new_measure(*, owner_kwargs, county_id, township_id, person, kind, decided_on, user, **fields) -> Measure:
    measure = Measure(
        county_id=county_id,
        township_id=township_id,
        person=person,
        kind=kind,
        decided_on=decided_on,
        created_by=user,
        **owner_kwargs,
        **fields,
    )
    if measure.is_sanction:
        config = CaseSettings.for_county(county_id)
        measure.execution_due = add_days(decided_on, config.execution_days)
    measure.full_clean(exclude=MEASURE_UNCHECKED)
    measure.save()
    return measure


@transaction.atomic
def measure_record(
    *,
    case_person: CasePerson,
    kind: str,
    decided_on: datetime.date,
    user,
    document_number: str = "",
    probation_years: int | None = None,
    executed_on: datetime.date | None = None,
    note: str = "",
) -> Measure:
    """Record a measure on a person in a case and recompute their form."""
    case = Case.objects.select_for_update().get(pk=case_person.case_id)
    if case.status == CaseStatus.CONCLUDED:
        raise ValidationError(_("案件已结案，不能再记录处理措施。"))
    person = case_person.person
    _check_measure(
        person=person,
        kind=kind,
        decided_on=decided_on,
        probation_years=probation_years,
        executed_on=executed_on,
        earliest=case.filed_on,
        earliest_label=_("立案日期"),
        existing=case_person.measures.all(),
    )
    _not_future("executed_on", executed_on, _("宣布执行日期"))
    measure = _new_measure(
        owner_kwargs={"case_person": case_person},
        county_id=case.county_id,
        township_id=case.township_id,
        person=person,
        kind=kind,
        decided_on=decided_on,
        user=user,
        document_number=(document_number or "").strip(),
        probation_years=probation_years if kind == MeasureKind.PARTY_PROBATION else None,
        executed_on=executed_on,
        note=(note or "").strip(),
    )
    _recompute_form(case_person)
    _event(
        case,
        CaseEventKind.MEASURE_ADD,
        user,
        on_date=decided_on,
        note=f"{person.name}：{measure.get_kind_display()}"
        + (f"（{measure.document_number}）" if measure.document_number else ""),
    )
    return measure


@transaction.atomic
def measure_record_for_clue(
    *,
    clue,
    person: Person,
    kind: str,
    decided_on: datetime.date,
    user,
    document_number: str = "",
    note: str = "",
) -> Measure:
    """Record a measure a clue concluded with (no case), e.g. 谈话提醒 after an inquiry."""
    if kind not in CLUE_MEASURE_KINDS:
        raise ValidationError({"kind": [_("线索处置只能记录组织处理类措施；党纪政务处分须立案。")]})
    received = _clue_received_on(clue) or decided_on
    subject, _created = ClueMeasureSubject.objects.get_or_create(
        clue=clue, person=person, defaults={"county_id": clue.county_id, "township_id": clue.township_id}
    )
    _check_measure(
        person=person,
        kind=kind,
        decided_on=decided_on,
        probation_years=None,
        earliest=received,
        earliest_label=_("线索受理日期"),
        existing=subject.measures.all(),
    )
    if subject.measures.filter(kind=kind).exists():
        raise ValidationError({"kind": [_("该线索已对此人记录过这项措施。")]})
    measure = _new_measure(
        owner_kwargs={"clue_subject": subject},
        county_id=clue.county_id,
        township_id=clue.township_id,
        person=person,
        kind=kind,
        decided_on=decided_on,
        user=user,
        document_number=(document_number or "").strip(),
        note=(note or "").strip(),
    )
    _recompute_form(subject)
    return measure


def _clue_result_date(clue) -> datetime.date:
    for attr in ("concluded_on", "result_on", "disposed_on"):
        value = getattr(clue, attr, None)
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).date()
        if isinstance(value, datetime.date):
            return value
    return _today()


@transaction.atomic
def measures_from_clue(*, clue, user, kind: str | None = None, decided_on=None, persons=None) -> list[Measure]:
    """Give each person reported on ``clue`` the first-form measure its result names (idempotent)."""
    if kind is None:
        kind = CLUE_RESULT_KIND.get(str(getattr(clue, "result", "") or ""))
    if kind is None:
        return []
    decided_on = decided_on or _clue_result_date(clue)
    chosen = list(persons) if persons is not None else _clue_persons(clue)
    measures = []
    for person in chosen:
        if Measure.objects.filter(clue_subject__clue=clue, person=person, kind=kind).exists():
            continue
        measures.append(measure_record_for_clue(clue=clue, person=person, kind=kind, decided_on=decided_on, user=user))
    return measures


@transaction.atomic
def measure_execute(*, measure: Measure, user, executed_on: datetime.date) -> Measure:
    """Record that a sanction was announced and executed (处分执行到位)."""
    if executed_on is None:
        raise ValidationError({"executed_on": _("请填写宣布执行日期。")})
    if executed_on < measure.decided_on:
        raise ValidationError({"executed_on": _("宣布执行日期不能早于决定日期（%(d)s）。") % {"d": measure.decided_on}})
    _not_future("executed_on", executed_on, _("宣布执行日期"))
    measure.executed_on = executed_on
    measure.full_clean(exclude=MEASURE_UNCHECKED)
    measure.save()
    if measure.case_person_id:
        _event(
            measure.case_person.case,
            CaseEventKind.MEASURE_EXECUTE,
            user,
            on_date=executed_on,
            note=f"{measure.person.name}：{measure.get_kind_display()}",
        )
    return measure


@transaction.atomic
def measure_resolve_probation(*, measure: Measure, user, resolved_on: datetime.date) -> Measure:
    """Record the handling at the end of 留党察看 (恢复党员权利 or otherwise)."""
    if measure.kind != MeasureKind.PARTY_PROBATION:
        raise ValidationError(_("只有留党察看需要登记期满处理。"))
    if resolved_on is None or resolved_on < measure.decided_on:
        raise ValidationError({"resolved_on": _("期满处理日期不能早于决定日期。")})
    _not_future("resolved_on", resolved_on, _("期满处理日期"))
    measure.probation_resolved_on = resolved_on
    measure.save()
    return measure


@transaction.atomic
def measure_delete(*, measure: Measure, user, reason: str) -> None:
    """Withdraw a measure recorded in error; the person's form is recomputed."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请说明撤销该措施记录的原因。")})
    owner = measure.case_person or measure.clue_subject
    if measure.case_person_id and measure.case_person.case.status == CaseStatus.CONCLUDED:
        raise ValidationError(_("案件已结案，不能再撤销处理措施记录。"))
    label = f"{measure.person.name}：{measure.get_kind_display()}；{reason.strip()}"
    measure.delete()
    _recompute_form(owner)
    if isinstance(owner, CasePerson):
        _event(owner.case, CaseEventKind.MEASURE_REMOVE, user, note=label)
