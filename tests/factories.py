"""factory_boy factories for the jurisdiction and accounts."""

import datetime

import factory

from people.models import Person, RoleAssignment, User
from people.roles import Role
from zones.models import County, Department, Township, Village, VillageGroup, VillageSupervisor, Zone, ZoneMembership


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County

    name = factory.Sequence(lambda n: f"测试{n}县")
    code = factory.Sequence(lambda n: f"{620000 + n:06d}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    county = factory.SubFactory(CountyFactory)
    name = factory.Sequence(lambda n: f"第{n}纪检监察室")
    kind = "case_office"


class TownshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Township

    county = factory.SubFactory(CountyFactory)
    name = factory.Sequence(lambda n: f"测试{n}镇")
    slug = factory.Sequence(lambda n: f"town{n}")
    order = factory.Sequence(int)


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village

    township = factory.SubFactory(TownshipFactory)
    name = factory.Sequence(lambda n: f"测试{n}村")


class VillageGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VillageGroup

    village = factory.SubFactory(VillageFactory)
    name = factory.Sequence(lambda n: f"{n}社")


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone

    county = factory.SubFactory(CountyFactory)
    name = factory.Sequence(lambda n: f"第{n}协作区")


class ZoneMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ZoneMembership

    zone = factory.SubFactory(ZoneFactory)
    township = factory.SubFactory(TownshipFactory)
    start_date = datetime.date(2024, 1, 1)


class VillageSupervisorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VillageSupervisor

    group = factory.SubFactory(VillageGroupFactory)
    name = factory.Sequence(lambda n: f"监督员{n}")
    phone = "13900000000"
    appointed_on = datetime.date(2024, 3, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    real_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-123456")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def grant(user: User, role: str, **scope) -> RoleAssignment:
    """Give ``user`` a role over a county, zone, township or village (or everything)."""
    return RoleAssignment.objects.create(user=user, role=role, **scope)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    county = factory.SubFactory(CountyFactory)
    name = factory.Sequence(lambda n: f"张{n}")
    unit = "某村村委会"
    position = "村委会主任"
    cadre_level = "other"
    political_status = "party_member"
    is_public_official = False


__all__ = ["Role", "grant"]
