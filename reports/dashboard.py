"""What a dashboard shows, read from the one statistics layer (and the ledgers' own queues)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from clues.models import Clue
from people.views import HOME_PANELS
from rectification.choices import ItemStatus
from rectification.models import Item

from .choices import ScopeLevel
from .periods import Period, today
from .scopes import Scope
from .selectors import Stats, stats

# The figures compared side by side (rows of the comparison table), in reading order.
SIDE_BY_SIDE = (
    "clues_received",
    "disposed_inquiry",
    "disposed_verification",
    "disposed_hold",
    "disposed_close",
    "cases_filed",
    "cases_concluded",
    "persons_party",
    "persons_government",
    "persons_organisational",
    "persons_judicial",
    "form_1",
    "form_2",
    "form_3",
    "form_4",
    "funds_recovered",
    "funds_returned",
    "letters_issued",
    "items_issued",
    "items_closed",
    "items_overdue",
)
TREND = ("clues_received", "cases_filed", "cases_concluded", "form_total", "funds_recovered", "items_overdue")


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _delta(now, before) -> dict:
    diff = now - before
    pct = None if not before else round(float(diff) * 100 / float(before), 1)
    return {"diff": diff, "pct": pct}


def trend(current: Stats, previous: Stats) -> list[dict]:
    return [
        {
            "figure": current.by_key[key],
            "now": current.total.values[key],
            "before": previous.total.values[key],
            "now_display": display(current.total.values[key], current.by_key[key].kind),
            "before_display": display(previous.total.values[key], current.by_key[key].kind),
            "link": current.link(current.total, key),
            "previous_link": previous.link(previous.total, key),
            **_delta(current.total.values[key], previous.total.values[key]),
        }
        for key in TREND
    ]


def side_rows(s: Stats):
    """The units compared side by side: zones for the county, townships for a zone or a township."""
    if s.scope.level == ScopeLevel.COUNTY:
        units = list(s.zones)
        if s.unassigned is not None and any(s.unassigned.values[k] for k in SIDE_BY_SIDE):
            units.append(s.unassigned)
        return units
    return list(s.townships)


def display(value, kind: str) -> str:
    if kind == "money":
        return f"{value:,.2f}"
    if kind == "percent":
        return f"{value}%"
    return f"{value:,}"


def _cell(s: Stats, row, fig, **extra) -> dict:
    value = row.values[fig.key]
    return {"value": value, "display": display(value, fig.kind), "link": s.link(row, fig), "zero": not value, **extra}


def full_table(s: Stats) -> dict:
    """The summary sheet's rows and columns, every figure a link (the same table as 汇总表)."""
    rows = []
    for row in s.table_rows():
        rows.append({"row": row, "cells": [_cell(s, row, f) for f in s.figures]})
    return {"groups": s.groups(), "figures": s.figures, "rows": rows}


def side_table(s: Stats) -> dict:
    units = side_rows(s)
    columns = [*units, s.total]
    rows = []
    for key in SIDE_BY_SIDE:
        fig = s.by_key[key]
        rows.append(
            {
                "figure": fig,
                "cells": [_cell(s, row, fig, total=row is s.total) for row in columns],
            }
        )
    return {"columns": columns, "rows": rows}


def chart_data(current: Stats, previous: Stats) -> dict:
    units = side_rows(current)
    prev_units = {(r.level, r.id): r for r in side_rows(previous)}

    def series(rows, key):
        return [float(r.values[key]) for r in rows]

    prev_rows = [prev_units.get((r.level, r.id), r) for r in units]
    return {
        "units": [r.name for r in units],
        "links": {
            key: [current.link(r, key) for r in units] for key in ("clues_received", "cases_filed", "form_total")
        },
        "clues": {"now": series(units, "clues_received"), "before": series(prev_rows, "clues_received")},
        "cases": {"now": series(units, "cases_filed"), "before": series(prev_rows, "cases_filed")},
        # Shares as the tables show them (one decimal), not as the chart library would round them.
        "forms": [
            {
                "name": str(current.by_key[f"form_{n}"].label),
                "value": current.total.values[f"form_{n}"],
                "pct": float(current.total.values[f"form_{n}_pct"]),
                "link": current.link(current.total, f"form_{n}"),
            }
            for n in (1, 2, 3, 4)
        ],
        "sources": [
            {"name": str(f.label), "value": current.total.values[f.key], "link": current.link(current.total, f)}
            for f in current.figures
            if f.key.startswith("clues_src_") and current.total.values[f.key]
        ],
        "labels": {"now": current.period.label, "before": previous.period.label},
    }


def build(*, user, scope: Scope, period: Period) -> dict:
    as_of = period.as_of()
    current = stats(period=period, scope=scope)
    previous = stats(period=period.same_period_last_year(), scope=scope)
    ytd_period = Period.year_to_date(as_of)
    # A chosen period that is itself the year to date is not shown twice.
    same = (ytd_period.start, ytd_period.end) == (period.start, period.end)
    ytd = current if same else stats(period=ytd_period, scope=scope)
    ytd_previous = previous if same else stats(period=ytd_period.same_period_last_year(), scope=scope)
    ids = scope.township_ids
    # Reports waiting for the zone's verification: its townships' items and those of letters it issued,
    # as the rectification ledger's zone filter lists them.
    place = Q(letter__township_id__in=ids)
    if scope.level == ScopeLevel.ZONE:
        place |= Q(letter__issuer_zone_id=scope.pk)
    awaiting = Item.objects.restrict(user).filter(place, status=ItemStatus.REPORTED)
    awaiting_count = awaiting.count()
    awaiting = awaiting.select_related("letter", "letter__township").order_by("reported_on", "id")[:10]
    recent = (
        Clue.objects.restrict(user)
        .filter(township_id__in=ids)
        .select_related("township")
        .order_by("-received_on", "-id")[:10]
    )
    recent = list(recent)
    for clue in recent:
        clue.link = _url("clues:clue_detail", clue.pk)
    now = today()
    quick = {
        "this_quarter": Period.quarter_containing(now),
        "last_quarter": Period.previous_quarter(now),
        "ytd": Period.year_to_date(now),
    }
    return {
        "scope": scope,
        "period": period,
        "stats": current,
        "previous": previous,
        "ytd": ytd,
        "ytd_previous": ytd_previous,
        "trend_blocks": [
            {"title": period.label, "items": trend(current, previous), "previous_label": previous.period.label},
            *(
                []
                if same
                else [
                    {
                        "title": _("年初至今（%(label)s）") % {"label": ytd_period.label},
                        "items": trend(ytd, ytd_previous),
                        "previous_label": ytd_previous.period.label,
                    }
                ]
            ),
        ],
        "side": side_table(current),
        "full": full_table(current),
        "charts": chart_data(current, previous),
        "queues": [p for p in (panel(user) for panel in HOME_PANELS) if p],
        "awaiting": list(awaiting),
        "awaiting_count": awaiting_count,
        "recent_clues": recent,
        "quick_periods": quick,
        "is_county": scope.level == ScopeLevel.COUNTY,
        "item_list_url": _url("rectification:item_list"),
        "clue_list_url": _url("clues:clue_list"),
    }
