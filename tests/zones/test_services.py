import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from people.roles import Role
from tests.factories import DepartmentFactory, UserFactory, VillageGroupFactory, grant
from zones import services
from zones.models import Township, VillageCommitteeMember, VillageSupervisor, Zone, ZoneMembership

from .factories import CommitteeMemberFactory, VillageSupervisorFactory

D = datetime.date


def _errors(exc) -> dict:
    return exc.value.message_dict if hasattr(exc.value, "error_dict") else {"__all__": exc.value.messages}


# ---------------------------------------------------------------- zones


@pytest.mark.django_db
def test_zone_create_saves_leader_and_department_and_audits_the_actor(world):
    zone = services.zone_create(
        county=world.county,
        name=" 第三协作区 ",
        leader=world.zone2_leader,
        coordinating_department=world.dept,
        order=3,
        user=world.admin,
    )
    zone.refresh_from_db()
    assert zone.name == "第三协作区"
    assert zone.leader == world.zone2_leader
    assert zone.coordinating_department == world.dept
    zone_type = ContentType.objects.get_for_model(Zone)
    event = AuditEvent.objects.filter(content_type=zone_type, object_id=str(zone.pk), action="create").get()
    assert event.actor == world.admin


@pytest.mark.django_db
def test_zone_create_refuses_duplicate_name_in_county(world):
    with pytest.raises(ValidationError) as exc:
        services.zone_create(county=world.county, name="第一协作区", user=world.admin)
    assert "已有名为“第一协作区”" in _errors(exc)["name"][0]


@pytest.mark.django_db
def test_zone_create_refuses_department_that_is_not_a_case_office_or_of_another_county(world):
    petition = DepartmentFactory(county=world.county, name="信访室", kind="petition")
    foreign = DepartmentFactory(county=world.other_county, name="乙县第一室")
    for department in (petition, foreign):
        with pytest.raises(ValidationError) as exc:
            services.zone_create(
                county=world.county, name="新协作区", coordinating_department=department, user=world.admin
            )
        assert "coordinating_department" in _errors(exc)
    assert not Zone.objects.filter(name="新协作区").exists()


@pytest.mark.django_db
def test_zone_create_refuses_county_outside_the_admins_reach(world, county_admin):
    with pytest.raises(ValidationError) as exc:
        services.zone_create(county=world.other_county, name="越权协作区", user=county_admin)
    assert "不在您的管理范围内" in _errors(exc)["county"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["leader", "officer", "zone1_leader", "tw1", "auditor"])
def test_non_admins_cannot_change_zones_through_services(world, persona):
    with pytest.raises(ValidationError):
        services.zone_update(zone=world.zone1, name="改名", user=getattr(world, persona))
    world.zone1.refresh_from_db()
    assert world.zone1.name == "第一协作区"


@pytest.mark.django_db
def test_zone_update_changes_only_given_fields(world):
    services.zone_update(zone=world.zone1, order=9, user=world.admin)
    world.zone1.refresh_from_db()
    assert world.zone1.order == 9
    assert world.zone1.leader == world.zone1_leader
    assert world.zone1.coordinating_department == world.dept
    services.zone_update(zone=world.zone1, leader=None, user=world.admin)
    world.zone1.refresh_from_db()
    assert world.zone1.leader is None


@pytest.mark.django_db
def test_zone_deactivate_refused_while_townships_are_members(world):
    with pytest.raises(ValidationError) as exc:
        services.zone_deactivate(zone=world.zone2, user=world.admin)
    assert "会川镇" in exc.value.messages[0]
    services.township_move_zone(township=world.t3, zone=world.zone1, on_date=D(2025, 1, 1), user=world.admin)
    services.zone_deactivate(zone=world.zone2, user=world.admin)
    world.zone2.refresh_from_db()
    assert not world.zone2.active
    with pytest.raises(ValidationError) as exc:
        services.township_move_zone(township=world.t3, zone=world.zone2, on_date=D(2025, 2, 1), user=world.admin)
    assert "已停用" in _errors(exc)["zone"][0]


# ---------------------------------------------------------------- townships and moves


@pytest.mark.django_db
def test_township_create_opens_membership_in_the_zone(world, today):
    township = services.township_create(
        county=world.county, name="莲峰镇", slug="LianFeng", zone=world.zone2, user=world.admin
    )
    assert township.slug == "lianfeng"
    membership = ZoneMembership.objects.get(township=township)
    assert membership.zone == world.zone2
    assert membership.start_date == today
    assert membership.end_date is None


