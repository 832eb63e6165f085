"""Shared fixtures: a small county with two zones and a persona for every role."""

import datetime
from importlib import import_module
from types import SimpleNamespace

import pytest
from pytest_django.plugin import blocking_manager_key

from people.roles import Role

from .factories import (
    CountyFactory,
    DepartmentFactory,
    TownshipFactory,
    UserFactory,
    VillageFactory,
    VillageGroupFactory,
    ZoneFactory,
    ZoneMembershipFactory,
    grant,
)


@pytest.fixture
def world(db):
    """County A (zone 1: t1, t2; zone 2: t3) and county B (zone b: tb), with one user per role."""
    w = SimpleNamespace()
    w.county = CountyFactory(name="甲县", code="620101")
    w.other_county = CountyFactory(name="乙县", code="620102")
    w.dept = DepartmentFactory(county=w.county, name="第一纪检监察室")
    w.zone1 = ZoneFactory(county=w.county, name="第一协作区", coordinating_department=w.dept)
    w.zone2 = ZoneFactory(county=w.county, name="第二协作区")
    w.zone_b = ZoneFactory(county=w.other_county, name="乙县第一协作区")
    w.t1 = TownshipFactory(county=w.county, name="清源镇", slug="qingyuan")
    w.t2 = TownshipFactory(county=w.county, name="庆坪镇", slug="qingping")
    w.t3 = TownshipFactory(county=w.county, name="会川镇", slug="huichuan")
    w.tb = TownshipFactory(county=w.other_county, name="乙镇", slug="yizhen")
    for zone, township in ((w.zone1, w.t1), (w.zone1, w.t2), (w.zone2, w.t3), (w.zone_b, w.tb)):
        ZoneMembershipFactory(zone=zone, township=township)
    w.v1 = VillageFactory(township=w.t1, name="城关村")
    w.v2 = VillageFactory(township=w.t2, name="老王沟村")
    w.v3 = VillageFactory(township=w.t3, name="会川村")
    w.vb = VillageFactory(township=w.tb, name="乙村")
    w.g2 = VillageGroupFactory(village=w.v2, name="一社")

    def persona(username, role, **scope):
        user = UserFactory(username=username, real_name=username)
        grant(user, role, **scope)
        return user

    w.admin = persona("admin", Role.ADMIN)
    w.leader = persona("leader", Role.LEADER, county=w.county)
    w.zone1_leader = persona("zone1", Role.ZONE_LEADER, zone=w.zone1)
    w.zone2_leader = persona("zone2", Role.ZONE_LEADER, zone=w.zone2)
    w.officer = persona("officer", Role.CASE_OFFICER, county=w.county)
    w.petition = persona("petition", Role.PETITION_OFFICER, county=w.county)
    w.auditor = persona("auditor", Role.AUDITOR, county=w.county)
    w.tw1 = persona("tw-qingyuan", Role.TOWNSHIP_OFFICER, township=w.t1)
    w.tw2 = persona("tw-qingping", Role.TOWNSHIP_OFFICER, township=w.t2)
    w.tw3 = persona("tw-huichuan", Role.TOWNSHIP_OFFICER, township=w.t3)
    w.vs2 = persona("vs-laowanggou", Role.VILLAGE_SUPERVISOR, village=w.v2)
    w.outsider = persona("tw-yizhen", Role.TOWNSHIP_OFFICER, township=w.tb)
    w.nobody = UserFactory(username="norole")
    w.zone1.leader = w.zone1_leader
    w.zone1.save()
    return w


@pytest.fixture
def demo_ctx(db):
    """The demo county and its accounts (the zones and people seeders), for testing one app's seeder."""
    import random

    from django.utils import timezone

    import people.demo
    import zones.demo
    from core.demo import DemoContext

    ctx = DemoContext(today=timezone.localdate(), rng=random.Random(20240521))
    zones.demo.seed(ctx)
    people.demo.seed(ctx)
    return ctx


