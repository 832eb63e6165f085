"""Shared fixtures: a small county with two zones and a persona for every role."""

from types import SimpleNamespace

import pytest

from people.roles import Role

from .factories import (
    CountyFactory,
    DepartmentFactory,
    TownshipFactory,
    UserFactory,
    VillageFactory,
    VillageGroupFactory,
    ZoneFactory,
    ZoneMembershipFactory,
    grant,
)


@pytest.fixture
def world(db):
    """County A (zone 1: t1, t2; zone 2: t3) and county B (zone b: tb), with one user per role."""
    w = SimpleNamespace()
    w.county = CountyFactory(name="甲县", code="620101")
    w.other_county = CountyFactory(name="乙县", code="620102")
    w.dept = DepartmentFactory(county=w.county, name="第一纪检监察室")
    w.zone1 = ZoneFactory(county=w.county, name="第一协作区", coordinating_department=w.dept)
    w.zone2 = ZoneFactory(county=w.county, name="第二协作区")
    w.zone_b = ZoneFactory(county=w.other_county, name="乙县第一协作区")
    w.t1 = TownshipFactory(county=w.county, name="清源镇", slug="qingyuan")
    w.t2 = TownshipFactory(county=w.county, name="庆坪镇", slug="qingping")
    w.t3 = TownshipFactory(county=w.county, name="会川镇", slug="huichuan")
    w.tb = TownshipFactory(county=w.other_county, name="乙镇", slug="yizhen")
    for zone, township in ((w.zone1, w.t1), (w.zone1, w.t2), (w.zone2, w.t3), (w.zone_b, w.tb)):
        ZoneMembershipFactory(zone=zone, township=township)
    w.v1 = VillageFactory(township=w.t1, name="城关村")
    w.v2 = VillageFactory(township=w.t2, name="老王沟村")
    w.v3 = VillageFactory(township=w.t3, name="会川村")
    w.vb = VillageFactory(township=w.tb, name="乙村")
    w.g2 = VillageGroupFactory(village=w.v2, name="一社")

    def persona(username, role, **scope):
        user = UserFactory(username=username, real_name=username)
        grant(user, role, **scope)
        return user

    w.admin = persona("admin", Role.ADMIN)
    w.leader = persona("leader", Role.LEADER, county=w.county)
    w.zone1_leader = persona("zone1", Role.ZONE_LEADER, zone=w.zone1)
    w.zone2_leader = persona("zone2", Role.ZONE_LEADER, zone=w.zone2)
    w.officer = persona("officer", Role.CASE_OFFICER, county=w.county)
    w.petition = persona("petition", Role.PETITION_OFFICER, county=w.county)
    w.auditor = persona("auditor", Role.AUDITOR, county=w.county)
    w.tw1 = persona("tw-qingyuan", Role.TOWNSHIP_OFFICER, township=w.t1)
    w.tw2 = persona("tw-qingping", Role.TOWNSHIP_OFFICER, township=w.t2)
    w.tw3 = persona("tw-huichuan", Role.TOWNSHIP_OFFICER, township=w.t3)
    w.vs2 = persona("vs-laowanggou", Role.VILLAGE_SUPERVISOR, village=w.v2)
    w.outsider = persona("tw-yizhen", Role.TOWNSHIP_OFFICER, township=w.tb)
    w.nobody = UserFactory(username="norole")
    w.zone1.leader = w.zone1_leader
    w.zone1.save()
    return w