@pytest.mark.django_db
def test_township_create_refuses_duplicate_slug_and_zone_of_other_county(world):
    with pytest.raises(ValidationError) as exc:
        services.township_create(county=world.county, name="新镇", slug="qingping", user=world.admin)
    assert "slug" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        services.township_create(county=world.county, name="新镇", slug="xinzhen", zone=world.zone_b, user=world.admin)
    assert "zone" in _errors(exc)
    assert not Township.objects.filter(name="新镇").exists()


@pytest.mark.django_db
def test_township_move_keeps_history_with_from_and_to_dates(world):
    membership = services.township_move_zone(
        township=world.t2, zone=world.zone2, on_date=D(2025, 3, 1), user=world.admin
    )
    history = list(ZoneMembership.objects.filter(township=world.t2).order_by("start_date"))
    assert [(m.zone, m.start_date, m.end_date) for m in history] == [
        (world.zone1, D(2024, 1, 1), D(2025, 2, 28)),
        (world.zone2, D(2025, 3, 1), None),
    ]
    assert membership == history[-1]
    services.township_move_zone(township=world.t2, zone=world.zone1, on_date=D(2025, 6, 1), user=world.admin)
    assert ZoneMembership.objects.filter(township=world.t2).count() == 3
    assert ZoneMembership.objects.current().filter(township=world.t2).get().zone == world.zone1


@pytest.mark.django_db
def test_township_is_in_exactly_one_active_zone_after_every_move(world):
    for n, zone in enumerate([world.zone2, world.zone1, world.zone2], start=1):
        services.township_move_zone(township=world.t1, zone=zone, on_date=D(2025, n, 10), user=world.admin)
        current = ZoneMembership.objects.current().filter(township=world.t1)
        assert current.count() == 1
        assert current.get().zone == zone


@pytest.mark.django_db
def test_township_move_moves_the_zone_leaders_reach(world):
    from people.scopes import scope_for

    services.township_move_zone(township=world.t2, zone=world.zone2, on_date=D(2025, 3, 1), user=world.admin)
    assert list(Township.objects.restrict(world.zone2_leader).order_by("name")) == sorted(
        [world.t2, world.t3], key=lambda t: t.name
    )
    assert world.t2 not in Township.objects.restrict(world.zone1_leader)
    assert scope_for(world.zone1_leader).by_role[Role.ZONE_LEADER].townships == {world.t1.pk}


@pytest.mark.django_db
def test_township_move_on_the_day_it_joined_corrects_instead_of_adding(world):
    services.township_move_zone(township=world.t2, zone=world.zone2, on_date=D(2025, 3, 1), user=world.admin)
    services.township_move_zone(township=world.t2, zone=world.zone1, on_date=D(2025, 3, 1), user=world.admin)
    history = ZoneMembership.objects.filter(township=world.t2).order_by("start_date")
    assert [(m.zone, m.end_date) for m in history] == [(world.zone1, D(2025, 2, 28)), (world.zone1, None)]


@pytest.mark.django_db
def test_township_move_refuses_bad_dates_and_same_zone(world, today, long_ago):
    cases = [
        (world.zone2, long_ago, "on_date"),
        (world.zone2, today + datetime.timedelta(days=1), "on_date"),
        (world.zone1, D(2025, 1, 1), "zone"),
        (world.zone_b, D(2025, 1, 1), "zone"),
    ]
    for zone, on_date, field in cases:
        with pytest.raises(ValidationError) as exc:
            services.township_move_zone(township=world.t2, zone=zone, on_date=on_date, user=world.admin)
        assert field in _errors(exc), (zone, on_date)
    assert ZoneMembership.objects.filter(township=world.t2).count() == 1
    assert ZoneMembership.objects.get(township=world.t2).end_date is None


@pytest.mark.django_db
def test_township_deactivate_refused_with_villages_then_ends_membership(world):
    with pytest.raises(ValidationError):
        services.township_deactivate(township=world.t3, user=world.admin)
    services.village_deactivate(village=world.v3, user=world.admin)
    services.township_deactivate(township=world.t3, on_date=D(2025, 5, 1), user=world.admin)
    world.t3.refresh_from_db()
    assert not world.t3.active
    assert ZoneMembership.objects.get(township=world.t3).end_date == D(2025, 5, 1)
    assert not ZoneMembership.objects.current().filter(township=world.t3).exists()


