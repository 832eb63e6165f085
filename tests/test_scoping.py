import pytest

from zones.models import County, Township, Village, Zone


def names(qs):
    return sorted(qs.values_list("name", flat=True))


@pytest.mark.django_db
class TestRestrict:
    def test_admin_reaches_every_township(self, world):
        assert names(Township.objects.restrict(world.admin)) == ["乙镇", "会川镇", "庆坪镇", "清源镇"]

    def test_leader_reaches_own_county_only(self, world):
        assert names(Township.objects.restrict(world.leader)) == ["会川镇", "庆坪镇", "清源镇"]
        assert names(County.objects.restrict(world.leader)) == ["甲县"]

    def test_zone_leader_reaches_zone_townships(self, world):
        assert names(Township.objects.restrict(world.zone1_leader)) == ["庆坪镇", "清源镇"]
        assert names(Zone.objects.restrict(world.zone1_leader)) == ["第一协作区"]

    def test_township_officer_reaches_own_township(self, world):
        assert names(Township.objects.restrict(world.tw2)) == ["庆坪镇"]
        assert names(Village.objects.restrict(world.tw2)) == ["老王沟村"]
        assert names(County.objects.restrict(world.tw2)) == ["甲县"]

    def test_village_supervisor_reaches_own_village(self, world):
        assert names(Village.objects.restrict(world.vs2)) == ["老王沟村"]
        assert names(Township.objects.restrict(world.vs2)) == ["庆坪镇"]

    def test_user_without_role_reaches_nothing(self, world):
        assert not Township.objects.restrict(world.nobody).exists()

    def test_anonymous_reaches_nothing(self, world):
        from django.contrib.auth.models import AnonymousUser

        assert not Township.objects.restrict(AnonymousUser()).exists()

    def test_moving_township_moves_zone_leader_reach(self, world):
        import datetime

        from zones.models import ZoneMembership

        ZoneMembership.objects.filter(township=world.t2).update(end_date=datetime.date(2025, 1, 1))
        ZoneMembership.objects.create(zone=world.zone2, township=world.t2, start_date=datetime.date(2025, 1, 1))
        assert names(Township.objects.restrict(world.zone1_leader)) == ["清源镇"]
