"""Demo cases for 渭源县: the clue desk's filed cases taken further, plus cases filed directly.

Runs after the clue seeder (which files cases from 初步核实 through this app and leaves them in
``ctx.extra["clue_cases"]``). Every step goes through the services, so numbers, deadlines,
the four forms and the timelines are real. About 32 cases filed directly span the past two years in every township:
some still under investigation (a few near or past their period, some extended), some in
review (one overdue), decided ones with sanctions awaiting execution, 留党察看 nearing its
end, and concluded ones with funds recovered and returned to the people.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from people.choices import CadreLevel, PoliticalStatus
from zones.demo import fictional_name
from zones.models import ZoneMembership

from . import services
from .choices import CaseStatus, MeasureKind
from .models import Case, CaseSettings

K = MeasureKind

PROBLEMS = [
    "截留挪用惠农补贴资金问题",
    "虚报冒领低保金问题",
    "优亲厚友违规认定低保户问题",
    "违规使用村集体资金问题",
    "在工程项目建设中收受好处费问题",
    "侵占易地扶贫搬迁补助资金问题",
    "违规发放耕地地力保护补贴问题",
    "在饮水安全工程验收中弄虚作假问题",
    "违规收受礼金问题",
    "对村集体“三资”监管不到位问题",
]

# (unit pattern, position, cadre level, party member, public official)
PROFILES = [
    ("{village}村委会", "村党支部书记", CadreLevel.OTHER, True, False),
    ("{village}村委会", "村委会主任", CadreLevel.OTHER, True, False),
    ("{village}村委会", "村会计", CadreLevel.OTHER, False, False),
    ("{village}村委会", "村文书", CadreLevel.OTHER, False, False),
    ("{township}人民政府", "副镇长", CadreLevel.SECTION, True, True),
    ("{township}农业综合服务中心", "主任", CadreLevel.GENERAL, True, True),
    ("{township}财政所", "工作人员", CadreLevel.GENERAL, False, True),
    ("{township}民政所", "所长", CadreLevel.GENERAL, True, True),
]


def _sanctions(rng, person):
    """Plausible measures for one person, by what they are (party member, public official)."""
    member = person.political_status == PoliticalStatus.PARTY_MEMBER
    official = person.is_public_official
    roll = rng.random()
    if roll < 0.06:
        kinds = [K.JUDICIAL_TRANSFER]
        if member:
            kinds.insert(0, K.PARTY_EXPULSION)
        if official:
            kinds.insert(0, K.GOV_EXPULSION)
        return kinds
    if roll < 0.22:
        return [rng.choice([K.ORG_ADMONITION, K.ORG_CRITICISM, K.ORG_WRITTEN_SELF_CRITICISM])]
    kinds = []
    if member:
        kinds.append(
            rng.choice([K.PARTY_WARNING] * 4 + [K.PARTY_SERIOUS_WARNING] * 3 + [K.PARTY_REMOVAL, K.PARTY_PROBATION] * 1)
        )
    if official:
        kinds.append(rng.choice([K.GOV_WARNING] * 2 + [K.GOV_DEMERIT] * 3 + [K.GOV_MAJOR_DEMERIT, K.GOV_DEMOTION]))
    if not kinds:
        kinds.append(rng.choice([K.ORG_ORDERED_RESIGNATION, K.ORG_REMOVAL, K.ORG_ADMONITION]))
    if rng.random() < 0.15 and K.ORG_POSITION_ADJUSTMENT not in kinds and official:
        kinds.append(K.ORG_POSITION_ADJUSTMENT)
    return kinds


def _new_person(ctx, township, rng, user, *, party_member=False):
    profiles = [p for p in PROFILES if p[3]] if party_member else PROFILES
    unit, position, level, member, official = rng.choice(profiles)
    village = township.villages.order_by("?").first() if "{village}" in unit else None
    return services.person_create(
        county=ctx.county,
        township=township,
        name=fictional_name(rng),
        unit=unit.format(village=village.name if village else "", township=township.name),
        position=position,
        cadre_level=level,
        political_status=PoliticalStatus.PARTY_MEMBER if member else PoliticalStatus.NON_MEMBER,
        is_public_official=official,
        user=user,
    )


def _day(start: datetime.date, days: int, today: datetime.date) -> datetime.date:
    return min(start + datetime.timedelta(days=days), today)


def _progress(case, *, ctx, rng, officer, leader, plan: str | None = None):
    """Take a case as far as its age allows (or as ``plan`` says), leaving some in every queue."""
    today = ctx.today
    age = (today - case.filed_on).days
    if age > 3:
        services.case_start(
            case=case, user=officer, on_date=case.filed_on + datetime.timedelta(days=rng.randrange(1, 4))
        )
    if plan == "near_due" or plan == "overdue":
        return
    earliest_review = case.filed_on + datetime.timedelta(days=rng.randrange(45, 85))
    if plan == "extended" or (plan is None and 70 <= age <= 160 and rng.random() < 0.3):
        approved = min(case.filed_on + datetime.timedelta(days=rng.randrange(70, 85)), today)
        earliest_review = approved + datetime.timedelta(days=rng.randrange(10, 40))
        if approved <= case.investigation_due:
            services.case_extend(
                case=case,
                user=officer,
                approved_on=approved,
                days=rng.choice([30, 60, 90]),
                approver=leader,
                reason="案情复杂，涉及人员较多，需进一步调取银行流水",
            )
    if plan == "extended":
        return
    review_on = case.filed_on + datetime.timedelta(days=40) if plan == "probation" else earliest_review
    if review_on >= today:
        return
    services.case_send_to_review(case=case, user=officer, received_on=review_on, note="审查调查终结，移送审理")
    if plan == "review_overdue":
        return
    if rng.random() < 0.08:
        back = _day(review_on, rng.randrange(5, 12), today)
        services.case_return_for_investigation(
            case=case, user=officer, on_date=back, note="部分事实证据不足，退回补充调查"
        )
        review_on = back + datetime.timedelta(days=rng.randrange(10, 20))
        if review_on >= today:
            return
        services.case_send_to_review(case=case, user=officer, received_on=review_on, note="补充调查完毕，再次移送审理")
    concluded_review = review_on + datetime.timedelta(days=rng.randrange(8, 28))
    if plan == "probation":
        concluded_review = today - datetime.timedelta(days=rng.randrange(340, 355))
    if plan == "unexecuted":
        concluded_review = today - datetime.timedelta(days=40)
    if concluded_review >= today:
        return
    decided = _day(concluded_review, rng.randrange(1, 6), today)
    services.case_decide(case=case, user=officer, review_concluded_on=concluded_review, decided_on=decided)
    fresh = (today - decided).days < 20 or plan == "unexecuted"
    for link in case.persons.select_related("person"):
        kinds = {"probation": [K.PARTY_PROBATION], "unexecuted": [K.PARTY_SERIOUS_WARNING]}.get(plan) or _sanctions(
            rng, link.person
        )
        for kind in kinds:
            executed = None
            if not fresh:
                executed = _day(decided, rng.randrange(3, 20), today)
            services.measure_record(
                case_person=link,
                kind=kind,
                decided_on=decided,
                user=officer,
                document_number=_document_number(kind, decided, rng),
                probation_years=(1 if plan == "probation" else rng.choice([1, 2]))
                if kind == K.PARTY_PROBATION
                else None,
                executed_on=executed if kind in _SANCTIONS else None,
            )
    violation = Decimal(rng.randrange(3_000, 260_000)).quantize(Decimal("1"))
    recovered = (violation * Decimal(rng.uniform(0.3, 1.0))).quantize(Decimal("0.01"))
    returned = (recovered * Decimal(rng.uniform(0.0, 0.8))).quantize(Decimal("0.01"))
    services.case_set_amounts(
        case=case, user=officer, violation_amount=violation, recovered_amount=recovered, returned_amount=returned
    )
    concluded = decided + datetime.timedelta(days=rng.randrange(10, 40))
    if concluded < today and not fresh:
        services.case_conclude(case=case, user=officer, concluded_on=concluded, note="处分决定已执行，案件审结")


_SANCTIONS = {k for k in MeasureKind.values if k.startswith(("party_", "gov_"))}


def _document_number(kind: str, decided: datetime.date, rng) -> str:
    if kind.startswith("party_"):
        return f"渭纪处〔{decided.year}〕{rng.randrange(1, 120)}号"
    if kind.startswith("gov_"):
        return f"渭监处〔{decided.year}〕{rng.randrange(1, 120)}号"
    if kind == K.JUDICIAL_TRANSFER:
        return f"渭监移〔{decided.year}〕{rng.randrange(1, 20)}号"
    return ""


def seed(ctx) -> None:
    """File and progress the demo cases once; a county that already has directly filed cases is left alone."""
    if Case.objects.filter(county=ctx.county, clue__isnull=True).exists():
        return
    rng = ctx.rng
    today = ctx.today
    officer, leader = ctx.users["officer"], ctx.users["leader"]
    CaseSettings.objects.get_or_create(county=ctx.county)
    departments = ctx.extra.get("departments", {})
    memberships = ZoneMembership.objects.current().filter(zone__county=ctx.county).select_related("zone")
    zone_of = {m.township_id: m.zone for m in memberships}

    # The clue desk's cases: filed through the clue workflow, taken further here.
    from_clues = list(
        Case.objects.filter(county=ctx.county, clue__isnull=False, status=CaseStatus.FILED).order_by("filed_on", "id")
    )
    for case in from_clues:
        _progress(case, ctx=ctx, rng=rng, officer=officer, leader=leader)

    # Cases filed directly (found in supervision, inspection tours, audits): two or more per township.
    townships = sorted(ctx.townships.values(), key=lambda t: t.order)
    plans = ["near_due", "overdue", "extended", "review_overdue", "probation", "probation", "unexecuted"]
    for index, township in enumerate(townships * 2):
        plan = plans[index] if index < len(plans) else None
        ages = {
            "near_due": rng.randrange(85, 89),
            "overdue": rng.randrange(93, 110),
            "extended": rng.randrange(100, 130),
            "review_overdue": rng.randrange(100, 120),
            "probation": rng.randrange(420, 450),
            "unexecuted": rng.randrange(130, 160),
        }
        age = ages.get(plan) or rng.randrange(5, 720)
        filed_on = today - datetime.timedelta(days=age)
        zone = zone_of.get(township.pk)
        joint = zone is not None and rng.random() < 0.2
        if plan in ("probation", "unexecuted"):
            persons = [_new_person(ctx, township, rng, officer, party_member=True)]
        else:
            persons = [_new_person(ctx, township, rng, officer) for _ in range(rng.choice([1, 1, 1, 2, 2, 3]))]
        case = services.case_file(
            county=ctx.county,
            title=f"{persons[0].unit}{persons[0].position}{persons[0].name}{rng.choice(PROBLEMS)}",
            summary="经监督检查发现问题线索，经初步核实后报批立案审查调查。",
            filed_on=filed_on,
            approver=leader,
            user=officer,
            township=township,
            department=(zone.coordinating_department if zone else None) or departments.get("第一纪检监察室"),
            handler=ctx.users.get(f"officer-z{ctx.zones.index(zone) + 1}", officer) if zone in ctx.zones else officer,
            joint_handling=joint,
            joint_zone=zone if joint else None,
            persons=persons,
        )
        if plan == "review_overdue":
            # Sent to review early enough that the review period has run out.
            services.case_start(case=case, user=officer, on_date=filed_on + datetime.timedelta(days=2))
            services.case_send_to_review(
                case=case, user=officer, received_on=today - datetime.timedelta(days=rng.randrange(40, 50))
            )
            continue
        _progress(case, ctx=ctx, rng=rng, officer=officer, leader=leader, plan=plan)
