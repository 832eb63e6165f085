"""Demo clues for 渭源县: about 400 over the past two years, through the services.

Every township, every source, all four disposal methods (some filed as cases through the
cases app), duplicates, named and anonymous reporters, and some clues overdue in every queue.
Puts the filed cases in ``ctx.extra["clue_cases"]`` for later seeders.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from zones.demo import fictional_mobile, fictional_name
from zones.models import Department, Village, ZoneMembership

from . import services
from .choices import (
    ClueCategory,
    ClueChannel,
    ClueDomain,
    ClueResult,
    ClueSource,
    ClueStep,
    DisposalMethod,
    HandlingMode,
    ProblemTypeCode,
)
from .models import Clue, Reporter

CLUES_PER_YEAR = 160
SOURCES = [
    (ClueSource.PETITION, 40),
    (ClueSource.QR_CODE, 12),
    (ClueSource.VILLAGE_SUPERVISOR, 10),
    (ClueSource.INSPECTION_TOUR, 8),
    (ClueSource.SUPERVISION, 10),
    (ClueSource.AUDIT, 4),
    (ClueSource.HIGHER_ASSIGNED, 5),
    (ClueSource.DEPARTMENT_TRANSFER, 5),
    (ClueSource.CASE_FOUND, 3),
    (ClueSource.MEDIA, 2),
    (ClueSource.OTHER, 1),
]
# (summary template, domain, problem types, amount range in 元)
MATTERS = [
    ("反映{name}在低保评定中优亲厚友，将不符合条件的亲属纳入低保", ClueDomain.SUBSIDIES, ["favoritism"], (3000, 30000)),
    ("反映{name}虚报冒领耕地地力保护补贴", ClueDomain.SUBSIDIES, ["false_claims"], (2000, 50000)),
    ("反映{name}截留挪用村集体土地流转收益", ClueDomain.COLLECTIVE_ASSETS, ["withholding"], (10000, 200000)),
    ("反映{name}违规处置村集体资产、账目不公开", ClueDomain.COLLECTIVE_ASSETS, ["fund_misuse"], (5000, 80000)),
    (
        "反映{name}在村道硬化工程中虚报工程量",
        ClueDomain.CONSTRUCTION,
        ["false_claims", "embezzlement"],
        (20000, 300000),
    ),
    ("反映{name}在易地扶贫搬迁安置房分配中吃拿卡要", ClueDomain.RELOCATION, ["extortion"], (1000, 20000)),
    ("反映{name}对饮水安全工程监管不到位，群众长期吃水难", ClueDomain.DRINKING_WATER, ["dereliction"], None),
    ("反映{name}在人居环境整治中弄虚作假、应付检查", ClueDomain.LIVING_ENVIRONMENT, ["formalism"], None),
    ("反映{name}违规报销医疗救助资金", ClueDomain.MEDICAL, ["false_claims"], (2000, 40000)),
    ("反映{name}冒领已故人员养老金", ClueDomain.SOCIAL_SECURITY, ["false_claims", "embezzlement"], (3000, 60000)),
    ("反映{name}公款吃喝、违规收受礼金", ClueDomain.OTHER, ["eight_rules"], (1000, 20000)),
    ("反映{name}在产业扶持项目中套取到户资金", ClueDomain.RURAL_REVITALIZATION, ["embezzlement"], (10000, 150000)),
    ("反映{name}纵容亲属非法占用耕地建房", ClueDomain.FARMLAND, ["dereliction", "favoritism"], None),
    ("反映{name}作风霸道、欺压群众", ClueDomain.OTHER, ["village_bully"], None),
    ("反映{name}在营养改善计划中虚报学生人数", ClueDomain.EDUCATION, ["false_claims"], (5000, 60000)),
    ("反映{name}办理审批事项故意刁难企业", ClueDomain.BUSINESS, ["extortion", "formalism"], None),
    ("反映{name}对河道非法采砂问题不作为", ClueDomain.ECOLOGY, ["dereliction"], None),
]
POSITIONS = [
    ("村党支部书记", "other", "party_member", False),
    ("村委会主任", "other", "party_member", False),
    ("村文书", "other", "non_member", False),
    ("村监委会主任", "other", "party_member", False),
    ("乡镇干部", "general", "party_member", True),
    ("站所负责人", "section", "party_member", True),
    ("乡镇副镇长", "section", "party_member", True),
]
APPEALS = ["对所受党纪处分不服提出申诉", "对低保取消决定不服提出申诉"]
SUGGESTIONS = ["建议加强村务公开栏日常管理", "建议规范惠农补贴一卡通发放流程"]


def _weighted(rng, pairs):
    total = sum(w for _v, w in pairs)
    pick = rng.uniform(0, total)
    for value, weight in pairs:
        pick -= weight
        if pick <= 0:
            return value
    return pairs[-1][0]


def _dated(service, **kwargs):
    """Call a clue service as on the day it records (its date argument), so the timeline reads true."""
    day = next(kwargs[k] for k in ("on", "concluded_on", "decided_on", "closed_on") if kwargs.get(k))
    with services.as_of(day):
        return service(**kwargs)


def _wd(day: datetime.date, n: int) -> datetime.date:
    from core import calendar

    return calendar.add_workdays(day, n)


def seed(ctx) -> None:
    """Register and work the demo clues once (skipped when the county already has clues)."""
    if Clue.objects.filter(county=ctx.county).exists():
        return
    rng = ctx.rng
    today = ctx.today
    users = ctx.users
    petition, officer, leader = users["petition"], users["officer"], users["leader"]
    townships = sorted(ctx.townships.values(), key=lambda t: t.order)
    villages: dict[int, list[Village]] = {}
    for village in Village.objects.filter(township__in=townships).order_by("pk"):
        villages.setdefault(village.township_id, []).append(village)
    case_dept = (
        Department.objects.filter(county=ctx.county).filter(Q(name__contains="纪检监察室")).order_by("pk").first()
    )
    zone_number = {zone.pk: i for i, zone in enumerate(ctx.zones, start=1)}
    zone_officers = {
        township_id: users.get(f"officer-z{zone_number[zone_id]}")
        for zone_id, township_id in ZoneMembership.objects.current()
        .filter(zone__in=ctx.zones)
        .values_list("zone_id", "township_id")
    }
    township_users = {t.pk: users.get(f"tw-{t.slug}") for t in townships}

    total = CLUES_PER_YEAR * 2
    start = today - datetime.timedelta(days=729)
    dates = sorted(start + datetime.timedelta(days=rng.randrange(730)) for _ in range(total))
    # A few very recent ones so the 待分办/待签收 desks are never empty.
    dates[-6:] = sorted(today - datetime.timedelta(days=d) for d in (12, 9, 6, 4, 1, 0))
    persons_by_township: dict[int, list] = {}
    registered: list[Clue] = []
    filed_cases = []

    for index, received in enumerate(dates):
        township = townships[index % len(townships)] if index < len(townships) else rng.choice(townships)
        village = rng.choice(villages[township.pk])
        category = _weighted(
            rng, [(ClueCategory.ACCUSATION, 86), (ClueCategory.APPEAL, 8), (ClueCategory.SUGGESTION, 6)]
        )
        source = SOURCES[index % len(SOURCES)][0] if index < len(SOURCES) else _weighted(rng, SOURCES)
        if category != ClueCategory.ACCUSATION:
            source = ClueSource.PETITION
        template, domain, types, amount_range = rng.choice(MATTERS)
        pool = persons_by_township.setdefault(township.pk, [])
        if pool and rng.random() < 0.18:
            person = rng.choice(pool)
            person_entry = {"person": person}
            name = person.name
        else:
            name = fictional_name(rng)
            position, level, political, official = rng.choice(POSITIONS)
            unit = f"{village.name}村委会" if level == "other" else f"{township.name}人民政府"
            person_entry = {
                "name": name,
                "unit": unit,
                "position": position,
                "cadre_level": level,
                "political_status": political,
                "is_public_official": official,
                "township": township,
            }
        if category == ClueCategory.APPEAL:
            summary = f"{name}{rng.choice(APPEALS)}"
        elif category == ClueCategory.SUGGESTION:
            summary = f"群众{rng.choice(SUGGESTIONS)}"
        else:
            summary = template.format(name=f"{village.name}{name}")
        named = source in (ClueSource.PETITION, ClueSource.QR_CODE) and rng.random() < 0.35
        channel = ""
        if source == ClueSource.PETITION:
            channel = _weighted(
                rng,
                [(ClueChannel.LETTER, 30), (ClueChannel.VISIT, 25), (ClueChannel.PHONE, 20), (ClueChannel.ONLINE, 25)],
            )
        elif source == ClueSource.QR_CODE:
            channel = ClueChannel.QR
        amount = None
        if amount_range and category == ClueCategory.ACCUSATION:
            amount = Decimal(rng.randrange(amount_range[0] // 100, amount_range[1] // 100)) * 100
        registrar = petition
        if source == ClueSource.VILLAGE_SUPERVISOR and village.name == "老王沟村" and "vs-laowanggou" in users:
            registrar = users["vs-laowanggou"]
        elif source in (ClueSource.SUPERVISION, ClueSource.INSPECTION_TOUR) and township_users.get(township.pk):
            registrar = township_users[township.pk]
        clue = services.clue_register(
            user=registrar,
            received_on=received,
            registered_at=timezone.make_aware(
                datetime.datetime.combine(received, datetime.time(9 + rng.randrange(8), rng.randrange(60)))
            ),
            category=category,
            source=source,
            channel=channel,
            is_anonymous=not named,
            reporter={
                "name": fictional_name(rng),
                "phone": fictional_mobile(rng),
                "address": f"{township.name}{village.name}",
            }
            if named
            else None,
            township=township,
            village=village,
            domain=domain,
            problem_types=types if category == ClueCategory.ACCUSATION else [ProblemTypeCode.OTHER],
            amount=amount,
            summary=summary[:200],
            description=f"{summary}。据反映，相关情况已持续一段时间，群众意见较大，请求组织调查处理。",
            persons=[person_entry],
        )
        if "person" not in person_entry:
            pool.append(clue.subjects.all()[0].person)
        registered.append(clue)

        # Repeat petitions: registered, then linked to the earlier clue about the same person.
        if index > 20 and rng.random() < 0.04:
            earlier = [c for c in registered[-40:-1] if c.township_id == township.pk and c.received_on <= received]
            if earlier:
                with services.as_of(received):
                    services.clue_mark_duplicate(
                        clue=clue, user=petition, original=rng.choice(earlier), note="同一事项重复举报，并入原件办理"
                    )
                _notify(clue, rng, today, petition)
                continue
        _work(
            clue,
            rng=rng,
            today=today,
            officer=officer,
            leader=leader,
            petition=petition,
            dept=case_dept,
            township_user=township_users.get(township.pk),
            zone_officer=zone_officers.get(township.pk),
            filed_cases=filed_cases,
        )
    ctx.extra["clue_cases"] = filed_cases


def _work(clue, *, rng, today, officer, leader, petition, dept, township_user, zone_officer, filed_cases):
    """Take a clue as far as its age allows, leaving some overdue at every stage."""
    received = clue.received_on
    age = (today - received).days
    roll = rng.random()
    if age <= 2 or (age < 60 and roll < 0.04):
        return  # still on the registration desk (old ones are overdue for assignment)
    assigned_on = min(_wd(received, rng.choice([0, 1, 1, 2])), today)
    to_township = township_user is not None and rng.random() < 0.35
    if clue.category == ClueCategory.ACCUSATION and rng.random() < 0.03:
        with services.as_of(assigned_on):
            services.clue_assign(
                clue=clue,
                user=petition,
                handling_mode=HandlingMode.FORWARD,
                receiving_body="县信访局",
                assigned_on=assigned_on,
                note="不属于本机关受理范围，转县信访局办理",
            )
            _dated(
                services.clue_conclude, clue=clue, user=petition, result=ClueResult.FORWARDED, concluded_on=assigned_on
            )
        _notify(clue, rng, today, petition)
        return
    handler = township_user if to_township else (zone_officer or officer)
    with services.as_of(assigned_on):
        services.clue_assign(
            clue=clue,
            user=petition,
            handling_mode=HandlingMode.ASSIGN_DOWN if to_township else HandlingMode.SELF,
            receiving_township=clue.township if to_township else None,
            receiving_department=None if to_township else dept,
            assignee=handler,
            assigned_on=assigned_on,
            report_back_due=_wd(assigned_on, 30) if to_township else None,
        )
    if age <= 5 or (age < 90 and roll < 0.08):
        return  # waiting to be signed for
    with services.as_of(min(_wd(assigned_on, 1), today)):
        services.clue_sign(clue=clue, user=handler)
    _notify(clue, rng, today, petition, accept_only=True)
    decided_on = min(_wd(assigned_on, rng.randrange(1, 6)), today)
    if clue.category != ClueCategory.ACCUSATION:
        _dated(
            services.clue_conclude,
            clue=clue,
            user=handler,
            result=ClueResult.ANSWERED,
            concluded_on=min(_wd(decided_on, 5), today),
            result_note="已向来信人书面答复",
        )
        _notify(clue, rng, today, petition)
        _close_off(clue, rng, today, handler)
        return
    method = _weighted(
        rng,
        [
            (DisposalMethod.INQUIRY, 35),
            (DisposalMethod.VERIFICATION, 27),
            (DisposalMethod.HOLD, 8),
            (DisposalMethod.CLOSE, 30),
        ],
    )
    if method == DisposalMethod.CLOSE:
        _dated(
            services.clue_dispose,
            clue=clue,
            user=handler,
            method=method,
            decided_on=decided_on,
            decided_by=leader,
            close_reason=rng.choice(["untrue", "minor_corrected", "unverifiable"]),
            note="经初步了解，反映问题不实或已纠正",
        )
        _notify(clue, rng, today, petition)
        _close_off(clue, rng, today, handler)
        return
    if method == DisposalMethod.HOLD:
        review = decided_on + datetime.timedelta(days=rng.choice([60, 90, 180]))
        _dated(
            services.clue_dispose,
            clue=clue,
            user=handler,
            method=method,
            decided_on=decided_on,
            decided_by=leader,
            hold_reason="反映问题笼统，暂不具备核查条件",
            hold_review_on=review,
        )
        if review < today and rng.random() < 0.6:
            _dated(
                services.clue_conclude,
                clue=clue,
                user=handler,
                result=ClueResult.CLOSED,
                close_reason="unverifiable",
                concluded_on=min(review, today),
                result_note="复查后仍无法查证，予以了结",
            )
            _notify(clue, rng, today, petition)
            _close_off(clue, rng, today, handler)
        return  # the rest stay on hold, some due for review
    _dated(
        services.clue_dispose,
        clue=clue,
        user=handler,
        method=method,
        decided_on=decided_on,
        decided_by=leader,
        inquiry_form=rng.choice(["talk", "letter"]) if method == DisposalMethod.INQUIRY else "",
    )
    if method == DisposalMethod.INQUIRY:
        held = min(_wd(decided_on, rng.randrange(1, 6)), today)
        _dated(services.clue_record_step, clue=clue, user=handler, step=ClueStep.INQUIRY_HELD, on=held)
        reply = _wd(held, rng.randrange(5, 15))
        if reply >= today or rng.random() < 0.05:
            return  # waiting for the written reply (some past due)
        _dated(services.clue_record_step, clue=clue, user=handler, step=ClueStep.REPLY_RECEIVED, on=reply)
        done = reply + datetime.timedelta(days=rng.randrange(5, 28))
        if done >= today or rng.random() < 0.05:
            return
        result = _weighted(
            rng,
            [
                (ClueResult.ACCEPTED, 45),
                (ClueResult.TO_VERIFICATION, 12),
                (ClueResult.REMINDER, 15),
                (ClueResult.CRITICISM, 12),
                (ClueResult.SELF_EXAMINATION, 8),
                (ClueResult.ADMONITION, 6),
                (ClueResult.ORGANIZATIONAL, 2),
            ],
        )
        _dated(services.clue_conclude, clue=clue, user=handler, result=result, concluded_on=done, case_approver=leader)
        if result != ClueResult.TO_VERIFICATION:
            _notify(clue, rng, today, petition)
            _close_off(clue, rng, today, handler)
            return
    _verify(clue, rng=rng, today=today, handler=handler, leader=leader, petition=petition, filed_cases=filed_cases)


def _verify(clue, *, rng, today, handler, leader, petition, filed_cases):
    approved = min(_wd(clue.decided_on, rng.randrange(1, 5)), today)
    _dated(services.clue_record_step, clue=clue, user=handler, step=ClueStep.PLAN_APPROVED, on=approved)
    report = _wd(approved, rng.randrange(15, 36))  # some take longer than the 30 working days
    if report >= today or rng.random() < 0.04:
        return
    _dated(services.clue_record_step, clue=clue, user=handler, step=ClueStep.REPORT_SUBMITTED, on=report)
    done = min(_wd(report, rng.randrange(1, 6)), today)
    result = _weighted(
        rng,
        [
            (ClueResult.FILE_CASE, 38),
            (ClueResult.CLOSED, 25),
            (ClueResult.REMINDER, 10),
            (ClueResult.CRITICISM, 10),
            (ClueResult.ORGANIZATIONAL, 5),
            (ClueResult.TRANSFER, 6),
            (ClueResult.TO_HOLD, 6),
        ],
    )
    kwargs = {}
    if result == ClueResult.CLOSED:
        kwargs["close_reason"] = rng.choice(["untrue", "minor_corrected"])
    if result == ClueResult.TO_HOLD:
        kwargs["hold_reason"] = "关键证据一时难以取得"
        kwargs["hold_review_on"] = done + datetime.timedelta(days=90)
    _dated(
        services.clue_conclude,
        clue=clue,
        user=handler,
        result=result,
        concluded_on=done,
        case_approver=leader,
        **kwargs,
    )
    if result == ClueResult.FILE_CASE:
        filed_cases.extend(clue.cases.all())
    if result != ClueResult.TO_HOLD:
        _notify(clue, rng, today, petition)
        _close_off(clue, rng, today, handler)


def _notify(clue, rng, today, petition, accept_only=False):
    """Tell a named reporter of acceptance and result; a few are forgotten (实名举报告知 queue)."""
    if clue.is_anonymous or rng.random() < 0.08:
        return
    reporter = Reporter.objects.get(clue=clue)  # fresh: the services update their own copy
    if reporter.notified_accept_on is None:
        on = min(_wd(clue.received_on, rng.randrange(3, 14)), today)
        _dated(services.clue_record_step, clue=clue, user=petition, step=ClueStep.REPORTER_ACCEPT_NOTIFIED, on=on)
    if not accept_only and clue.concluded_on and reporter.notified_result_on is None:
        on = min(_wd(clue.concluded_on, rng.randrange(2, 14)), today)
        _dated(services.clue_record_step, clue=clue, user=petition, step=ClueStep.REPORTER_RESULT_NOTIFIED, on=on)


def _close_off(clue, rng, today, user):
    if clue.concluded_on and (today - clue.concluded_on).days > 20 and rng.random() < 0.85:
        _dated(services.clue_close_off, clue=clue, user=user, closed_on=min(_wd(clue.concluded_on, 10), today))
