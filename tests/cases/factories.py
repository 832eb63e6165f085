"""Factories for cases: clues are made directly (the clue desk's own services are tested in tests/clues)."""

import datetime
import itertools

from django.utils import timezone

from cases import services
from clues.models import Clue, ClueSubject
from tests.factories import PersonFactory

_clue_seq = itertools.count(1)


def make_clue(*, county, township=None, persons=(), received_on=None, summary="反映某村干部截留惠农补贴", result=""):
    """A clue as the clue desk leaves it, with its persons reported."""
    clue = Clue.objects.create(
        county=county,
        number=f"XS-T-{next(_clue_seq):05d}",
        received_on=received_on or datetime.date(2024, 1, 10),
        source="petition",
        domain="subsidies",
        township=township,
        summary=summary,
        result=result,
    )
    for order, person in enumerate(persons):
        ClueSubject.objects.create(
            clue=clue,
            person=person,
            unit=person.unit,
            position=person.position,
            cadre_level=person.cadre_level,
            political_status=person.political_status,
            is_public_official=person.is_public_official,
            order=order,
        )
    return clue


def member(county, **kwargs):
    """A party member who is also a public official (every sanction applies)."""
    defaults = {
        "county": county,
        "political_status": "party_member",
        "is_public_official": True,
        "cadre_level": "section",
        "unit": "清源镇人民政府",
        "position": "副镇长",
    }
    defaults.update(kwargs)
    return PersonFactory(**defaults)


def file_case(world, *, persons=(), township=None, filed_on=None, user=None, **kwargs):
    """File a case in county A through the service."""
    return services.case_file(
        county=world.county,
        title=kwargs.pop("title", "张某涉嫌截留挪用惠农补贴资金问题"),
        filed_on=filed_on or timezone.localdate() - datetime.timedelta(days=30),
        approver=world.leader,
        user=user or world.officer,
        township=township if township is not None else world.t1,
        persons=persons,
        **kwargs,
    )
