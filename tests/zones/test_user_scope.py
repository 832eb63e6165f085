"""A county administrator reaches accounts whose roles sit anywhere inside the county."""

import pytest

from people.models import RoleAssignment, User
from people.roles import Role
from tests.factories import UserFactory, grant


@pytest.fixture
def other_county_admin(world):
    """An administrator of county B (乙县) only."""
    user = UserFactory(username="admin-b")
    grant(user, Role.ADMIN, county=world.other_county)
    return user


@pytest.mark.django_db
def test_county_admin_sees_users_with_zone_township_and_village_roles_in_the_county(world, county_admin):
    visible = set(User.objects.restrict(county_admin).values_list("username", flat=True))
    for persona in ("leader", "zone1_leader", "zone2_leader", "officer", "tw1", "tw2", "tw3", "vs2"):
        assert getattr(world, persona).username in visible, persona
    assert world.outsider.username not in visible
    assert world.admin.username not in visible  # a global role belongs to no county


@pytest.mark.django_db
def test_other_county_admin_sees_only_their_countys_township_officer(world, other_county_admin):
    visible = set(User.objects.restrict(other_county_admin).values_list("username", flat=True))
    assert world.outsider.username in visible
    assert not visible & {"tw-qingyuan", "zone1", "vs-laowanggou", "leader"}


@pytest.mark.django_db
def test_county_admin_may_change_and_revoke_village_level_assignments(world, county_admin, other_county_admin):
    assignment = world.vs2.role_assignments.get()
    assert RoleAssignment.objects.restrict(county_admin, "manage").filter(pk=assignment.pk).exists()
    assert not RoleAssignment.objects.restrict(other_county_admin, "manage").filter(pk=assignment.pk).exists()
    zone_assignment = world.zone1_leader.role_assignments.get()
    assert RoleAssignment.objects.restrict(county_admin, "manage").filter(pk=zone_assignment.pk).exists()


@pytest.mark.django_db
def test_township_and_village_paths_resolve_assignments_below_and_the_zone_above(world):
    township_q = User.scope_paths.q("township", [world.t2.pk])
    names = set(User.objects.filter(township_q).values_list("username", flat=True))
    # zone1 contains t2, so its leader works there; vs-laowanggou works in t2's village.
    assert names == {"tw-qingping", "vs-laowanggou", "zone1"}
    village_q = User.scope_paths.q("village", [world.v2.pk])
    assert set(User.objects.filter(village_q).values_list("username", flat=True)) == {"vs-laowanggou"}


@pytest.mark.django_db
def test_county_admin_user_page_opens_for_a_township_officer_but_404_for_outsider(client, world, county_admin):
    client.force_login(county_admin)
    assert client.get(f"/people/users/{world.tw2.pk}/").status_code == 200
    assert client.get(f"/people/users/{world.outsider.pk}/").status_code == 404
