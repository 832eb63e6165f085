import pytest
from django.urls import NoReverseMatch, reverse

from people import context_processors


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


@pytest.fixture(scope="session")
def _cases_chromium():
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
def cases_page(_cases_chromium, live_server):
    """A fresh browser page, with a helper to sign in on the live server."""
    context = _cases_chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
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
