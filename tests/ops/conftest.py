import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def _demo_for_module(django_db_setup, django_db_blocker):
    """Seed once per module inside a transaction that is rolled back afterwards."""
    from zones.models import County

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        yield County.objects.get(code="621125")
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_for_module, db):
    """The demo county, built by the management command (each test's changes are rolled back)."""
    return _demo_for_module