# The database baseline every test starts from ---------------------------------------------
# The official calendar is loaded by a migration, and the audit table is append-only through
# database triggers. A transactional test ends with a flush, which the triggers would refuse
# and which empties the reference tables: the triggers are switched off for the flush, and
# both are restored right after it.

DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}
_FLUSHED = pytest.StashKey[bool]()


def audit_triggers(enabled: bool) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE audit_auditevent {'ENABLE' if enabled else 'DISABLE'} TRIGGER USER")
        elif connection.vendor == "sqlite" and enabled:
            for statement in import_module("audit.migrations.0003_append_only").SQLITE:
                cursor.execute(statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))
        elif connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")


# Data the migrations load, which a flush empties.
REFERENCE_DATA = [("core.migrations.0002_seed_calendar", "forwards"), ("clues.migrations.0002_problem_types", "seed")]


_migration_apps = {}


def reference_data() -> None:
    """Put back what the data migrations load (each loader is idempotent), as the migrations do:
    with the historical models, so no audit record is written."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from core import calendar

    if "apps" not in _migration_apps:
        loader = MigrationLoader(connection)
        _migration_apps["apps"] = loader.project_state(list(loader.graph.leaf_nodes())).apps
    for module, function in REFERENCE_DATA:
        getattr(import_module(module), function)(_migration_apps["apps"], None)
    calendar.reset()


@pytest.fixture(autouse=True)
def _database_baseline(request):
    if not (request.node.get_closest_marker("django_db") or DB_FIXTURES & set(request.fixturenames)):
        yield
        return
    request.getfixturevalue("_django_db_helper")
    from django.db import connection

    from core import calendar

    transactional = not connection.in_atomic_block
    if transactional:
        reference_data()
    calendar.reset()  # a rolled-back test may have entered a year: read the table afresh,
    calendar.is_workday(datetime.date.today())  # here, outside any query count the test asserts
    yield
    if transactional:
        audit_triggers(False)
        request.node.stash[_FLUSHED] = True


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if item.stash.get(_FLUSHED, False):
        with item.config.stash[blocking_manager_key].unblock():
            audit_triggers(True)
            reference_data()


# Real processes: a Celery worker, a Chromium ----------------------------------------------


@pytest.fixture
def celery_worker_app(transactional_db, tmp_path):
    """A real Celery worker (solo pool, in a thread) on the configured broker — Redis when REDIS_URL is set.

    The queue starts empty: on Redis it is purged, on the embedded broker the folders are the test's own.
    """
    from celery.contrib.testing.worker import start_worker
    from django.conf import settings

    from config.celery import app

    def fresh_connections():
        # A producer pooled by an earlier test would publish into that test's folders.
        if app._pool is not None:
            app._pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None

    saved = dict(app.conf.broker_transport_options or {})
    embedded = settings.CELERY_BROKER_URL.startswith("filesystem")
    if embedded:
        for sub in ("out", "processed", "control"):
            (tmp_path / sub).mkdir()
        app.conf.broker_transport_options = {
            **saved,
            "data_folder_in": str(tmp_path / "out"),
            "data_folder_out": str(tmp_path / "out"),
            "processed_folder": str(tmp_path / "processed"),
            "control_folder": str(tmp_path / "control"),
            "store_processed": False,
        }
        fresh_connections()
    else:
        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge(app.conf.task_default_queue)
    eager, app.conf.task_always_eager = app.conf.task_always_eager, False  # through the broker, to the worker
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield app
    finally:
        app.conf.task_always_eager = eager
        app.conf.broker_transport_options = saved
        if embedded:
            fresh_connections()


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian Chromium for the session (Playwright cannot download browsers here)."""
    import os
    import shutil

    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.skip("Chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium, live_server):
    """A fresh Chinese-locale page on the live server, with ``page.login(user)`` and ``page.base``."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)

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
