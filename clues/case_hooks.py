"""What the cases app installs on the clue desk. Cases build on clues, so clues never import cases.

``CasesConfig.ready()`` calls :func:`register_case_hooks` once with:

- ``file_case(*, clue, user, filed_on, approver) -> Case``: file the case that a clue's
  立案审查调查 result opens (``clue_conclude`` has concluded the clue just before);
- ``record_measures(*, clue, user) -> list``: the first-form measures (第一种形态) a result names;
- ``cases_of_clue(*, clue, user) -> QuerySet``: the cases filed from ``clue`` that ``user`` may see;
- ``cases_of_person(*, person, user) -> list``: the person's case links for the person page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class CaseHooks:
    file_case: Callable
    record_measures: Callable
    cases_of_clue: Callable
    cases_of_person: Callable


_hooks: CaseHooks | None = None


def register_case_hooks(
    *, file_case: Callable, record_measures: Callable, cases_of_clue: Callable, cases_of_person: Callable
) -> None:
    """Install the cases app's side of the clue desk."""
    global _hooks
    _hooks = CaseHooks(
        file_case=file_case,
        record_measures=record_measures,
        cases_of_clue=cases_of_clue,
        cases_of_person=cases_of_person,
    )


def case_hooks() -> CaseHooks:
    if _hooks is None:
        raise ImproperlyConfigured("The clue desk's case hooks are installed by CasesConfig.ready().")
    return _hooks
