"""Demo jurisdiction: 渭源县 with its 16 townships in 5 collaboration zones.

Township names are real; villages are plausible, and every person is fictional.
Runs first of all seeders: it fills ``ctx.county``, ``ctx.zones`` and ``ctx.townships``
(also when the county already exists, so that later seeders can build on it).
"""

from __future__ import annotations

import datetime

from .choices import CommitteePosition, DepartmentKind, SupervisorKind, TownshipKind
from .models import (
    County,
    Department,
    Township,
    Village,
    VillageCommitteeMember,
    VillageGroup,
    VillageSupervisor,
    Zone,
    ZoneMembership,
)

COUNTY_NAME = "渭源县"
COUNTY_CODE = "621125"
CITY = "定西市"

# (name, slug, villages); the township's seat village carries its name.
TOWNSHIPS: list[tuple[str, str, list[str]]] = [
    ("清源镇", "qingyuan", ["城关村", "东街社区", "西街社区", "石家庄村", "何家堡村", "七圣村", "新庄村"]),
    ("莲峰镇", "lianfeng", ["莲峰村", "东风村", "穆家岔村", "八家庄村", "漆家山村"]),
    ("会川镇", "huichuan", ["会川村", "本庙村", "中山村", "三河口村", "杨家河村", "红崖村", "下川村", "西关社区"]),
    ("五竹镇", "wuzhu", ["五竹村", "杨家湾村", "铁家庄村", "三台村", "石门村"]),
    ("路园镇", "luyuan", ["路园村", "黄香村", "马家山村", "王家庄村", "上寨村", "前进村"]),
    ("北寨镇", "beizhai", ["北寨村", "牛家坪村", "张家沟村", "何家湾村", "丁家山村"]),
    ("新寨镇", "xinzhai", ["新寨村", "苏家坪村", "韩家岔村", "马莲川村", "梁家堡村"]),
    ("麻家集镇", "majiaji", ["麻家集村", "下寨村", "大路口村", "蒲家川村", "景家湾村", "石崖村"]),
    ("锹峪镇", "qiaoyu", ["锹峪村", "峡口村", "中河村", "绿化村", "寺坪村"]),
    ("庆坪镇", "qingping", ["庆坪村", "老王沟村", "马家河村", "何家店村", "杜家山村", "青龙村"]),
    ("祁家庙镇", "qijiamiao", ["祁家庙村", "杨家寨村", "雷家坪村", "贾家河村", "安家湾村"]),
    ("上湾镇", "shangwan", ["上湾村", "站滩村", "阳山村", "汪家岔村"]),
    ("田家河乡", "tianjiahe", ["田家河村", "元古堆村", "南家沟村", "石家坪村", "宋家湾村"]),
    ("秦祁乡", "qinqi", ["秦祁村", "大堡村", "冯家坪村", "王家川村"]),
    ("大安乡", "daan", ["大安村", "东山村", "牛角沟村", "周家坪村", "漆家川村"]),
    ("峡城乡", "xiacheng", ["峡城村", "赵家庄村", "红土坡村", "峡口社区", "包家岔村"]),
]

# (zone, coordinating 纪检监察室, member township slugs)
ZONES: list[tuple[str, str, list[str]]] = [
    ("第一协作区", "第一纪检监察室", ["qingyuan", "qingping", "wuzhu"]),
    ("第二协作区", "第二纪检监察室", ["huichuan", "xiacheng", "tianjiahe"]),
    ("第三协作区", "第三纪检监察室", ["lianfeng", "qiaoyu", "qijiamiao"]),
    ("第四协作区", "第四纪检监察室", ["luyuan", "beizhai", "xinzhai", "shangwan"]),
    ("第五协作区", "第五纪检监察室", ["majiaji", "qinqi", "daan"]),
]
# One township changed zone a year ago, so that membership history is on record.
MOVED = ("daan", "第二协作区")

DEPARTMENTS: list[tuple[str, str]] = [
    ("办公室", DepartmentKind.OTHER),
    ("党风政风监督室", DepartmentKind.OTHER),
    ("第一纪检监察室", DepartmentKind.CASE_OFFICE),
    ("第二纪检监察室", DepartmentKind.CASE_OFFICE),
    ("第三纪检监察室", DepartmentKind.CASE_OFFICE),
    ("第四纪检监察室", DepartmentKind.CASE_OFFICE),
    ("第五纪检监察室", DepartmentKind.CASE_OFFICE),
    ("案件监督管理室", DepartmentKind.CASE_MANAGEMENT),
    ("信访室", DepartmentKind.PETITION),
    ("案件审理室", DepartmentKind.REVIEW),
]

GROUP_NAMES = ["一社", "二社", "三社", "四社", "五社", "六社"]

SURNAMES = "王李张刘陈杨赵马何汪魏牛石苏韩包祁蒲景雷漆郭周吴冯胡董邓宋安贾梁丁杜"  # common in 定西
GIVEN_NAMES = [
    "建国", "志强", "海军", "永红", "文华", "玉兰", "小燕", "国栋", "明德", "春花", "建平", "晓东", "亚丽",
    "宏伟", "彩霞", "登科", "有福", "进才", "世杰", "丽娟", "永平", "继红", "长青", "立新", "振华", "红梅",
    "小军", "金花", "德林", "耀武", "守仁", "海燕", "润生", "占林", "喜梅", "学文", "玉珍", "天明", "秀英",
    "全福", "保平", "双喜", "瑞", "强", "伟", "静", "斌", "霞", "军", "勇", "娟", "峰",
]  # fmt: skip


