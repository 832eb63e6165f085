"""Jurisdiction fixtures on top of ``world``: rosters, a second group and a county administrator."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse

from people import context_processors
from people.roles import Role
from tests.factories import UserFactory, VillageGroupFactory, grant

from .factories import CommitteeMemberFactory, VillageSupervisorFactory


@pytest.fixture(autouse=True)
def _navigation_without_unbuilt_pages(monkeypatch):
    """Leave out navigation entries whose pages another app has not wired up yet."""

    def resolvable(name):
        try:
            reverse(name)
        except NoReverseMatch:
            return False
        return True

    entries = [entry for entry in context_processors.NAVIGATION if resolvable(entry.url_name)]
    monkeypatch.setattr(context_processors, "NAVIGATION", entries)


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


def _audit_triggers(enabled: bool) -> None:
    """Switch the audit table's append-only triggers (the flush after a live-server test must empty it)."""
    from importlib import import_module

    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE audit_auditevent {'ENABLE' if enabled else 'DISABLE'} TRIGGER USER")
        elif connection.vendor == "sqlite":
            if enabled:
                for statement in import_module("audit.migrations.0003_append_only").SQLITE:
                    cursor.execute(statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))
            else:
                cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
                cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")


@pytest.fixture(scope="module")
def _audit_triggers_restored(django_db_blocker):
    """Put the append-only triggers back once the flush after the module's last test is done."""
    yield
    with django_db_blocker.unblock():
        _audit_triggers(True)


@pytest.fixture
def flushable_live_db(_audit_triggers_restored, transactional_db):
    """A transactional database whose closing flush may empty the audit table."""
    yield
    _audit_triggers(False)


@pytest.fixture(scope="session")
def _zones_chromium():
    """One headless Chromium for the session (Debian's, no download)."""
    import os

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def zones_page(flushable_live_db, _zones_chromium, live_server):
    """A fresh browser page that accepts confirmation dialogs, with ``login(user)`` on the live server."""
    context = _zones_chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.on("dialog", lambda dialog: dialog.accept())

    def login(user, password="pw-123456"):  # noqa: S107 - the factories' test password
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

    page.login = login
    page.base = live_server.url
    yield page
    context.close()