# ---------------------------------------------------------------- villages and groups


@pytest.mark.django_db
def test_village_and_group_create_and_update(world):
    village = services.village_create(township=world.t1, name="东街社区", kind="community", user=world.admin)
    group = services.group_create(village=village, name="一组", user=world.admin)
    services.group_update(group=group, name="第一组", user=world.admin)
    services.village_update(village=village, name="东街村", kind="village", user=world.admin)
    village.refresh_from_db()
    group.refresh_from_db()
    assert (village.name, village.kind, group.name) == ("东街村", "village", "第一组")
    with pytest.raises(ValidationError) as exc:
        services.village_create(township=world.t1, name="东街村", user=world.admin)
    assert "name" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        services.group_create(village=village, name="第一组", user=world.admin)
    assert "name" in _errors(exc)


@pytest.mark.django_db
def test_village_create_outside_reach_is_refused(world, county_admin):
    with pytest.raises(ValidationError) as exc:
        services.village_create(township=world.tb, name="越权村", user=county_admin)
    assert "township" in _errors(exc)
    services.village_create(township=world.t1, name="本县新村", user=county_admin)


@pytest.mark.django_db
def test_group_deactivate_refused_while_supervisors_in_office(world):
    supervisor = VillageSupervisorFactory(group=world.g2)
    with pytest.raises(ValidationError) as exc:
        services.group_deactivate(group=world.g2, user=world.admin)
    assert "1 名在任监督员" in exc.value.messages[0]
    services.supervisor_end(supervisor=supervisor, ended_on=D(2025, 1, 1), user=world.admin)
    services.group_deactivate(group=world.g2, user=world.admin)
    world.g2.refresh_from_db()
    assert not world.g2.active
    with pytest.raises(ValidationError) as exc:
        services.supervisor_appoint(group=world.g2, name="新人", appointed_on=D(2025, 2, 1), user=world.admin)
    assert "group" in _errors(exc)


@pytest.mark.django_db
def test_village_deactivate_refused_with_active_groups_or_committee(world):
    with pytest.raises(ValidationError):
        services.village_deactivate(village=world.v2, user=world.admin)
    services.group_deactivate(group=world.g2, user=world.admin)
    member = CommitteeMemberFactory(village=world.v2, position="director")
    with pytest.raises(ValidationError):
        services.village_deactivate(village=world.v2, user=world.admin)
    services.committee_member_end(member=member, ended_on=D(2025, 1, 1), user=world.admin)
    services.village_deactivate(village=world.v2, user=world.admin)
    world.v2.refresh_from_db()
    assert not world.v2.active


# ---------------------------------------------------------------- supervisors


@pytest.mark.django_db
def test_fourth_supervisor_in_a_group_is_refused_with_names(world):
    for name in ("甲", "乙", "丙"):
        services.supervisor_appoint(
            group=world.g2, name=name, phone="13900001111", appointed_on=D(2024, 5, 1), user=world.admin
        )
    with pytest.raises(ValidationError) as exc:
        services.supervisor_appoint(group=world.g2, name="丁", appointed_on=D(2024, 5, 1), user=world.admin)
    message = _errors(exc)["group"][0]
    assert "最多 3 名" in message and "甲、乙、丙" in message
    assert VillageSupervisor.objects.filter(group=world.g2, active=True).count() == 3
    assert not VillageSupervisor.objects.filter(name="丁").exists()


@pytest.mark.django_db
def test_ending_a_term_frees_a_place_and_keeps_the_record(world):
    first = None
    for name in ("甲", "乙", "丙"):
        supervisor = services.supervisor_appoint(
            group=world.g2, name=name, appointed_on=D(2024, 5, 1), user=world.admin
        )
        first = first or supervisor
    services.supervisor_end(supervisor=first, ended_on=D(2025, 4, 30), user=world.admin)
    services.supervisor_appoint(group=world.g2, name="丁", appointed_on=D(2025, 5, 1), user=world.admin)
    first.refresh_from_db()
    assert not first.active and first.ended_on == D(2025, 4, 30)
    assert VillageSupervisor.objects.filter(group=world.g2).count() == 4
    assert VillageSupervisor.objects.filter(group=world.g2, active=True).count() == 3


