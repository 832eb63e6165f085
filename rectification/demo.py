"""Demo rectification letters for 渭源县: three or more per township over the past two years, through the services.

Items in every state (issued, rectifying, reported, verified, closed off, rejected and reopened
by 回头看), some overdue; letters from the office and from each zone, to townships and villages.
One recent letter from ``officer`` to 庆坪镇 has items for ``tw-qingping``: one overdue long enough
to have escalated, one due within three working days, one awaiting verification. A final reminder
scan (as of the last working day) leaves the overdue reminders and ``zone1``'s escalation in the bells.
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone

from zones.models import Village, ZoneMembership

from . import services
from .choices import Domain, ItemStatus, LetterKind
from .models import Item, Letter

LETTERS_PER_TOWNSHIP = 3
SUBJECTS = [
    ("关于惠民惠农补贴发放问题的整改督办", Domain.SUBSIDIES),
    ("关于农村集体“三资”管理问题的整改督办", Domain.COLLECTIVE_ASSETS),
    ("关于村级工程项目建设问题的整改通知", Domain.CONSTRUCTION),
    ("关于农村饮水安全工程管护问题的整改督办", Domain.DRINKING_WATER),
    ("关于农村人居环境整治问题的整改通知", Domain.LIVING_ENVIRONMENT),
    ("关于易地扶贫搬迁后续扶持问题的整改督办", Domain.RELOCATION),
    ("关于巩固拓展脱贫攻坚成果问题的纪检监察建议", Domain.RURAL_REVITALIZATION),
    ("关于耕地保护责任落实问题的整改督办", Domain.FARMLAND),
]
PROBLEMS = {
    Domain.SUBSIDIES: [
        "耕地地力保护补贴面积核定不准，个别农户多报冒领",
        "低保、临时救助审批未经民主评议，公示期不足七天",
        "惠民资金“一卡通”代管现象未彻底清理",
    ],
    Domain.COLLECTIVE_ASSETS: [
        "村集体土地流转收益未及时入账，账外运行",
        "村级财务公开不及时，公开内容不完整",
        "集体资产出租未经“四议两公开”程序",
    ],
    Domain.CONSTRUCTION: [
        "村道硬化工程验收资料不全，工程量核定不实",
        "小型水利设施项目未按规定招投标",
    ],
    Domain.DRINKING_WATER: [
        "饮水安全工程管护责任不落实，部分管网长期漏损",
        "水费收缴管理不规范，收支未公开",
    ],
    Domain.LIVING_ENVIRONMENT: [
        "垃圾收集点清运不及时，群众反映强烈",
        "改厕项目后续管护不到位，部分厕具闲置",
    ],
    Domain.RELOCATION: [
        "安置点后续产业帮扶措施落实不到位",
        "搬迁户旧宅基地复垦进度滞后",
    ],
    Domain.RURAL_REVITALIZATION: [
        "防返贫监测对象识别不精准，动态调整不及时",
        "帮扶产业资金使用效益不高，项目闲置",
    ],
    Domain.FARMLAND: [
        "耕地“非农化”问题整改不彻底",
        "高标准农田建设项目管护责任不明确",
    ],
}
SURNAMES = ["张", "李", "王", "赵", "马", "杨"]
RESPONSIBLE = ["村党支部书记", "村委会主任", "分管副镇长", "镇财政所所长", "镇农业农村综合服务中心主任", "村监委主任"]
FINDINGS = ["交叉监督发现", "定点进驻监督发现", "专项监督检查发现", "巡察反馈", "审计移交"]
MEASURES = [
    "已召开专题会议研究整改，逐户核查并追回多发资金，建立台账并完善审核制度。",
    "已完成账务清理并全部入账，在村务公开栏公示，制定村级财务管理办法。",
    "已组织现场复核，责任人作书面检查，相关制度已修订并印发执行。",
    "已完成整改并经群众代表签字确认，长效管护机制已建立。",
]
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _evidence(rng):
    files = [SimpleUploadedFile("整改情况报告.pdf", PDF, content_type="application/pdf")]
    if rng.random() < 0.5:
        files.append(SimpleUploadedFile("现场照片.png", PNG, content_type="image/png"))
    return files


def _workdays_back(day: datetime.date, n: int) -> datetime.date:
    from core import calendar

    while n > 0:
        day -= datetime.timedelta(days=1)
        if calendar.is_workday(day):
            n -= 1
    return day


def _last_workday(day: datetime.date) -> datetime.date:
    from core import calendar

    while not calendar.is_workday(day):
        day -= datetime.timedelta(days=1)
    return day


def _clamp(day: datetime.date, low: datetime.date, high: datetime.date) -> datetime.date:
    return max(low, min(day, high))


def _work(item: Item, *, target: str, unit_user, officer, today, rng) -> None:
    """Walk ``item`` to ``target`` on plausible past dates (report near the due date, then verify, then close)."""
    issued = item.letter.issued_on

    def step(service, **kwargs):
        service(item=item, **kwargs)
        item.refresh_from_db()

    if target in (ItemStatus.ISSUED,):
        return
    start_on = _clamp(issued + datetime.timedelta(days=rng.randrange(1, 8)), issued, today)
    step(services.item_start, user=unit_user, on=start_on)
    if target == ItemStatus.RECTIFYING:
        return
    report_on = _clamp(item.due_on - datetime.timedelta(days=rng.randrange(0, 10)), start_on, today)
    step(services.item_report, measures=rng.choice(MEASURES), files=_evidence(rng), user=unit_user, on=report_on)
    if rng.random() < 0.15 and target != ItemStatus.REPORTED:
        reject_on = _clamp(report_on + datetime.timedelta(days=rng.randrange(1, 6)), report_on, today)
        step(services.item_reject, reason="佐证材料不充分，请补充整改前后对比照片及台账。", user=officer, on=reject_on)
        report_on = _clamp(reject_on + datetime.timedelta(days=rng.randrange(2, 10)), reject_on, today)
        step(
            services.item_report,
            measures="已补充整改前后对比照片及台账。",
            files=_evidence(rng),
            user=unit_user,
            on=report_on,
        )
    if target == ItemStatus.REPORTED:
        return
    verify_on = _clamp(report_on + datetime.timedelta(days=rng.randrange(2, 12)), report_on, today)
    step(services.item_verify, user=officer, note="经现场核查，整改到位。", on=verify_on)
    if target == ItemStatus.VERIFIED:
        return
    close_on = _clamp(verify_on + datetime.timedelta(days=rng.randrange(0, 6)), verify_on, today)
    step(services.item_close_off, user=officer, on=close_on)
    if target == "reopened":
        reopen_on = _clamp(close_on + datetime.timedelta(days=rng.randrange(60, 150)), close_on, today)
        step(
            services.item_reopen,
            reason="“回头看”发现问题反弹，请重新整改。",
            user=officer,
            due_on=_clamp(reopen_on + datetime.timedelta(days=30), reopen_on, today + datetime.timedelta(days=30)),
            on=reopen_on,
        )


def _target(item: Item, today: datetime.date, rng) -> str:
    """A state that fits how far past its due date the item is."""
    overdue_days = (today - item.due_on).days
    roll = rng.random()
    if overdue_days > 45:
        if roll < 0.72:
            return ItemStatus.CLOSED
        if roll < 0.80:
            return "reopened"
        if roll < 0.88:
            return ItemStatus.VERIFIED
        return ItemStatus.RECTIFYING  # long overdue
    if overdue_days > 0:
        if roll < 0.30:
            return ItemStatus.REPORTED
        if roll < 0.45:
            return ItemStatus.CLOSED
        return rng.choice([ItemStatus.ISSUED, ItemStatus.RECTIFYING])  # overdue
    if roll < 0.40:
        return ItemStatus.ISSUED
    if roll < 0.85:
        return ItemStatus.RECTIFYING
    return ItemStatus.REPORTED


def _items(rng, domain, *, issued_on, count, contact, clues):
    from core import calendar

    problems = PROBLEMS[domain]
    inputs = []
    for n in range(min(count, len(problems))):
        clue = clues.pop() if clues and rng.random() < 0.3 else None
        inputs.append(
            services.ItemInput(
                description=problems[n % len(problems)],
                responsible_person=f"{rng.choice(SURNAMES)}某某（{rng.choice(RESPONSIBLE)}）",
                due_on=calendar.add_workdays(issued_on, rng.choice([15, 20, 30, 40, 60])),
                domain=domain,
                finding="" if clue else f"{issued_on.year}年{rng.choice(FINDINGS)}",
                contact=contact,
                clue=clue,
            )
        )
    return inputs


def seed(ctx) -> None:
    """Issue and work the demo letters once (skipped when the county already has letters)."""
    if Letter.objects.filter(county=ctx.county).exists():
        return
    try:
        import core.calendar  # noqa: F401 - due dates and reminders need the working-day calendar
    except ImportError:
        return
    from clues.models import Clue
    from notifications import reminders
    from notifications.choices import DeliveryState
    from notifications.models import Notification

    started = timezone.now()
    rng = ctx.rng
    today = ctx.today
    users = ctx.users
    officer, leader = users["officer"], users["leader"]
    townships = sorted(ctx.townships.values(), key=lambda t: t.order)
    zone_number = {zone.pk: i for i, zone in enumerate(ctx.zones, start=1)}
    zone_of = {
        m.township_id: m.zone
        for m in ZoneMembership.objects.current().filter(zone__in=ctx.zones).select_related("zone")
    }
    villages: dict[int, list[Village]] = {}
    for village in Village.objects.filter(township__in=townships).order_by("pk"):
        villages.setdefault(village.township_id, []).append(village)
    clues_by_township: dict[int, list] = {}
    for clue in Clue.objects.filter(county=ctx.county, township__in=townships).order_by("pk"):
        clues_by_township.setdefault(clue.township_id, []).append(clue)

    kinds = [LetterKind.SUPERVISION] * 5 + [LetterKind.NOTICE] * 3 + [LetterKind.PROPOSAL]
    # Issued in date order, so the numbers (ZG{year}…-0001, -0002, …) run with the dates.
    plan = townships * LETTERS_PER_TOWNSHIP
    rng.shuffle(plan)
    dates = sorted(today - datetime.timedelta(days=rng.randrange(20, 720)) for _ in plan)
    qingping_on = _workdays_back(_last_workday(today), 30)
    for index, township in enumerate(plan):
        if dates[index] > qingping_on and "qingping_letter" not in ctx.extra:
            _qingping_letter(ctx, today=today)
        unit_user = users[f"tw-{township.slug}"]
        zone = zone_of.get(township.pk)
        from_zone = zone is not None and rng.random() < 0.4
        issuer = users[f"officer-z{zone_number[zone.pk]}"] if from_zone else officer
        approver = users[f"zone{zone_number[zone.pk]}"] if from_zone else leader
        issued_on = dates[index]
        subject, domain = rng.choice(SUBJECTS)
        to_village = rng.random() < 0.25 and villages.get(township.pk)
        village = rng.choice(villages[township.pk]) if to_village else None
        letter = services.letter_issue(
            county=ctx.county,
            kind=kinds[index % len(kinds)] if "建议" not in subject else LetterKind.PROPOSAL,
            subject=subject,
            issued_on=issued_on,
            approver=approver,
            items=_items(
                rng,
                domain,
                issued_on=issued_on,
                count=rng.choice([1, 2, 2, 3, 3, 4]),
                contact=unit_user,
                clues=clues_by_township.get(township.pk, []),
            ),
            user=issuer,
            addressee_township=None if village else township,
            addressee_village=village,
            issuer_zone=zone if from_zone else None,
            requirements="请于整改期限内完成整改，并将整改情况及佐证材料报送。逾期未完成的，将按规定督办约谈。",
        )
        for item in letter.items.order_by("seq"):
            _work(item, target=_target(item, today, rng), unit_user=unit_user, officer=issuer, today=today, rng=rng)

    if "qingping_letter" not in ctx.extra:
        _qingping_letter(ctx, today=today)

    # Historic notifications are read and their mail long gone; then today's reminders go into the bells.
    Notification.objects.filter(created_at__gte=started).update(read_at=timezone.now(), delivery=DeliveryState.SENT)
    scan_started = timezone.now()
    reminders.scan(today=_last_workday(today), deliver=lambda notification_id: False)
    Notification.objects.filter(created_at__gte=scan_started).update(delivery=DeliveryState.SENT)
    # The 庆坪镇 letter's own notices stay unread, so tw-qingping and officer see them.
    Notification.objects.filter(
        Q(url=ctx.extra["qingping_letter"].get_absolute_url())
        | Q(url__in=[i.get_absolute_url() for i in ctx.extra["qingping_letter"].items.all()])
    ).update(read_at=None)


def _qingping_letter(ctx, *, today) -> None:
    """``officer`` to 庆坪镇, contact ``tw-qingping``: overdue and escalated, due soon, awaiting verification."""
    from core import calendar

    users = ctx.users
    officer, leader, unit_user = users["officer"], users["leader"], users["tw-qingping"]
    township = ctx.townships["qingping"]
    scan_day = _last_workday(today)
    issued_on = _workdays_back(scan_day, 30)
    overdue_due = _workdays_back(scan_day, 13)  # overdue reminder #3: escalated to the zone leader
    soon_due = calendar.add_workdays(scan_day, 2)
    letter = services.letter_issue(
        county=ctx.county,
        kind=LetterKind.SUPERVISION,
        subject="关于低保和临时救助审批问题的整改督办",
        issued_on=issued_on,
        approver=leader,
        user=officer,
        addressee_township=township,
        requirements="请对照问题清单逐项整改，整改情况及佐证材料经镇党委审定后报送县纪委监委第一纪检监察室。",
        items=[
            services.ItemInput(
                description="老王沟村低保评定未经村民代表会议民主评议，个别村干部近亲属违规纳入低保",
                responsible_person="马某某（老王沟村党支部书记）",
                due_on=overdue_due,
                domain=Domain.SUBSIDIES,
                finding=f"{issued_on.year}年第一协作区交叉监督发现",
                contact=unit_user,
            ),
            services.ItemInput(
                description="临时救助审批材料不全，审批时限超出规定",
                responsible_person="杨某某（分管副镇长）",
                due_on=soon_due,
                domain=Domain.SUBSIDIES,
                finding=f"{issued_on.year}年第一协作区交叉监督发现",
                contact=unit_user,
            ),
            services.ItemInput(
                description="低保动态管理台账未按月更新，退出对象未及时停发",
                responsible_person="李某某（镇民政专干）",
                due_on=calendar.add_workdays(issued_on, 20),
                domain=Domain.SUBSIDIES,
                finding=f"{issued_on.year}年第一协作区交叉监督发现",
                contact=unit_user,
            ),
        ],
    )
    first, _second, third = letter.items.order_by("seq")
    services.item_start(item=first, user=unit_user, on=issued_on + datetime.timedelta(days=2))
    services.item_report(
        item=third,
        measures="已逐户核查低保对象 126 户，停发不符合条件的 4 户，台账已按月更新并在村务公开栏公示。",
        files=[
            SimpleUploadedFile("低保动态管理台账.pdf", PDF, content_type="application/pdf"),
            SimpleUploadedFile("公示照片.png", PNG, content_type="image/png"),
        ],
        user=unit_user,
        on=_workdays_back(scan_day, 2),
    )
    ctx.extra["qingping_letter"] = letter
