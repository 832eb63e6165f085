"""API fixtures: the shared world plus rosters and a membership history, and signed-in clients.

``REACH`` spells out, by hand, what each persona must see. The tests compare the API's
answers with rows picked from it, not with ``restrict()`` itself, so a scoping bug fails.
"""

import datetime
from dataclasses import dataclass, field

import pytest
from rest_framework.test import APIClient

from people.roles import Role
from tests.factories import (
    DepartmentFactory,
    UserFactory,
    VillageGroupFactory,
    VillageSupervisorFactory,
    ZoneMembershipFactory,
    grant,
)

from .factories import CommitteeMemberFactory


@pytest.fixture
def api_world(world):
    """The shared world with a group, a supervisor and a committee director in every village."""
    w = world
    w.dept_b = DepartmentFactory(county=w.other_county, name="乙县纪检监察室")
    w.g1 = VillageGroupFactory(village=w.v1, name="一组")
    w.g3 = VillageGroupFactory(village=w.v3, name="三社")
    w.gb = VillageGroupFactory(village=w.vb, name="乙社")
    for group in (w.g1, w.g2, w.g3, w.gb):
        VillageSupervisorFactory(group=group, name=f"{group.village.name}监督员")
    for village in (w.v1, w.v2, w.v3, w.vb):
        CommitteeMemberFactory(village=village, name=f"{village.name}村监委主任", position="director")
    # 庆坪镇 was in the second zone until the end of 2023.
    ZoneMembershipFactory(
        zone=w.zone2, township=w.t2, start_date=datetime.date(2021, 1, 1), end_date=datetime.date(2024, 1, 1)
    )
    w.county_admin = UserFactory(username="admin-a", real_name="甲县管理员")
    grant(w.county_admin, Role.ADMIN, county=w.county)
    return w


@dataclass
class Reach:
    """What a persona may see, by fixture attribute names."""

    counties: set = field(default_factory=set)
    zones: set = field(default_factory=set)
    townships: set = field(default_factory=set)
    villages: set = field(default_factory=set)
    county_level: bool = False  # sees every zone membership of its counties, past ones included


_COUNTY_A = Reach({"county"}, {"zone1", "zone2"}, {"t1", "t2", "t3"}, {"v1", "v2", "v3"}, county_level=True)

REACH = {
    "admin": Reach(
        {"county", "other_county"},
        {"zone1", "zone2", "zone_b"},
        {"t1", "t2", "t3", "tb"},
        {"v1", "v2", "v3", "vb"},
        county_level=True,
    ),
    "county_admin": _COUNTY_A,
    "leader": _COUNTY_A,
    "officer": _COUNTY_A,
    "petition": _COUNTY_A,
    "auditor": _COUNTY_A,
    "zone1_leader": Reach({"county"}, {"zone1"}, {"t1", "t2"}, {"v1", "v2"}),
    "zone2_leader": Reach({"county"}, {"zone2"}, {"t3"}, {"v3"}),
    "tw1": Reach({"county"}, {"zone1"}, {"t1"}, {"v1"}),
    "tw2": Reach({"county"}, {"zone1"}, {"t2"}, {"v2"}),
    "tw3": Reach({"county"}, {"zone2"}, {"t3"}, {"v3"}),
    "vs2": Reach({"county"}, {"zone1"}, {"t2"}, {"v2"}),
    "outsider": Reach({"other_county"}, {"zone_b"}, {"tb"}, {"vb"}),
    "nobody": Reach(),
}
PERSONAS = list(REACH)
NON_ADMINS = [p for p in PERSONAS if p not in ("admin", "county_admin")]


@pytest.fixture
def api_client():
    """An unauthenticated API client."""
    return APIClient()


@pytest.fixture
def client_for(api_world):
    """Build an API client signed in (by session) as the named persona."""

    def make(persona: str) -> APIClient:
        client = APIClient()
        client.force_login(getattr(api_world, persona))
        return client

    return make
