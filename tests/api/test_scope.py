"""Every persona × every jurisdiction endpoint × (list, detail): exactly the rows in scope, others 404."""

import pytest

from zones.models import (
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

from .conftest import PERSONAS, REACH


def _ids(world, names):
    return [getattr(world, name).pk for name in names]


def _memberships(world, reach):
    if reach.county_level:
        return ZoneMembership.objects.filter(zone__county__in=_ids(world, reach.counties))
    return ZoneMembership.objects.filter(township__in=_ids(world, reach.townships))


# endpoint → (model, rows the persona must see), computed from REACH, never from restrict().
ENDPOINTS = {
    "counties": (County, lambda w, r: County.objects.filter(pk__in=_ids(w, r.counties))),
    "departments": (Department, lambda w, r: Department.objects.filter(county__in=_ids(w, r.counties))),
    "zones": (Zone, lambda w, r: Zone.objects.filter(pk__in=_ids(w, r.zones))),
    "townships": (Township, lambda w, r: Township.objects.filter(pk__in=_ids(w, r.townships))),
    "villages": (Village, lambda w, r: Village.objects.filter(pk__in=_ids(w, r.villages))),
    "village-groups": (VillageGroup, lambda w, r: VillageGroup.objects.filter(village__in=_ids(w, r.villages))),
    "zone-memberships": (ZoneMembership, _memberships),
    "village-supervisors": (
        VillageSupervisor,
        lambda w, r: VillageSupervisor.objects.filter(group__village__in=_ids(w, r.villages)),
    ),
    "committee-members": (
        VillageCommitteeMember,
        lambda w, r: VillageCommitteeMember.objects.filter(village__in=_ids(w, r.villages)),
    ),
}


def _list_ids(client, endpoint):
    response = client.get(f"/api/{endpoint}/", {"page_size": 200})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["results"])
    return {row["id"] for row in body["results"]}


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_list_and_detail_show_exactly_the_rows_in_scope(api_world, client_for, persona, endpoint):
    model, expected_rows = ENDPOINTS[endpoint]
    expected = set(expected_rows(api_world, REACH[persona]).values_list("pk", flat=True))
    client = client_for(persona)

    assert _list_ids(client, endpoint) == expected

    for pk in model.objects.values_list("pk", flat=True):
        response = client.get(f"/api/{endpoint}/{pk}/")
        if pk in expected:
            assert response.status_code == 200, (persona, endpoint, pk)
            assert response.json()["id"] == pk
        else:
            assert response.status_code == 404, (persona, endpoint, pk)
            assert response.json() == {"detail": "记录不存在，或不在您的管辖范围内。", "errors": {}}


