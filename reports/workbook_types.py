"""What a ledger sheet is made of (shared by the selectors and the workbook writer)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    kind: str = "text"  # text | int | money | percent | date | datetime


@dataclass
class Ledger:
    """One ledger sheet: its columns and a stream of row tuples."""

    title: str
    columns: list[Column]
    rows: Iterable[tuple]
    count: int
