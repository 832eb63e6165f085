"""Clue builders that go through the services, so numbers, deadlines and the timeline are real."""

from __future__ import annotations

import datetime

from clues import services
from clues.choices import ClueCategory, ClueDomain, ClueSource, DisposalMethod, HandlingMode
from clues.models import Clue


def person_data(**overrides) -> dict:
    data = {
        "name": "王建国",
        "unit": "老王沟村村委会",
        "position": "村委会主任",
        "cadre_level": "other",
        "political_status": "party_member",
        "is_public_official": False,
    }
    data.update(overrides)
    return data


def register(world, *, user=None, township=None, village=None, **overrides) -> Clue:
    """Register a clue in ``township`` (default: 庆坪镇 / 老王沟村) as the petition officer."""
    township = township or world.t2
    if village is None and township == world.t2:
        village = world.v2
    kwargs = {
        "received_on": datetime.date(2025, 3, 3),
        "category": ClueCategory.ACCUSATION,
        "source": ClueSource.PETITION,
        "channel": "letter",
        "domain": ClueDomain.SUBSIDIES,
        "summary": "反映村委会主任虚报冒领低保金",
        "description": "群众来信反映……",
        "persons": [person_data()],
        "problem_types": ["false_claims"],
        "township": township,
        "village": village,
        "amount": "12000.00",
    }
    kwargs.update(overrides)
    return services.clue_register(user=user or world.petition, **kwargs)


def assigned(world, clue=None, *, assignee=None, on=None, **kwargs) -> Clue:
    clue = clue or register(world)
    return services.clue_assign(
        clue=clue,
        user=world.petition,
        handling_mode=HandlingMode.SELF,
        receiving_department=world.dept,
        assignee=assignee or world.officer,
        assigned_on=on or clue.received_on,
        **kwargs,
    )


def signed(world, clue=None, **kwargs) -> Clue:
    clue = assigned(world, clue, **kwargs)
    return services.clue_sign(clue=clue, user=clue.assignee)


def disposing(world, method=DisposalMethod.INQUIRY, clue=None, *, decided_on=None, **kwargs) -> Clue:
    clue = signed(world, clue)
    extra = {}
    if method == DisposalMethod.HOLD:
        extra = {
            "hold_reason": "线索不具体",
            "hold_review_on": (decided_on or clue.received_on) + datetime.timedelta(days=90),
        }
    if method == DisposalMethod.CLOSE:
        extra = {"close_reason": "untrue"}
    if method == DisposalMethod.INQUIRY:
        extra = {"inquiry_form": "letter"}
    extra.update(kwargs)
    return services.clue_dispose(
        clue=clue, user=world.officer, method=method, decided_on=decided_on or clue.received_on, **extra
    )
