"""Numbers are unique and gapless per county and year, also under concurrent registration."""

import datetime
import threading

import pytest
from django.conf import settings
from django.db import connections

from clues.models import Clue

from .factories import register

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]


@pytest.mark.skipif(not ON_POSTGRES, reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_gapless_numbers(world):
    threads_n = 8
    barrier = threading.Barrier(threads_n)
    errors = []

    def work():
        try:
            barrier.wait(timeout=10)
            register(world)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    year = datetime.date.today().year
    numbers = sorted(Clue.objects.values_list("number", flat=True))
    assert numbers == [f"XS{year}620101-{n:04d}" for n in range(1, threads_n + 1)]


@pytest.mark.django_db
def test_failed_registration_does_not_use_a_number(world):
    from django.core.exceptions import ValidationError

    first = register(world)
    with pytest.raises(ValidationError):
        register(world, persons=[{"name": "", "unit": "x"}])
    second = register(world)
    assert int(second.number[-4:]) == int(first.number[-4:]) + 1
