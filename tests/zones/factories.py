"""Factories for the village rosters (the jurisdiction factories live in tests/factories.py)."""

import datetime

import factory

from tests.factories import VillageFactory, VillageGroupFactory, VillageSupervisorFactory
from zones.models import VillageCommitteeMember


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VillageCommitteeMember

    village = factory.SubFactory(VillageFactory)
    name = factory.Sequence(lambda n: f"村监委{n}")
    position = "member"
    phone = "13800000000"
    appointed_on = datetime.date(2023, 6, 1)


__all__ = ["CommitteeMemberFactory", "VillageGroupFactory", "VillageSupervisorFactory"]