def fictional_name(rng) -> str:
    """A plausible, made-up Chinese name."""
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def fictional_mobile(rng) -> str:
    """A mobile number in a valid-looking shape (not a real subscriber)."""
    return rng.choice(["139", "138", "151", "177", "189"]) + f"{rng.randrange(10**8):08d}"


def _load(ctx) -> None:
    ctx.zones = list(Zone.objects.filter(county=ctx.county).order_by("order"))
    ctx.townships = {t.slug: t for t in Township.objects.filter(county=ctx.county)}
    ctx.extra["departments"] = {d.name: d for d in Department.objects.filter(county=ctx.county)}


def seed(ctx) -> None:
    """Create the county, its departments, townships, zones, villages, groups and rosters once."""
    county = County.objects.filter(code=COUNTY_CODE).first()
    if county is not None:
        ctx.county = county
        _load(ctx)
        return

    rng = ctx.rng
    today = ctx.today
    county = County(name=COUNTY_NAME, code=COUNTY_CODE, city=CITY)
    county.full_clean()
    county.save()
    ctx.county = county

    Department.objects.bulk_create(Department(county=county, name=n, kind=k) for n, k in DEPARTMENTS)
    Township.objects.bulk_create(
        Township(
            county=county,
            name=name,
            slug=slug,
            kind=TownshipKind.TOWNSHIP if name.endswith("乡") else TownshipKind.TOWN,
            order=i,
        )
        for i, (name, slug, _villages) in enumerate(TOWNSHIPS, start=1)
    )
    _load(ctx)
    departments = ctx.extra["departments"]
    townships = ctx.townships

    Zone.objects.bulk_create(
        Zone(county=county, name=name, order=i, coordinating_department=departments[dept])
        for i, (name, dept, _slugs) in enumerate(ZONES, start=1)
    )
    _load(ctx)
    zones = {z.name: z for z in ctx.zones}
    founded = datetime.date(today.year - 3, 3, 1)
    moved_on = datetime.date(today.year - 1, 1, 1)
    memberships = []
    for zone_name, _dept, slugs in ZONES:
        for slug in slugs:
            start = founded
            if slug == MOVED[0]:
                memberships.append(
                    ZoneMembership(
                        zone=zones[MOVED[1]],
                        township=townships[slug],
                        start_date=founded,
                        end_date=moved_on - datetime.timedelta(days=1),
                    )
                )
                start = moved_on
            memberships.append(ZoneMembership(zone=zones[zone_name], township=townships[slug], start_date=start))
    ZoneMembership.objects.bulk_create(memberships)

    Village.objects.bulk_create(
        Village(township=townships[slug], name=v, kind="community" if v.endswith("社区") else "village")
        for _name, slug, villages in TOWNSHIPS
        for v in villages
    )
    villages = list(Village.objects.filter(township__county=county).select_related("township"))
    groups = []
    members = []
    for village in villages:
        for group_name in GROUP_NAMES[: rng.randint(3, 6)]:
            groups.append(VillageGroup(village=village, name=group_name))
        appointed = datetime.date(today.year - rng.randint(1, 3), rng.choice([1, 3, 4]), 1)
        members.append(
            VillageCommitteeMember(
                village=village,
                name=fictional_name(rng),
                phone=fictional_mobile(rng),
                position=CommitteePosition.DIRECTOR,
                appointed_on=appointed,
            )
        )
        for _ in range(2):
            members.append(
                VillageCommitteeMember(
                    village=village,
                    name=fictional_name(rng),
                    phone=fictional_mobile(rng),
                    position=CommitteePosition.MEMBER,
                    appointed_on=appointed,
                )
            )
    VillageGroup.objects.bulk_create(groups)
    VillageCommitteeMember.objects.bulk_create(members)

    supervisors = []
    for group in VillageGroup.objects.filter(village__township__county=county).order_by("pk"):
        for k in range(rng.randint(1, 3)):
            supervisors.append(
                VillageSupervisor(
                    group=group,
                    name=fictional_name(rng),
                    phone=fictional_mobile(rng),
                    appointed_on=today - datetime.timedelta(days=rng.randint(60, 1000)),
                    kind=SupervisorKind.INTEGRITY if k == 0 else rng.choice(list(SupervisorKind)),
                )
            )
        if rng.random() < 0.1:  # a predecessor who has stepped down
            appointed = today - datetime.timedelta(days=rng.randint(1100, 1800))
            supervisors.append(
                VillageSupervisor(
                    group=group,
                    name=fictional_name(rng),
                    phone=fictional_mobile(rng),
                    appointed_on=appointed,
                    ended_on=appointed + datetime.timedelta(days=rng.randint(300, 900)),
                    active=False,
                )
            )
    VillageSupervisor.objects.bulk_create(supervisors)
