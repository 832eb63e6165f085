"""Jurisdiction fixtures on top of ``world``: rosters, a second group and a county administrator."""

import datetime

import pytest

from people.roles import Role
from tests.factories import UserFactory, VillageGroupFactory, grant

from .factories import CommitteeMemberFactory, VillageSupervisorFactory


@pytest.fixture
def roster(world):
    """Groups, supervisors and committee members in 城关村 (t1), 老王沟村 (t2), 会川村 (t3) and 乙村 (tb)."""
    world.g1 = VillageGroupFactory(village=world.v1, name="一组")
    world.g3 = VillageGroupFactory(village=world.v3, name="三组")
    world.gb = VillageGroupFactory(village=world.vb, name="乙组")
    world.s1 = VillageSupervisorFactory(group=world.g1, name="李监督")
    world.s2 = VillageSupervisorFactory(group=world.g2, name="王监督")
    world.s3 = VillageSupervisorFactory(group=world.g3, name="赵监督")
    world.sb = VillageSupervisorFactory(group=world.gb, name="乙监督")
    world.m1 = CommitteeMemberFactory(village=world.v1, name="城关主任", position="director")
    world.m2 = CommitteeMemberFactory(village=world.v2, name="老王沟主任", position="director")
    world.mb = CommitteeMemberFactory(village=world.vb, name="乙村主任", position="director")
    return world


@pytest.fixture
def county_admin(world):
    """An administrator of county A only (甲县)."""
    user = UserFactory(username="admin-a", real_name="甲县管理员")
    grant(user, Role.ADMIN, county=world.county)
    return user


@pytest.fixture
def today():
    """The local date the services compare against."""
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def long_ago():
    """A date well before every membership in ``world`` began."""
    return datetime.date(2020, 1, 1)


@pytest.fixture
def zones_page(browser_page):
    """The shared browser page, accepting the confirmation dialogs of deactivate buttons."""
    browser_page.on("dialog", lambda dialog: dialog.accept())
    return browser_page
