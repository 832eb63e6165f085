"""The clue's timeline: events stamped now, or on the day given to ``as_of`` when recording history."""

from __future__ import annotations

import contextlib
import contextvars
import datetime

from django.utils import timezone

from people.models import User

from ..models import Clue, ClueEvent

# Recording history (the demo seeder, a paper ledger entered afterwards): inside ``as_of(day)``
# the timeline, signing and "today" are that day instead of the moment of entry.
_AS_OF: contextvars.ContextVar[datetime.datetime | None] = contextvars.ContextVar("clue_as_of", default=None)


@contextlib.contextmanager
def as_of(day: datetime.date):
    """Record the steps taken inside the block as happening on ``day`` (10:00, never in the future)."""
    if day > timezone.localdate():
        raise ValueError("as_of cannot be in the future")
    token = _AS_OF.set(timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))))
    try:
        yield
    finally:
        _AS_OF.reset(token)


def _now() -> datetime.datetime:
    return _AS_OF.get() or timezone.now()


def _today() -> datetime.date:
    return timezone.localdate(_now())


def _event(
    clue: Clue,
    *,
    kind: str,
    user: User | None,
    from_status: str = "",
    note: str = "",
    data: dict | None = None,
    at: datetime.datetime | None = None,
) -> ClueEvent:
    event = ClueEvent(
        clue=clue,
        kind=kind,
        actor=user,
        actor_name=(user.get_full_name() or user.get_username())[:150] if user else "",
        from_status=from_status,
        to_status=clue.status,
        note=(note or "").strip(),
        data=data or {},
        at=at or _now(),
    )
    event.full_clean(exclude=["clue", "actor"], validate_unique=False, validate_constraints=False)
    event.save()
    return event
