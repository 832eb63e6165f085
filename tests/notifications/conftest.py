import importlib

import pytest
from django.db import connection

from tests.rectification.conftest import (  # noqa: F401 - the same fixtures for the reminder tests
    _calendar,
    _eager_celery,
    _navigation_without_unbuilt_pages,
    item,
    letter,
)


@pytest.fixture(scope="module")
def _audit_truncatable(django_db_setup, django_db_blocker):
    """Let the transactional test's flush empty the append-only audit table (its triggers off meanwhile)."""
    append_only = importlib.import_module("audit.migrations.0003_append_only")
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    yield
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
        else:
            for statement in append_only.SQLITE:
                cursor.execute(statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))
