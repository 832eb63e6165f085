"""Every persona sees exactly its part of the jurisdiction; outside it, pages answer 404."""

import datetime

import pytest
from django.urls import reverse

from zones.models import Township, VillageSupervisor, Zone, ZoneMembership

PERSONAS = [
    "admin",
    "leader",
    "officer",
    "petition",
    "auditor",
    "zone1_leader",
    "zone2_leader",
    "tw1",
    "tw2",
    "tw3",
    "vs2",
    "outsider",
    "nobody",
]
COUNTY_A = ({"zone1", "zone2"}, {"t1", "t2", "t3"})
# persona -> (zones, townships) in reach; villages and supervisors follow the townships.
REACH = {
    "admin": ({"zone1", "zone2", "zone_b"}, {"t1", "t2", "t3", "tb"}),
    "leader": COUNTY_A,
    "officer": COUNTY_A,
    "petition": COUNTY_A,
    "auditor": COUNTY_A,
    "zone1_leader": ({"zone1"}, {"t1", "t2"}),
    "zone2_leader": ({"zone2"}, {"t3"}),
    "tw1": ({"zone1"}, {"t1"}),
    "tw2": ({"zone1"}, {"t2"}),
    "tw3": ({"zone2"}, {"t3"}),
    "vs2": ({"zone1"}, {"t2"}),
    "outsider": ({"zone_b"}, {"tb"}),
    "nobody": (set(), set()),
}
VILLAGE_OF = {"t1": "v1", "t2": "v2", "t3": "v3", "tb": "vb"}
SUPERVISOR_OF = {"t1": "s1", "t2": "s2", "t3": "s3", "tb": "sb"}
ALL_ZONES = {"zone1", "zone2", "zone_b"}
ALL_TOWNSHIPS = set(VILLAGE_OF)


def _reach(persona):
    zones, townships = REACH[persona]
    villages = {VILLAGE_OF[t] for t in townships}
    supervisors = {SUPERVISOR_OF[t] for t in townships}
    return zones, townships, villages, supervisors


def _rows(response):
    assert response.status_code == 200
    return {obj.pk for obj in response.context["rows"]}


def _pks(world, names):
    return {getattr(world, name).pk for name in names}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_lists_show_exactly_the_rows_in_reach(client, roster, persona):
    world = roster
    client.force_login(getattr(world, persona))
    zones, townships, villages, supervisors = _reach(persona)
    assert _rows(client.get(reverse("zones:zone_list"))) == _pks(world, zones)
    assert _rows(client.get(reverse("zones:township_list"))) == _pks(world, townships)
    assert _rows(client.get(reverse("zones:village_list"))) == _pks(world, villages)
    assert _rows(client.get(reverse("zones:supervisor_list"))) == _pks(world, supervisors)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_detail_pages_open_inside_reach_and_404_outside(client, roster, persona):
    world = roster
    client.force_login(getattr(world, persona))
    zones, townships, villages, supervisors = _reach(persona)
    checks = [
        ("zones:zone_detail", ALL_ZONES, zones),
        ("zones:township_detail", ALL_TOWNSHIPS, townships),
        ("zones:village_detail", set(VILLAGE_OF.values()), villages),
        ("zones:supervisor_detail", set(SUPERVISOR_OF.values()), supervisors),
    ]
    for url_name, every, visible in checks:
        for name in every:
            response = client.get(reverse(url_name, args=[getattr(world, name).pk]))
            assert response.status_code == (200 if name in visible else 404), (url_name, name)
    groups = {"t1": world.g1, "t2": world.g2, "t3": world.g3, "tb": world.gb}
    members = {"t1": world.m1, "t2": world.m2, "tb": world.mb}
    for township, group in groups.items():
        expected = 200 if township in townships else 404
        assert client.get(reverse("zones:group_detail", args=[group.pk])).status_code == expected
    for township, member in members.items():
        expected = 200 if township in townships else 404
        assert client.get(reverse("zones:committee_member_detail", args=[member.pk])).status_code == expected


