from django.db import transaction

from .models import Sequence


def next_number(*, key: str, year: int) -> int:
    """Take the next number of ``key`` for ``year`` inside the caller's transaction.

    1. Insert the counter row if missing (ON CONFLICT DO NOTHING: racers don't fail).
    2. Lock it (SELECT … FOR UPDATE), so concurrent registrations queue here.
    3. Increment. A rollback of the caller gives the number back: no gaps.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the transaction that uses the number")
    Sequence.objects.bulk_create([Sequence(key=key, year=year)], ignore_conflicts=True)
    seq = Sequence.objects.select_for_update().get(key=key, year=year)
    seq.last_value += 1
    seq.save(update_fields=["last_value"])
    return seq.last_value
