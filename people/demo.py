"""Demo accounts (password ``core.demo.DEMO_PASSWORD``) and the fictional staff behind them.

Runs after ``zones.demo``: makes each zone's leader the ``zoneN`` account and links
``vs-laowanggou`` to a village supervisor of 老王沟村. Fills ``ctx.users`` on every run.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from core.demo import DEMO_PASSWORD
from zones.demo import ZONES, fictional_mobile, fictional_name
from zones.models import Township, Village, VillageSupervisor

from .models import User
from .roles import Role
from .services import role_assign

EMAIL_DOMAIN = "weiyuan.example.gov.cn"

# username, real name, role, scope level, department, unit (for staff outside the departments)
COUNTY_ACCOUNTS: list[tuple[str, str, str, str, str]] = [
    ("admin", "何文博", Role.ADMIN, "办公室", ""),
    ("leader", "王建军", Role.LEADER, "", "县纪委监委（副书记、副主任）"),
    ("officer", "赵文静", Role.CASE_OFFICER, "第一纪检监察室", ""),
    ("petition", "马晓梅", Role.PETITION_OFFICER, "信访室", ""),
    ("auditor", "苏立新", Role.AUDITOR, "案件监督管理室", ""),
]
ZONE_LEADER_NAMES = ["李国华", "张永红", "刘志强", "陈海燕", "杨明德"]
ZONE_OFFICER_NAMES = ["郭晓东", "牛亚丽", "汪世杰", "董丽娟", "包振华"]
VILLAGE_SUPERVISOR = ("vs-laowanggou", "王德福", "qingping", "老王沟村")


def demo_accounts(county) -> list[tuple[str, str, str]]:
    """The documented demo logins: (username, role label, scope label)."""
    townships = list(Township.objects.filter(county=county).order_by("order"))
    rows = [
        ("admin", str(Role.ADMIN.label), "全部，含 Django 后台"),
        ("leader", str(Role.LEADER.label), county.name),
        *[(f"zone{i}", str(Role.ZONE_LEADER.label), name) for i, (name, _d, _s) in enumerate(ZONES, start=1)],
        ("officer", str(Role.CASE_OFFICER.label), county.name),
        ("petition", str(Role.PETITION_OFFICER.label), county.name),
        ("auditor", str(Role.AUDITOR.label), county.name),
        *[(f"tw-{t.slug}", str(Role.TOWNSHIP_OFFICER.label), t.name) for t in townships],
        (VILLAGE_SUPERVISOR[0], str(Role.VILLAGE_SUPERVISOR.label), "庆坪镇老王沟村"),
    ]
    return rows


def _load(ctx) -> None:
    usernames = (
        [a[0] for a in COUNTY_ACCOUNTS]
        + [f"zone{i}" for i in range(1, len(ZONES) + 1)]
        + [f"officer-z{i}" for i in range(1, len(ZONES) + 1)]
        + [f"tw-{slug}" for slug in ctx.townships]
        + [VILLAGE_SUPERVISOR[0]]
    )
    ctx.users = {u.username: u for u in User.objects.filter(username__in=usernames)}


def seed(ctx) -> None:
    """Create the demo accounts with their roles once."""
    if User.objects.filter(username="leader", role_assignments__county=ctx.county).exists():
        _load(ctx)
        return

    rng = ctx.rng
    county = ctx.county
    departments = ctx.extra["departments"]
    password = make_password(DEMO_PASSWORD)  # hashed once: Argon2 is slow by design

    def account(username, real_name, *, department="", unit="", **flags) -> User:
        user = User(
            username=username,
            real_name=real_name,
            phone=fictional_mobile(rng),
            department=departments[department] if department else None,
            unit=unit,
            email=f"{username}@{EMAIL_DOMAIN}",
            password=password,
            **flags,
        )
        user.full_clean()
        user.save()
        ctx.users[username] = user
        return user

    for username, real_name, role, department, unit in COUNTY_ACCOUNTS:
        flags = {"is_staff": True, "is_superuser": True} if role == Role.ADMIN else {}
        user = account(username, real_name, department=department, unit=unit, **flags)
        role_assign(user=user, role=role, **({} if role == Role.ADMIN else {"county": county}))

    for i, zone in enumerate(ctx.zones, start=1):
        leader = account(f"zone{i}", ZONE_LEADER_NAMES[i - 1], unit="县纪委常委、协作区组长")
        role_assign(user=leader, role=Role.ZONE_LEADER, zone=zone)
        zone.leader = leader
        zone.full_clean()
        zone.save()
        # The coordinating room's officer works the zone's cases.
        officer = account(f"officer-z{i}", ZONE_OFFICER_NAMES[i - 1], department=zone.coordinating_department.name)
        role_assign(user=officer, role=Role.CASE_OFFICER, zone=zone)

    for slug, township in sorted(ctx.townships.items(), key=lambda item: item[1].order):
        user = account(f"tw-{slug}", fictional_name(rng), unit=f"{township.name}纪委")
        role_assign(user=user, role=Role.TOWNSHIP_OFFICER, township=township)

    username, real_name, slug, village_name = VILLAGE_SUPERVISOR
    village = Village.objects.get(township=ctx.townships[slug], name=village_name)
    user = account(username, real_name, unit=f"{ctx.townships[slug].name}{village_name}")
    role_assign(user=user, role=Role.VILLAGE_SUPERVISOR, village=village)
    roster = VillageSupervisor.objects.filter(group__village=village, active=True).order_by("group__name", "pk").first()
    roster.name = real_name
    roster.phone = user.phone
    roster.user = user
    roster.full_clean()
    roster.save()