def test_personas_reach_different_jurisdictions():
    """Guard the matrix itself: if every persona reached the same rows, it would prove little."""
    assert len({(frozenset(r.townships), r.county_level) for r in REACH.values()}) >= 8


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_anonymous_gets_nothing(api_client, api_world, endpoint):
    response = api_client.get(f"/api/{endpoint}/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "results" not in response.json()


@pytest.mark.django_db
def test_zone_lists_only_member_townships_the_user_may_see(api_world, client_for):
    zone1 = client_for("zone1_leader").get(f"/api/zones/{api_world.zone1.pk}/").json()
    assert [t["name"] for t in zone1["townships"]] == ["清源镇", "庆坪镇"]
    assert zone1["leader_name"] == "zone1"
    assert zone1["coordinating_department_name"] == "第一纪检监察室"

    seen_by_tw2 = client_for("tw2").get(f"/api/zones/{api_world.zone1.pk}/").json()
    assert [t["name"] for t in seen_by_tw2["townships"]] == ["庆坪镇"]


@pytest.mark.django_db
def test_township_shows_its_current_zone_not_a_past_one(api_world, client_for):
    body = client_for("tw2").get(f"/api/townships/{api_world.t2.pk}/").json()
    assert (body["zone"], body["zone_name"]) == (api_world.zone1.pk, "第一协作区")
    assert body["county_name"] == "甲县"


@pytest.mark.django_db
def test_supervisor_row_names_its_group_village_and_township(api_world, client_for):
    rows = client_for("tw2").get("/api/village-supervisors/").json()["results"]
    assert [(r["township_name"], r["village_name"], r["group_name"], r["name"]) for r in rows] == [
        ("庆坪镇", "老王沟村", "一社", "老王沟村监督员")
    ]
    assert rows[0]["kind_display"] == "廉情监督员"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("endpoint", "params", "expected"),
    [
        ("townships", {"zone": "zone1"}, {"清源镇", "庆坪镇"}),
        ("townships", {"q": "庆坪"}, {"庆坪镇"}),
        ("townships", {"q": "huichuan"}, {"会川镇"}),
        ("townships", {"county": "other_county"}, {"乙镇"}),
        ("villages", {"township": "t2"}, {"老王沟村"}),
        ("villages", {"zone": "zone2"}, {"会川村"}),
        ("villages", {"county": "county"}, {"城关村", "老王沟村", "会川村"}),
        ("village-groups", {"village": "v1"}, {"一组"}),
        ("village-groups", {"zone": "zone1"}, {"一组", "一社"}),
        ("village-supervisors", {"township": "t3"}, {"会川村监督员"}),
        ("village-supervisors", {"q": "老王沟"}, {"老王沟村监督员"}),
        ("committee-members", {"zone": "zone_b"}, {"乙村村监委主任"}),
        ("zones", {"township": "t3"}, {"第二协作区"}),
        ("zones", {"county": "county"}, {"第一协作区", "第二协作区"}),
        ("departments", {"county": "other_county"}, {"乙县纪检监察室"}),
        ("counties", {"q": "620102"}, {"乙县"}),
    ],
)
def test_filters(api_world, client_for, endpoint, params, expected):
    query = {k: (getattr(api_world, v).pk if hasattr(api_world, v) else v) for k, v in params.items()}
    rows = client_for("admin").get(f"/api/{endpoint}/", query).json()["results"]
    assert {r["name"] for r in rows} == expected


@pytest.mark.django_db
def test_filter_on_an_id_outside_scope_matches_nothing(api_world, client_for):
    response = client_for("tw1").get("/api/villages/", {"township": api_world.tb.pk})
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.django_db
def test_membership_history_filters(api_world, client_for):
    client = client_for("leader")
    rows = client.get("/api/zone-memberships/", {"township": api_world.t2.pk}).json()["results"]
    assert sorted((r["zone_name"], r["current"]) for r in rows) == [("第一协作区", True), ("第二协作区", False)]
    current = client.get("/api/zone-memberships/", {"township": api_world.t2.pk, "current": "true"}).json()
    assert [r["zone_name"] for r in current["results"]] == ["第一协作区"]
    in_2022 = client.get("/api/zone-memberships/", {"township": api_world.t2.pk, "on_date": "2022-06-01"}).json()
    assert [r["zone_name"] for r in in_2022["results"]] == ["第二协作区"]


@pytest.mark.django_db
def test_invalid_filter_value_is_a_chinese_400(api_world, client_for):
    response = client_for("admin").get("/api/zone-memberships/", {"on_date": "去年"})
    assert response.status_code == 400
    body = response.json()
    assert "on_date" in body["errors"]
    assert "日期" in body["errors"]["on_date"][0]


@pytest.mark.django_db
def test_search_matches_nothing_outside_scope(api_world, client_for):
    assert client_for("tw1").get("/api/townships/", {"q": "乙镇"}).json()["count"] == 0


def test_every_routed_resource_is_in_the_scope_matrix():
    """A new endpoint must join the matrix above (users have their own admin-only tests)."""
    from people.api.urls import router as people_router
    from zones.api.urls import router as zones_router

    routed = {prefix for prefix, _viewset, _basename in [*zones_router.registry, *people_router.registry]}
    assert routed == {*ENDPOINTS, "users"}


@pytest.mark.django_db
def test_ordering(api_world, client_for):
    client = client_for("admin")
    names = [r["name"] for r in client.get("/api/townships/", {"ordering": "-name"}).json()["results"]]
    assert names == sorted(names, reverse=True)
    default = [r["name"] for r in client.get("/api/townships/").json()["results"]]
    assert default == [t.name for t in Township.objects.order_by("county__code", "order", "id")]
