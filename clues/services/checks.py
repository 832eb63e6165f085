"""Checks shared by the clue services: dates, text, and validate-then-save with fresh deadlines."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import deadlines
from ..models import Clue, ClueSettings
from .timeline import _today


def _not_future(value: datetime.date | None, field: str, label: str) -> None:
    if value and value > _today():
        raise ValidationError({field: _("%(label)s不能晚于今天") % {"label": label}})


def _not_before(value: datetime.date | None, earlier: datetime.date | None, field: str, message: str) -> None:
    if value and earlier and value < earlier:
        raise ValidationError({field: message})


# Foreign keys are set from rows the caller already loaded (and scoped), so ``full_clean`` need
# not query each of them again; the database's foreign keys still hold.
FK_FIELDS = tuple(f.name for f in Clue._meta.concrete_fields if f.is_relation)


def _save(clue: Clue, cfg: ClueSettings | None = None, *, registering: bool = False) -> None:
    """Recompute the deadlines, validate and save (constraints checked in full only at registration)."""
    deadlines.compute(clue, cfg)
    clue.full_clean(exclude=FK_FIELDS, validate_unique=registering, validate_constraints=registering)
    clue.save()


def _clean_text(value: str | None) -> str:
    return (value or "").strip()
