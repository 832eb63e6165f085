"""No N+1: every list answers in a fixed number of queries whatever the page size."""

import pytest

from people.roles import Role
from tests.factories import (
    TownshipFactory,
    UserFactory,
    VillageFactory,
    VillageGroupFactory,
    VillageSupervisorFactory,
    ZoneFactory,
    ZoneMembershipFactory,
    grant,
)

from .factories import CommitteeMemberFactory

ROWS = 45  # more than two pages of 20

ENDPOINTS = [
    "counties",
    "departments",
    "zones",
    "townships",
    "villages",
    "village-groups",
    "zone-memberships",
    "village-supervisors",
    "committee-members",
]
# session + user + role assignments + zone memberships (zone leaders) + count + rows + prefetch
BUDGET = 8


@pytest.fixture
def crowded(api_world):
    """Dozens of rows under 清源镇 (zone 1) for every endpoint."""
    w = api_world
    for n in range(ROWS):
        village = VillageFactory(township=w.t1, name=f"新村{n}")
        group = VillageGroupFactory(village=village, name=f"{n}组")
        VillageSupervisorFactory(group=group, name=f"监督员{n}")
        CommitteeMemberFactory(village=village, name=f"委员{n}")
        zone = ZoneFactory(county=w.county, name=f"新协作区{n}", leader=w.leader, coordinating_department=w.dept)
        township = TownshipFactory(county=w.county, name=f"新镇{n}", slug=f"xin{n}")
        ZoneMembershipFactory(zone=zone, township=township)
        user = UserFactory(username=f"staff{n}", department=w.dept)
        grant(user, Role.CASE_OFFICER, zone=zone)
    return w


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("persona", ["admin", "leader", "zone1_leader", "tw1"])
def test_list_query_budget(crowded, client_for, django_assert_max_num_queries, persona, endpoint):
    client = client_for(persona)
    for params in ({"page_size": 20}, {"page_size": 20, "page": 2}, {"page_size": 200}):
        with django_assert_max_num_queries(BUDGET):
            response = client.get(f"/api/{endpoint}/", params)
        assert response.status_code in (200, 404), response.content  # page 2 of a short list is 404
    assert client.get(f"/api/{endpoint}/", {"page_size": 200}).json()["count"] > 0


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["admin", "county_admin"])
def test_user_list_query_budget(crowded, client_for, django_assert_max_num_queries, persona):
    client = client_for(persona)
    for params in ({"page_size": 20}, {"page_size": 20, "page": 2}, {"page_size": 200}):
        with django_assert_max_num_queries(BUDGET):
            response = client.get("/api/users/", params)
        assert response.status_code == 200
    assert client.get("/api/users/", {"page_size": 200}).json()["count"] >= ROWS


@pytest.mark.django_db
def test_lists_fill_the_pages(crowded, client_for):
    body = client_for("admin").get("/api/villages/", {"page_size": 20, "page": 2}).json()
    assert len(body["results"]) == 20
    assert body["next"] and body["previous"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["admin", "zone1_leader", "tw1"])
def test_me_query_budget(crowded, client_for, django_assert_max_num_queries, persona):
    client = client_for(persona)
    # session + user + scope (2) + the profile with its roles (2) + visible counties, zones, townships
    with django_assert_max_num_queries(9):
        assert client.get("/api/me/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", [*ENDPOINTS, "users"])
def test_detail_query_budget(crowded, client_for, django_assert_max_num_queries, endpoint):
    client = client_for("admin")
    pk = client.get(f"/api/{endpoint}/", {"page_size": 1}).json()["results"][0]["id"]
    with django_assert_max_num_queries(BUDGET):
        assert client.get(f"/api/{endpoint}/{pk}/").status_code == 200