@pytest.mark.django_db
def test_village_supervisor_sees_only_own_village_of_the_township(client, roster):
    other = roster.v2.township.villages.create(name="邻村")
    client.force_login(roster.vs2)
    assert client.get(reverse("zones:village_detail", args=[other.pk])).status_code == 404
    response = client.get(reverse("zones:township_detail", args=[roster.t2.pk]))
    assert [v.pk for v in response.context["villages"]] == [roster.v2.pk]


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, world):
    for url in (reverse("zones:zone_list"), reverse("zones:zone_detail", args=[world.zone1.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_zone_detail_shows_leader_department_members_and_history(client, roster):
    world = roster
    client.force_login(world.admin)
    from zones import services

    services.township_move_zone(township=world.t3, zone=world.zone1, on_date=datetime.date(2025, 3, 1), user=None)
    response = client.get(reverse("zones:zone_detail", args=[world.zone1.pk]))
    content = response.content.decode()
    assert "zone1" in content  # the leader's name
    assert "第一纪检监察室" in content
    members = {t.name: t for t in response.context["members"]}
    assert set(members) == {"清源镇", "庆坪镇", "会川镇"}
    assert members["庆坪镇"].village_count == 1
    assert members["庆坪镇"].supervisor_count == 1
    assert "2025-03-01" in content
    history = [(m.township.name, m.end_date) for m in response.context["history"]]
    assert ("会川镇", None) in history
    zone2 = client.get(reverse("zones:zone_detail", args=[world.zone2.pk]))
    assert [(m.township.name, m.end_date) for m in zone2.context["history"]] == [("会川镇", datetime.date(2025, 2, 28))]
    assert zone2.context["members"] == []


@pytest.mark.django_db
def test_zone_detail_warns_when_leader_lacks_the_zone_leader_role(client, world):
    world.zone2.leader = world.leader
    world.zone2.save()
    client.force_login(world.admin)
    assert client.get(reverse("zones:zone_detail", args=[world.zone2.pk])).context["leader_lacks_role"]
    assert not client.get(reverse("zones:zone_detail", args=[world.zone1.pk])).context["leader_lacks_role"]


@pytest.mark.django_db
def test_list_filters_and_search(client, roster):
    world = roster
    client.force_login(world.admin)
    url = reverse("zones:township_list")
    assert _rows(client.get(url, {"zone": world.zone1.pk})) == {world.t1.pk, world.t2.pk}
    assert _rows(client.get(url, {"q": "qingp"})) == {world.t2.pk}
    assert _rows(client.get(url, {"county": world.other_county.pk})) == {world.tb.pk}
    villages = reverse("zones:village_list")
    assert _rows(client.get(villages, {"q": "老王沟主任"})) == {world.v2.pk}
    assert _rows(client.get(villages, {"zone": world.zone2.pk})) == {world.v3.pk}
    supervisors = reverse("zones:supervisor_list")
    assert _rows(client.get(supervisors, {"village": world.v1.pk})) == {world.s1.pk}
    assert _rows(client.get(supervisors, {"q": "乙"})) == {world.sb.pk}
    zones = reverse("zones:zone_list")
    assert _rows(client.get(zones, {"q": "会川"})) == {world.zone2.pk}
    world.s1.active, world.s1.ended_on = False, datetime.date(2025, 1, 1)
    world.s1.save()
    assert world.s1.pk not in _rows(client.get(supervisors, {"active": "true"}))
    assert _rows(client.get(supervisors, {"active": "false"})) == {world.s1.pk}


@pytest.mark.django_db
def test_filter_choices_are_limited_to_reach_and_foreign_choice_shows_nothing(client, roster):
    client.force_login(roster.tw2)
    response = client.get(reverse("zones:village_list"), {"township": roster.tb.pk})
    assert response.status_code == 200
    assert list(response.context["rows"]) == []
    choices = {t.pk for t in response.context["filter"].filters["township"].queryset}
    assert choices == {roster.t2.pk}


# ---------------------------------------------------------------- query budgets


@pytest.fixture
def big_county(roster):
    """Twelve more townships in zone 2, each with three villages, two groups each and a supervisor."""
    from tests.factories import TownshipFactory, VillageFactory, VillageGroupFactory, ZoneMembershipFactory

    from .factories import CommitteeMemberFactory, VillageSupervisorFactory

    for n in range(12):
        township = TownshipFactory(county=roster.county, name=f"扩展{n}镇", slug=f"ext{n}")
        ZoneMembershipFactory(zone=roster.zone2, township=township)
        for m in range(3):
            village = VillageFactory(township=township, name=f"扩展{n}-{m}村")
            CommitteeMemberFactory(village=village, position="director")
            for k in range(2):
                group = VillageGroupFactory(village=village, name=f"{k}组")
                VillageSupervisorFactory(group=group)
    return roster


LIST_PAGES = ["zones:zone_list", "zones:township_list", "zones:village_list", "zones:supervisor_list"]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", LIST_PAGES)
@pytest.mark.parametrize("persona", ["admin", "zone2_leader", "tw2"])
def test_list_pages_stay_within_query_budget(client, big_county, url_name, persona, django_assert_max_num_queries):
    client.force_login(getattr(big_county, persona))
    with django_assert_max_num_queries(14):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


@pytest.mark.django_db
def test_detail_pages_stay_within_query_budget(client, big_county, django_assert_max_num_queries):
    world = big_county
    client.force_login(world.admin)
    township = Township.objects.get(name="扩展3镇")
    village = township.villages.first()
    group = village.groups.first()
    supervisor = VillageSupervisor.objects.filter(group=group).first()
    member = village.committee_members.first()
    pages = [
        reverse("zones:zone_detail", args=[world.zone2.pk]),
        reverse("zones:township_detail", args=[township.pk]),
        reverse("zones:township_move", args=[township.pk]),
        reverse("zones:village_detail", args=[village.pk]),
        reverse("zones:group_detail", args=[group.pk]),
        reverse("zones:supervisor_detail", args=[supervisor.pk]),
        reverse("zones:committee_member_detail", args=[member.pk]),
        reverse("zones:supervisor_create") + f"?group={group.pk}",
    ]
    for url in pages:
        with django_assert_max_num_queries(14):
            response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.django_db
def test_zone_list_counts_do_not_multiply(client, big_county):
    client.force_login(big_county.admin)
    rows = {z.name: z for z in client.get(reverse("zones:zone_list")).context["rows"]}
    assert rows["第二协作区"].township_count == 13
    assert rows["第二协作区"].village_count == 37
    assert rows["第一协作区"].village_count == 2
    assert ZoneMembership.objects.current().filter(zone=big_county.zone2).count() == 13
    assert Zone.objects.count() == 3
