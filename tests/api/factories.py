"""Factories for the rosters the API serves (the shared ones live in tests/factories.py)."""

import datetime

import factory

from zones.models import VillageCommitteeMember


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VillageCommitteeMember

    village = factory.SubFactory("tests.factories.VillageFactory")
    name = factory.Sequence(lambda n: f"村监委{n}")
    phone = "13800000000"
    position = "member"
    appointed_on = datetime.date(2024, 3, 1)
