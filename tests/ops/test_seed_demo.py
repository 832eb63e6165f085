from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditEvent
from core.demo import DEMO_PASSWORD
from people.demo import demo_accounts
from people.models import RoleAssignment, User
from people.roles import Role
from zones.models import (
    Township,
    Village,
    VillageCommitteeMember,
    VillageGroup,
    VillageSupervisor,
    Zone,
    ZoneMembership,
)

TOWNSHIPS = {
    "清源镇": "qingyuan",
    "莲峰镇": "lianfeng",
    "会川镇": "huichuan",
    "五竹镇": "wuzhu",
    "路园镇": "luyuan",
    "北寨镇": "beizhai",
    "新寨镇": "xinzhai",
    "麻家集镇": "majiaji",
    "锹峪镇": "qiaoyu",
    "庆坪镇": "qingping",
    "祁家庙镇": "qijiamiao",
    "上湾镇": "shangwan",
    "田家河乡": "tianjiahe",
    "秦祁乡": "qinqi",
    "大安乡": "daan",
    "峡城乡": "xiacheng",
}


def _zone_townships(zone):
    return set(ZoneMembership.objects.current().filter(zone=zone).values_list("township__name", flat=True))


def test_seed_demo_builds_sixteen_real_townships_in_five_zones(demo):
    assert demo.name == "渭源县"
    assert dict(Township.objects.filter(county=demo).values_list("name", "slug")) == TOWNSHIPS
    zones = list(Zone.objects.filter(county=demo).order_by("order"))
    assert [z.name for z in zones] == ["第一协作区", "第二协作区", "第三协作区", "第四协作区", "第五协作区"]
    assert _zone_townships(zones[0]) == {"清源镇", "庆坪镇", "五竹镇"}
    current = ZoneMembership.objects.current().filter(zone__county=demo)
    assert sorted(current.values_list("township__name", flat=True)) == sorted(TOWNSHIPS)
    for zone in zones:
        assert 3 <= len(_zone_townships(zone)) <= 4
        assert zone.leader.username == f"zone{zone.order}"
        assert zone.coordinating_department.kind == "case_office"
    # A township that changed zone keeps its history.
    assert ZoneMembership.objects.filter(end_date__isnull=False, township__county=demo).exists()


def test_seed_demo_builds_villages_groups_and_rosters(demo):
    for township in Township.objects.filter(county=demo):
        assert 4 <= township.villages.count() <= 8, township
    laowanggou = Village.objects.get(township__slug="qingping", name="老王沟村")
    for group in VillageGroup.objects.filter(village__township__county=demo).prefetch_related("supervisors"):
        active = [s for s in group.supervisors.all() if s.active]
        assert 1 <= len(active) <= 3, group
    for village in Village.objects.filter(township__county=demo):
        assert 3 <= village.groups.count() <= 6
        assert VillageCommitteeMember.objects.filter(village=village, position="director", active=True).count() == 1
    vs = User.objects.get(username="vs-laowanggou")
    roster = VillageSupervisor.objects.get(user=vs)
    assert roster.group.village == laowanggou
    assert roster.name == vs.real_name


def test_every_documented_account_exists_with_name_phone_and_its_role(demo):
    expected = {
        "admin": Role.ADMIN,
        "leader": Role.LEADER,
        "officer": Role.CASE_OFFICER,
        "petition": Role.PETITION_OFFICER,
        "auditor": Role.AUDITOR,
        "vs-laowanggou": Role.VILLAGE_SUPERVISOR,
        **{f"zone{i}": Role.ZONE_LEADER for i in range(1, 6)},
        **{f"tw-{slug}": Role.TOWNSHIP_OFFICER for slug in TOWNSHIPS.values()},
    }
    assert {row[0] for row in demo_accounts(demo)} == set(expected)
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert user.real_name and user.phone, username
        assert user.check_password(DEMO_PASSWORD)
        assert list(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)) == [role]
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert User.objects.get(username="officer").department.name == "第一纪检监察室"
    assert User.objects.get(username="petition").department.name == "信访室"
    tw = RoleAssignment.objects.get(user__username="tw-qingping")
    assert tw.township.name == "庆坪镇"


def _townships_seen(username):
    if username in ("admin", "leader", "officer", "petition", "auditor"):
        return set(TOWNSHIPS)
    if username.startswith("zone"):
        return _zone_townships(Zone.objects.get(leader__username=username))
    if username.startswith("tw-"):
        return {name for name, slug in TOWNSHIPS.items() if f"tw-{slug}" == username}
    return {"庆坪镇"}  # vs-laowanggou


def test_each_demo_account_logs_in_and_its_home_page_shows_only_its_scope(client, demo):
    for username, _role, _scope in demo_accounts(demo):
        client.logout()
        response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        response = client.get(reverse("home"))
        assert response.status_code == 200, username
        seen = _townships_seen(username)
        assert response.context["township_count"] == len(seen), username
        assert f"{len(seen)} 个乡镇" in response.text


def test_township_officer_sees_only_their_own_zone_and_township(client, demo):
    client.force_login(User.objects.get(username="tw-qingping"))
    response = client.get(reverse("home"))
    assert response.context["township_count"] == 1
    assert [z.name for z in response.context["zones"]] == ["第一协作区"]
    assert "第二协作区" not in response.text


def test_zone_leader_sees_only_their_zone(client, demo):
    client.force_login(User.objects.get(username="zone2"))
    response = client.get(reverse("home"))
    assert [z.name for z in response.context["zones"]] == ["第二协作区"]
    assert response.context["township_count"] == 3


def test_admin_opens_django_admin(client, demo):
    client.force_login(User.objects.get(username="admin"))
    assert client.get("/admin/").status_code == 200


def test_seed_is_recorded_in_the_audit_trail_as_seed_demo(demo):
    events = AuditEvent.objects.filter(source="seed_demo")
    assert events.filter(action="create", object_repr="渭源县").exists()
    assert not AuditEvent.objects.exclude(source="seed_demo").filter(action="create").exists()


def test_second_run_changes_nothing(demo, capsys):
    models = [Township, Zone, ZoneMembership, Village, VillageGroup, VillageSupervisor, User, RoleAssignment]
    before = {m: m.objects.count() for m in models}
    events = AuditEvent.objects.count()
    call_command("seed_demo")
    assert {m: m.objects.count() for m in models} == before
    assert AuditEvent.objects.count() == events
    assert "演示数据就绪" in capsys.readouterr().out


def test_seed_demo_prints_the_logins(demo, capsys):
    call_command("seed_demo", logins=True)
    out = capsys.readouterr().out
    assert "qingfeng-demo" in out
    assert "tw-qingping" in out
    assert "vs-laowanggou" in out