@pytest.mark.django_db
def test_moving_a_supervisor_into_a_full_group_is_refused(world):
    full = VillageGroupFactory(village=world.v2, name="二社")
    for _n in range(3):
        VillageSupervisorFactory(group=full)
    mover = VillageSupervisorFactory(group=world.g2)
    with pytest.raises(ValidationError) as exc:
        services.supervisor_update(supervisor=mover, group=full, user=world.admin)
    assert "group" in _errors(exc)
    mover.refresh_from_db()
    assert mover.group == world.g2


@pytest.mark.django_db
def test_supervisor_bad_dates_are_refused(world, today):
    tomorrow = today + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.supervisor_appoint(group=world.g2, name="甲", appointed_on=tomorrow, user=world.admin)
    assert "appointed_on" in _errors(exc)
    supervisor = services.supervisor_appoint(group=world.g2, name="甲", appointed_on=D(2024, 5, 1), user=world.admin)
    for ended_on in (D(2024, 4, 30), tomorrow):
        with pytest.raises(ValidationError) as exc:
            services.supervisor_end(supervisor=supervisor, ended_on=ended_on, user=world.admin)
        assert "ended_on" in _errors(exc)
    supervisor.refresh_from_db()
    assert supervisor.active and supervisor.ended_on is None


@pytest.mark.django_db
def test_supervisor_bad_phone_keeps_chinese_message(world):
    with pytest.raises(ValidationError) as exc:
        services.supervisor_appoint(
            group=world.g2, name="甲", phone="abc", appointed_on=D(2024, 5, 1), user=world.admin
        )
    assert _errors(exc)["phone"] == ["请输入有效的电话号码"]


@pytest.mark.django_db
def test_supervisor_account_cannot_be_linked_twice(world):
    services.supervisor_appoint(
        group=world.g2, name="甲", appointed_on=D(2024, 5, 1), account=world.vs2, user=world.admin
    )
    with pytest.raises(ValidationError) as exc:
        services.supervisor_appoint(
            group=world.g2, name="乙", appointed_on=D(2024, 5, 1), account=world.vs2, user=world.admin
        )
    assert "account" in _errors(exc)


@pytest.mark.django_db
def test_township_officer_cannot_appoint_supervisors(world):
    with pytest.raises(ValidationError):
        services.supervisor_appoint(group=world.g2, name="甲", appointed_on=D(2024, 5, 1), user=world.tw2)
    assert not VillageSupervisor.objects.exists()


# ---------------------------------------------------------------- committee


@pytest.mark.django_db
def test_second_director_is_refused_until_the_first_leaves(world):
    first = services.committee_member_appoint(
        village=world.v2, name="王主任", position="director", appointed_on=D(2023, 1, 5), user=world.admin
    )
    services.committee_member_appoint(
        village=world.v2, name="李委员", position="member", appointed_on=D(2023, 1, 5), user=world.admin
    )
    with pytest.raises(ValidationError) as exc:
        services.committee_member_appoint(
            village=world.v2, name="张主任", position="director", appointed_on=D(2024, 1, 5), user=world.admin
        )
    assert "王主任" in _errors(exc)["position"][0]
    member = VillageCommitteeMember.objects.get(name="李委员")
    with pytest.raises(ValidationError):
        services.committee_member_update(member=member, position="director", user=world.admin)
    services.committee_member_end(member=first, ended_on=D(2024, 1, 4), user=world.admin)
    services.committee_member_update(member=member, position="director", user=world.admin)
    member.refresh_from_db()
    assert member.position == "director"


@pytest.mark.django_db
def test_committee_member_end_twice_is_refused(world):
    member = CommitteeMemberFactory(village=world.v1)
    services.committee_member_end(member=member, ended_on=D(2024, 1, 1), user=world.admin)
    with pytest.raises(ValidationError):
        services.committee_member_end(member=member, ended_on=D(2024, 2, 1), user=world.admin)


@pytest.mark.django_db
def test_services_without_user_act_as_system(world):
    other = UserFactory(username="noone")
    grant(other, Role.AUDITOR, county=world.county)
    zone = services.zone_create(county=world.county, name="系统协作区", user=None)
    assert zone.pk
