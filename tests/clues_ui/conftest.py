"""Fixtures for the clue desk pages: clues registered through the services, form data builders."""

import datetime

import pytest


@pytest.fixture
def today():
    """Today in Asia/Shanghai."""
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def make_clue(world, today):
    """Register a clue through the service (petition officer, 清源镇 城关村 by default)."""
    from clues import services

    counter = {"n": 0}

    def make(**overrides):
        counter["n"] += 1
        n = counter["n"]
        data = {
            "user": world.petition,
            "received_on": today - datetime.timedelta(days=3),
            "category": "accusation",
            "source": "petition",
            "channel": "letter",
            "domain": "subsidies",
            "summary": f"反映村干部截留惠农补贴问题（第{n}件）",
            "persons": [
                {
                    "name": f"王建{n}",
                    "unit": "城关村村民委员会",
                    "position": "村委会主任",
                    "cadre_level": "other",
                    "political_status": "party_member",
                }
            ],
            "problem_types": ["withholding"],
            "township": world.t1,
            "village": world.v1,
            "amount": "12800.00",
            "is_anonymous": True,
        }
        data.update(overrides)
        return services.clue_register(**data)

    return make


@pytest.fixture
def form_data(world, today):
    """A complete, valid registration POST for 清源镇 城关村 with one new person and a named reporter."""
    from clues.models import ProblemType

    pt = ProblemType.objects.get(code="withholding")
    return {
        "received_on": (today - datetime.timedelta(days=1)).isoformat(),
        "category": "accusation",
        "source": "petition",
        "channel": "visit",
        "is_anonymous": "0",
        "reporter_name": "李秀英",
        "reporter_phone": "13909321234",
        "reporter_id_number": "62112319800101002X",
        "reporter_address": "清源镇城关村三社",
        "township": str(world.t1.pk),
        "village": str(world.v1.pk),
        "domain": "subsidies",
        "problem_types": [str(pt.pk)],
        "amount": "35600.50",
        "summary": "反映城关村村委会主任张德明截留2023年耕地地力保护补贴",
        "description": "举报人称：2023年全村耕地地力保护补贴未足额发放到户。",
        "persons-TOTAL_FORMS": "1",
        "persons-INITIAL_FORMS": "0",
        "persons-MIN_NUM_FORMS": "0",
        "persons-MAX_NUM_FORMS": "30",
        "persons-0-person": "",
        "persons-0-name": "张德明",
        "persons-0-unit": "城关村村民委员会",
        "persons-0-position": "村委会主任",
        "persons-0-cadre_level": "other",
        "persons-0-political_status": "party_member",
        "persons-0-is_public_official": "",
    }
