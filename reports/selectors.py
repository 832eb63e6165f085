"""The one statistics layer: every figure of the dashboards, the API and the workbook.

``stats(period=..., scope=...)`` counts per township with one GROUP BY query per kind of
record (a bounded number of queries whatever the number of townships), then adds zone
subtotals and the total. Which date puts a record in a period follows DOMAIN.md §6.
Records without a township (county departments) count in the county's total, on a row
of their own.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from cases.choices import SANCTION_TYPES, Form, MeasureType
from cases.models import Case, CasePerson, ClueMeasureSubject, Measure
from clues.choices import ClueCategory, ClueSource, DisposalMethod
from clues.models import Clue, ClueSubject
from people.choices import CadreLevel
from rectification.choices import ItemStatus
from rectification.models import Item, Letter

from .choices import ScopeLevel
from .periods import Period
from .scopes import Scope
from .workbook_types import Column, Ledger

ACCUSATION = ClueCategory.ACCUSATION.value
TEN_THOUSAND = Decimal(10000)
CENT = Decimal("0.01")
OPEN_ITEM_STATUSES = (ItemStatus.ISSUED, ItemStatus.RECTIFYING)


@dataclass(frozen=True)
class Link:
    """Where a figure drills down to: a ledger and its filter for the period."""

    url_name: str
    date_params: tuple[str, str] | None = None
    extra: tuple[tuple[str, str], ...] = ()
    # False where the ledger's zone filter means something else than the zone's townships
    # (the rectification ledger also lists letters the zone issued elsewhere).
    zone_filter: bool = True


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    short_label: str
    group: str
    kind: str = "int"  # int | money | percent
    link: Link | None = None


def _fig(key, label, group, *, short=None, kind="int", link=None) -> Figure:
    return Figure(key, label, short or label, group, kind, link)


def _figures() -> list[Figure]:
    g_clue = gettext_lazy("线索受理")
    g_disp = gettext_lazy("线索处置")
    g_case = gettext_lazy("立案结案")
    g_pers = gettext_lazy("处理人数")
    g_form = gettext_lazy("四种形态（人次）")
    g_pct = gettext_lazy("四种形态占比")
    g_cadre = gettext_lazy("受处分人员（按干部层级）")
    g_fund = gettext_lazy("资金（万元）")
    g_rect = gettext_lazy("整改督办")
    received = ("received_from", "received_to")
    decided = ("decided_from", "decided_to")
    figures = [
        _fig(
            "clues_received",
            gettext_lazy("受理线索总数"),
            g_clue,
            short=gettext_lazy("线索总数"),
            link=Link("clues:clue_list", received, (("duplicate", "exclude"), ("category", ACCUSATION))),
        )
    ]
    figures += [
        _fig(
            f"clues_src_{value}",
            label,
            g_clue,
            link=Link(
                "clues:clue_list", received, (("duplicate", "exclude"), ("category", ACCUSATION), ("source", value))
            ),
        )
        for value, label in ClueSource.choices
    ]
    figures += [
        _fig(
            f"disposed_{value}",
            label,
            g_disp,
            link=Link("clues:clue_list", decided, (("duplicate", "exclude"), ("method", value))),
        )
        for value, label in DisposalMethod.choices
    ]
    figures += [
        _fig("cases_filed", gettext_lazy("立案数"), g_case, link=Link("cases:case_list", ("filed_from", "filed_to"))),
        _fig(
            "cases_concluded",
            gettext_lazy("结案数"),
            g_case,
            link=Link("cases:case_list", ("concluded_from", "concluded_to")),
        ),
    ]
    figures += [_fig(f"persons_{value}", label, g_pers) for value, label in MeasureType.choices]
    figures += [_fig(f"form_{value}", label, g_form) for value, label in Form.choices]
    figures.append(_fig("form_total", gettext_lazy("四种形态合计"), g_form, short=gettext_lazy("合计")))
    figures += [
        _fig(
            f"form_{value}_pct",
            gettext_lazy("%(form)s占比") % {"form": label},
            g_pct,
            short=short,
            kind="percent",
        )
        for (value, label), short in zip(
            Form.choices,
            (gettext_lazy("第一种"), gettext_lazy("第二种"), gettext_lazy("第三种"), gettext_lazy("第四种")),
            strict=True,
        )
    ]
    figures += [_fig(f"cadre_{value}", label, g_cadre) for value, label in CadreLevel.choices]
    figures += [
        _fig(
            "funds_recovered",
            gettext_lazy("收缴/追缴违纪资金（万元）"),
            g_fund,
            short=gettext_lazy("收缴追缴"),
            kind="money",
            link=Link("cases:case_list", ("concluded_from", "concluded_to")),
        ),
        _fig(
            "funds_returned",
            gettext_lazy("退还群众资金（万元）"),
            g_fund,
            short=gettext_lazy("退还群众"),
            kind="money",
            link=Link("cases:case_list", ("concluded_from", "concluded_to")),
        ),
        _fig(
            "letters_issued",
            gettext_lazy("下发整改文书（份）"),
            g_rect,
            short=gettext_lazy("整改文书"),
            link=Link("rectification:letter_list", ("issued_from", "issued_to"), zone_filter=False),
        ),
        _fig(
            "items_issued",
            gettext_lazy("交办问题（项）"),
            g_rect,
            short=gettext_lazy("交办问题"),
            link=Link("rectification:item_list", ("issued_from", "issued_to"), zone_filter=False),
        ),
        _fig(
            "items_closed",
            gettext_lazy("销号问题（项）"),
            g_rect,
            short=gettext_lazy("已销号"),
            link=Link("rectification:item_list", ("closed_from", "closed_to"), zone_filter=False),
        ),
        _fig(
            "items_overdue",
            gettext_lazy("逾期未整改（项）"),
            g_rect,
            short=gettext_lazy("逾期"),
            link=Link("rectification:item_list", zone_filter=False),
        ),
    ]
    return figures


@dataclass
class Row:
    level: str  # township | unassigned | zone | total
    id: int | None
    name: str
    zone_id: int | None = None
    zone_name: str = ""
    values: dict = field(default_factory=dict)


@dataclass
class Stats:
    period: Period
    scope: Scope
    as_of: datetime.date
    figures: list[Figure]
    townships: list[Row]
    zones: list[Row]
    total: Row
    unassigned: Row | None = None

    @cached_property
    def by_key(self) -> dict[str, Figure]:
        return {f.key: f for f in self.figures}

    @property
    def forms_figures(self) -> list[Figure]:
        keys = [f"form_{v}" for v in Form.values] + ["form_total"] + [f"form_{v}_pct" for v in Form.values]
        return [self.by_key[k] for k in keys]

    def groups(self) -> list[tuple[str, list[Figure]]]:
        out: list[tuple[str, list[Figure]]] = []
        for fig in self.figures:
            if out and out[-1][0] == fig.group:
                out[-1][1].append(fig)
            else:
                out.append((fig.group, [fig]))
        return out

    def table_rows(self) -> Iterator[Row]:
        """Townships zone by zone, each zone closed by its subtotal, then county departments and the total."""
        # Subtotals only where there is more than one zone: a zone's own report totals the zone.
        subtotals = self.scope.level == ScopeLevel.COUNTY
        zones = {z.id: z for z in self.zones}
        current = None
        for row in self.townships:
            if subtotals and current is not None and row.zone_id != current:
                yield zones[current]
            current = row.zone_id
            yield row
        if subtotals and current is not None:
            yield zones[current]
        if self.unassigned is not None:
            yield self.unassigned
        yield self.total

    def rows(self) -> list[Row]:
        return list(self.table_rows())

    def link(self, row: Row, figure: Figure | str) -> str | None:
        """Where the records behind ``row``'s figure are listed, filtered by period and place.

        The app's own ledger where it lists exactly those records (clues, cases, letters,
        items of a township, a zone or the whole scope); otherwise the statistics' own list
        (persons and the four forms, county departments, townships outside any zone).
        """
        figure = self.by_key[figure] if isinstance(figure, str) else figure
        spec = figure.link
        if spec is None or row.level == "unassigned" or (row.level == "zone" and row.id is None):
            return self.records_link(row, figure)
        by_zone = row.level == "zone" or (row.level == "total" and self.scope.level == ScopeLevel.ZONE)
        if by_zone and not spec.zone_filter:
            return self.records_link(row, figure)
        if figure.key == "items_overdue" and self.as_of < _today():
            # Overdue on a past day (open then, perhaps closed since): the ledger filters today's status only.
            return self.records_link(row, figure)
        try:
            url = reverse(spec.url_name)
        except NoReverseMatch:
            return self.records_link(row, figure)
        params: dict[str, str] = {}
        if spec.date_params:
            params[spec.date_params[0]] = self.period.start.isoformat()
            params[spec.date_params[1]] = self.period.end.isoformat()
        params.update(spec.extra)
        if figure.key == "items_overdue":
            params["overdue"] = "true"
        params.update(self._place_params(row))
        return f"{url}?{urlencode(params)}"

    def records_link(self, row: Row, figure: Figure) -> str:
        params = {
            "figure": figure.key,
            "scope": self.scope.key,
            "row": row_key(row),
            **self.period.params(),
        }
        return f"{reverse('reports:figure_records')}?{urlencode(params)}"

    def _place_params(self, row: Row) -> dict[str, str]:
        if row.level == "township":
            return {"township": str(row.id)}
        if row.level == "zone":
            return {"zone": str(row.id)}
        if self.scope.level == ScopeLevel.ZONE:
            return {"zone": str(self.scope.pk)}
        if self.scope.level == ScopeLevel.TOWNSHIP:
            return {"township": str(self.scope.pk)}
        return {}

    def notes(self) -> list[str]:
        return [
            _("说明："),
            _(
                "1. 线索数按受理日期统计，仅计检举控告类（申诉、批评建议不计入问题线索），不含重复件；"
                "处置数按确定处置方式的日期统计。"
            ),
            _("2. 立案、结案分别按立案日期、结案日期统计；收缴/追缴和退还群众资金按结案日期统计，单位万元。"),
            _(
                "3. 处理人数和四种形态按处理决定日期统计：同一人在同一案件中同类措施计一人，"
                "四种形态按其中最高一种形态计一人次。"
            ),
            _("4. 整改文书和交办问题按下发日期、销号按销号日期统计；逾期指截至 %(day)s 未销号且已过整改期限的问题。")
            % {"day": self.as_of.isoformat()},
        ]

    def as_dict(self) -> dict:
        """The figures as JSON-ready data (money as strings with two decimals, percentages as numbers)."""

        def values(row: Row) -> dict:
            out = {}
            for fig in self.figures:
                v = row.values[fig.key]
                out[fig.key] = f"{v:.2f}" if fig.kind == "money" else (float(v) if fig.kind == "percent" else v)
            return out

        def row_dict(row: Row) -> dict:
            return {"level": row.level, "id": row.id, "name": row.name, "zone_id": row.zone_id, "values": values(row)}

        return {
            "period": {
                "kind": self.period.kind,
                "from": self.period.start.isoformat(),
                "to": self.period.end.isoformat(),
                "label": self.period.label,
                "as_of": self.as_of.isoformat(),
            },
            "scope": {"key": self.scope.key, "level": self.scope.level, "label": self.scope.label},
            "figures": [
                {"key": f.key, "label": str(f.label), "group": str(f.group), "kind": f.kind} for f in self.figures
            ],
            "townships": [row_dict(r) for r in self.townships],
            "zones": [row_dict(r) for r in self.zones],
            "unassigned": row_dict(self.unassigned) if self.unassigned else None,
            "total": row_dict(self.total),
        }


def _today() -> datetime.date:
    from .periods import today

    return today()


def _wan(yuan: Decimal | None) -> Decimal:
    return ((yuan or Decimal(0)) / TEN_THOUSAND).quantize(CENT, rounding=ROUND_HALF_UP)


def percentage(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class _Counter:
    """Raw sums per township id (``None``: county departments) and figure key."""

    def __init__(self):
        self.data: dict[int | None, dict[str, int | Decimal]] = defaultdict(lambda: defaultdict(int))

    def add(self, township_id, key, value) -> None:
        if value:
            self.data[township_id][key] += value


def _county_path(path: str) -> str:
    return path.rsplit("__", 1)[0] + "__county_id" if "__" in path else "county_id"


def _in_scope(scope: Scope, path: str) -> Q:
    """Rows of the scope's townships, and of no township in the county when the scope is the county.

    The county condition is implied by the townships, but lets the database use its
    (county, date) indexes instead of scanning.
    """
    q = Q(**{f"{path}_id__in": scope.township_ids})
    if scope.level == ScopeLevel.COUNTY:
        q |= Q(**{f"{path}__isnull": True})
    return Q(**{_county_path(path): scope.county_id}) & q


# The records behind each figure: one queryset per kind of record, filtered by period and by
# ``where(path)`` (the place: a scope for the counts, one row of it for the drill-down list).


def received_clues(period: Period, where) -> QuerySet:
    """Problem clues (检举控告; appeals and suggestions are answered, not clues) by received date, no duplicates."""
    return Clue.objects.counted().filter(where("township"), category=ACCUSATION, received_on__range=period.bounds)


def disposed_clues(period: Period, where) -> QuerySet:
    """Clues by the date their (current) disposal method was decided, as the clue ledger filters them."""
    return Clue.objects.counted().filter(
        where("township"), decided_on__range=period.bounds, disposal_method__in=DisposalMethod.values
    )


def filed_cases(period: Period, where) -> QuerySet:
    return Case.objects.filter(where("township"), filed_on__range=period.bounds)


def concluded_cases(period: Period, where) -> QuerySet:
    """Cases concluded in the period; their funds count on the conclusion date too."""
    return Case.objects.filter(where("township"), concluded_on__range=period.bounds)


def decided_measures(period: Period, where) -> QuerySet:
    return Measure.objects.filter(where("township"), decided_on__range=period.bounds)


def case_forms(period: Period, where) -> QuerySet:
    """Persons of cases at their highest form, by the date it was reached."""
    return CasePerson.objects.filter(where("case__township"), form__isnull=False, form_decided_on__range=period.bounds)


def clue_forms(period: Period, where) -> QuerySet:
    """Persons given first-form measures on a clue concluded without a case."""
    return ClueMeasureSubject.objects.filter(
        where("township"), form__isnull=False, form_decided_on__range=period.bounds
    )


def issued_letters(period: Period, where) -> QuerySet:
    return Letter.objects.filter(where("township"), issued_on__range=period.bounds)


def scoped_items(where) -> QuerySet:
    return Item.objects.filter(where("letter__township"))


def _raw_counts(period: Period, scope: Scope, as_of: datetime.date) -> _Counter:
    c = _Counter()

    def where(path):
        return _in_scope(scope, path)

    clues = received_clues(period, where)
    for row in clues.values("township_id", "source").annotate(n=Count("id")).order_by():
        c.add(row["township_id"], "clues_received", row["n"])
        c.add(row["township_id"], f"clues_src_{row['source']}", row["n"])

    disposed = disposed_clues(period, where)
    for row in disposed.values("township_id", "disposal_method").annotate(n=Count("id")).order_by():
        c.add(row["township_id"], f"disposed_{row['disposal_method']}", row["n"])

    for row in filed_cases(period, where).values("township_id").annotate(n=Count("id")).order_by():
        c.add(row["township_id"], "cases_filed", row["n"])
    concluded = (
        concluded_cases(period, where)
        .values("township_id")
        .annotate(n=Count("id"), recovered=Sum("recovered_amount"), returned=Sum("returned_amount"))
        .order_by()
    )
    for row in concluded:
        c.add(row["township_id"], "cases_concluded", row["n"])
        c.add(row["township_id"], "funds_recovered_yuan", row["recovered"] or Decimal(0))
        c.add(row["township_id"], "funds_returned_yuan", row["returned"] or Decimal(0))

    # Persons per measure type: one per (case or clue, person) and type, by decision date.
    measures = decided_measures(period, where)
    per_type = (
        measures.values("township_id", "measure_type")
        .annotate(cp=Count("case_person", distinct=True), cs=Count("clue_subject", distinct=True))
        .order_by()
    )
    for row in per_type:
        c.add(row["township_id"], f"persons_{row['measure_type']}", row["cp"] + row["cs"])
    sanctioned = (
        measures.filter(measure_type__in=SANCTION_TYPES)
        .values("township_id", "person__cadre_level")
        .annotate(cp=Count("case_person", distinct=True), cs=Count("clue_subject", distinct=True))
        .order_by()
    )
    for row in sanctioned:
        c.add(row["township_id"], f"cadre_{row['person__cadre_level']}", row["cp"] + row["cs"])

    # Four forms: once per person per case (or clue), at the highest form, by the date it was reached.
    for row in case_forms(period, where).values("case__township_id", "form").annotate(n=Count("id")).order_by():
        c.add(row["case__township_id"], f"form_{row['form']}", row["n"])
    for row in clue_forms(period, where).values("township_id", "form").annotate(n=Count("id")).order_by():
        c.add(row["township_id"], f"form_{row['form']}", row["n"])

    # Rectification: letters and items by issue date, items closed by close-off date.
    for row in issued_letters(period, where).values("township_id").annotate(n=Count("id")).order_by():
        c.add(row["township_id"], "letters_issued", row["n"])
    items = scoped_items(where)
    issued = items.filter(letter__issued_on__range=period.bounds)
    for row in issued.values("letter__township_id").annotate(n=Count("id")).order_by():
        c.add(row["letter__township_id"], "items_issued", row["n"])
    closed = items.filter(closed_on__range=period.bounds)
    for row in closed.values("letter__township_id").annotate(n=Count("id")).order_by():
        c.add(row["letter__township_id"], "items_closed", row["n"])
    for row in overdue_items(items, as_of).values("letter__township_id").annotate(n=Count("id")).order_by():
        c.add(row["letter__township_id"], "items_overdue", row["n"])
    return c


def overdue_items(items, as_of: datetime.date):
    """Items open and past due on ``as_of``: today by their status, a past day by their close-off date."""
    if as_of >= _today():
        return items.filter(status__in=OPEN_ITEM_STATUSES, due_on__lt=as_of)
    return items.filter(letter__issued_on__lte=as_of, due_on__lt=as_of).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=as_of)
    )


def is_overdue_on(item, as_of: datetime.date) -> bool:
    """The same rule as :func:`overdue_items`, for one loaded item."""
    if as_of >= _today():
        return item.status in OPEN_ITEM_STATUSES and item.due_on < as_of
    issued = item.letter.issued_on <= as_of
    return issued and item.due_on < as_of and (item.closed_on is None or item.closed_on > as_of)


def _finish(values: dict, figures: list[Figure]) -> dict:
    """Turn raw sums into the figures: 万元 with two decimals, form totals and shares."""
    out = {}
    for fig in figures:
        if fig.kind == "int":
            out[fig.key] = int(values.get(fig.key, 0))
    out["form_total"] = sum(out[f"form_{v}"] for v in Form.values)
    for v in Form.values:
        out[f"form_{v}_pct"] = percentage(out[f"form_{v}"], out["form_total"])
    out["funds_recovered"] = _wan(values.get("funds_recovered_yuan"))
    out["funds_returned"] = _wan(values.get("funds_returned_yuan"))
    return {fig.key: out[fig.key] for fig in figures}


def _merge(rows: list[dict]) -> dict:
    merged: dict = defaultdict(int)
    for values in rows:
        for key, value in values.items():
            merged[key] += value
    return merged


def stats(*, period: Period, scope: Scope, as_of: datetime.date | None = None) -> Stats:
    """Every figure of DOMAIN.md §6 for the period and scope, per township, per zone and in total."""
    as_of = as_of or period.as_of()
    figures = _figures()
    raw = _raw_counts(period, scope, as_of).data
    townships, zones = [], []
    for group in scope.groups:
        for t in group.townships:
            townships.append(Row("township", t.id, t.name, group.id, group.name, _finish(raw.get(t.id, {}), figures)))
        zone_raw = _merge([raw.get(t.id, {}) for t in group.townships])
        zones.append(Row("zone", group.id, group.name, group.id, group.name, _finish(zone_raw, figures)))
    unassigned = None
    raw_rows = [raw.get(t, {}) for t in scope.township_ids]
    if scope.level == ScopeLevel.COUNTY:
        unassigned = Row("unassigned", None, _("县直单位（未归属乡镇）"), values=_finish(raw.get(None, {}), figures))
        raw_rows.append(raw.get(None, {}))
    total_name = _("全县合计") if scope.level == ScopeLevel.COUNTY else scope.name
    total = Row("total", scope.pk, total_name, values=_finish(_merge(raw_rows), figures))
    return Stats(period, scope, as_of, figures, townships, zones, total, unassigned)


# The records behind one figure (the drill-down list) ---------------------------------------


@dataclass
class FigureRecords:
    """What one figure of one row counts: the querysets of its records, before the user's scope.

    ``kind`` says what a record is: clue, case, person (a person in a case or on a clue, with
    the measures that count), form (a person at their highest form), letter or item. Persons
    and forms come from two querysets: people in cases and people on clues concluded
    without a case.
    """

    kind: str
    figure: Figure
    row_name: str
    querysets: list[QuerySet]
    measures: QuerySet | None = None

    @property
    def count(self) -> int:
        return sum(qs.count() for qs in self.querysets)


def row_where(scope: Scope, row_key: str):
    """``(where, name)`` for one row of the table: ``township:<id>``, ``zone:<id|none>``, ``unassigned``, ``total``.

    An unknown row, or one outside the scope, raises :class:`ScopeNotFound`.
    """
    from .scopes import ScopeNotFound

    level, _sep, raw = (row_key or "total").partition(":")
    if level == "total":
        name = _("全县合计") if scope.level == ScopeLevel.COUNTY else scope.name
        return (lambda path: _in_scope(scope, path)), name
    if level == "unassigned" and scope.level == ScopeLevel.COUNTY:
        return (lambda path: Q(**{_county_path(path): scope.county_id, f"{path}__isnull": True})), _(
            "县直单位（未归属乡镇）"
        )
    ids, name = None, ""
    if level == "township" and raw.isdigit():
        ids = [t.id for t in scope.townships if t.id == int(raw)]
        name = next((t.name for t in scope.townships if t.id == int(raw)), "")
    elif level == "zone" and (raw.isdigit() or raw == "none"):
        zone_id = None if raw == "none" else int(raw)
        group = next((g for g in scope.groups if g.id == zone_id), None)
        if group is not None:
            ids, name = [t.id for t in group.townships], group.name
    if not ids:
        raise ScopeNotFound(_("统计范围不存在或不在您的管辖范围内。"))
    return (lambda path: Q(**{_county_path(path): scope.county_id, f"{path}_id__in": ids})), name


def row_key(row: Row) -> str:
    if row.level in ("township", "zone"):
        return f"{row.level}:{'none' if row.id is None else row.id}"
    return row.level


def figure_records(*, figure: str, period: Period, scope: Scope, row: str = "total") -> FigureRecords:
    """The records one figure counts for one row, from the same querysets as :func:`stats`."""
    figures = {f.key: f for f in _figures()}
    if figure not in figures:
        raise ValidationError({"figure": [_("统计指标不存在。")]})
    fig = figures[figure]
    where, name = row_where(scope, row)
    key = figure

    def persons(measures):
        return FigureRecords(
            "person",
            fig,
            name,
            [
                CasePerson.objects.filter(pk__in=measures.filter(case_person__isnull=False).values("case_person")),
                ClueMeasureSubject.objects.filter(
                    pk__in=measures.filter(clue_subject__isnull=False).values("clue_subject")
                ),
            ],
            measures,
        )

    if key == "clues_received" or key.startswith("clues_src_"):
        qs = received_clues(period, where)
        if key != "clues_received":
            qs = qs.filter(source=key.removeprefix("clues_src_"))
        return FigureRecords("clue", fig, name, [qs])
    if key.startswith("disposed_"):
        qs = disposed_clues(period, where).filter(disposal_method=key.removeprefix("disposed_"))
        return FigureRecords("clue", fig, name, [qs])
    if key == "cases_filed":
        return FigureRecords("case", fig, name, [filed_cases(period, where)])
    if key in ("cases_concluded", "funds_recovered", "funds_returned"):
        return FigureRecords("case", fig, name, [concluded_cases(period, where)])
    if key.startswith("persons_"):
        return persons(decided_measures(period, where).filter(measure_type=key.removeprefix("persons_")))
    if key.startswith("cadre_"):
        measures = decided_measures(period, where).filter(
            measure_type__in=SANCTION_TYPES, person__cadre_level=key.removeprefix("cadre_")
        )
        return persons(measures)
    if key.startswith("form_"):
        number = key.removeprefix("form_").removesuffix("_pct")
        cases, clues = case_forms(period, where), clue_forms(period, where)
        if number != "total":
            cases, clues = cases.filter(form=int(number)), clues.filter(form=int(number))
        return FigureRecords("form", fig, name, [cases, clues])
    if key == "letters_issued":
        return FigureRecords("letter", fig, name, [issued_letters(period, where)])
    items = scoped_items(where)
    if key == "items_issued":
        items = items.filter(letter__issued_on__range=period.bounds)
    elif key == "items_closed":
        items = items.filter(closed_on__range=period.bounds)
    else:
        items = overdue_items(items, period.as_of())
    return FigureRecords("item", fig, name, [items])


# Ledgers of the workbook ---------------------------------------------------------------

CHUNK = 2000


_LABELS: dict[tuple[type, str, str], dict[str, str]] = {}


def label(obj, field: str) -> str:
    """``obj.get_<field>_display()`` without a translation lookup per row (ledgers have many)."""
    key = (type(obj), field, get_language() or "")
    labels = _LABELS.get(key)
    if labels is None:
        choices = type(obj)._meta.get_field(field).flatchoices
        labels = _LABELS[key] = {value: str(text) for value, text in choices}
    value = getattr(obj, field)
    return labels.get(value, value or "")


def _names(people) -> str:
    return "、".join(p for p in people if p)


def clue_ledger(*, period: Period, scope: Scope) -> Ledger:
    """线索台账: clues received in the period (duplicates shown and marked)."""
    qs = (
        Clue.objects.filter(_in_scope(scope, "township"), received_on__range=(period.start, period.end))
        .select_related("township", "village", "duplicate_of")
        .prefetch_related(Prefetch("subjects", queryset=ClueSubject.objects.select_related("person")))
        .order_by("received_on", "id")
    )
    columns = [
        Column(_("线索编号"), 18),
        Column(_("受理日期"), 12, "date"),
        Column(_("线索来源"), 14),
        Column(_("信访举报分类"), 12),
        Column(_("乡镇（街道）"), 12),
        Column(_("村（社区）"), 12),
        Column(_("被反映人"), 20),
        Column(_("干部层级"), 16),
        Column(_("领域"), 16),
        Column(_("内容摘要"), 40),
        Column(_("涉及金额（元）"), 14, "money"),
        Column(_("状态"), 10),
        Column(_("处置方式"), 10),
        Column(_("处置决定日期"), 12, "date"),
        Column(_("办理结果"), 16),
        Column(_("办结日期"), 12, "date"),
        Column(_("重复件"), 18),
    ]

    def rows():
        for clue in qs.iterator(chunk_size=CHUNK):
            subjects = list(clue.subjects.all())
            yield (
                clue.number,
                clue.received_on,
                label(clue, "source"),
                label(clue, "category"),
                clue.township.name if clue.township else _("县直单位"),
                clue.village.name if clue.village else "",
                _names(s.person.name for s in subjects),
                _names(dict.fromkeys(label(s, "cadre_level") for s in subjects)),
                label(clue, "domain"),
                clue.summary,
                clue.amount,
                label(clue, "status"),
                label(clue, "disposal_method") if clue.disposal_method else "",
                clue.decided_on,
                label(clue, "result") if clue.result else "",
                clue.concluded_on,
                _("重复件（原件 %(number)s）") % {"number": clue.duplicate_of.number} if clue.is_duplicate else "",
            )

    return Ledger(_("线索台账"), columns, rows(), qs.count())


def case_ledger(*, period: Period, scope: Scope) -> Ledger:
    """案件台账: cases filed or concluded in the period, with each person's measures."""
    in_period = Q(filed_on__range=(period.start, period.end)) | Q(concluded_on__range=(period.start, period.end))
    qs = (
        Case.objects.filter(_in_scope(scope, "township"))
        .filter(in_period)
        .select_related("township", "department", "joint_zone")
        .prefetch_related(
            Prefetch(
                "persons",
                queryset=CasePerson.objects.select_related("person").prefetch_related(
                    Prefetch("measures", queryset=Measure.objects.order_by("decided_on", "id"))
                ),
            )
        )
        .order_by("filed_on", "id")
    )
    columns = [
        Column(_("案件编号"), 18),
        Column(_("案由"), 36),
        Column(_("立案日期"), 12, "date"),
        Column(_("乡镇（街道）"), 12),
        Column(_("承办部门"), 16),
        Column(_("协作查办"), 14),
        Column(_("被审查调查人"), 18),
        Column(_("处理措施"), 40),
        Column(_("四种形态"), 14),
        Column(_("状态"), 14),
        Column(_("处理决定日期"), 12, "date"),
        Column(_("结案日期"), 12, "date"),
        Column(_("违纪违法金额（元）"), 16, "money"),
        Column(_("收缴/追缴（元）"), 16, "money"),
        Column(_("退还群众（元）"), 16, "money"),
    ]
    form_labels = dict(Form.choices)

    def rows():
        for case in qs.iterator(chunk_size=CHUNK):
            persons = list(case.persons.all())
            measures = "；".join(
                f"{cp.person.name}："
                + "、".join(f"{label(m, 'kind')}（{m.decided_on:%Y-%m-%d}）" for m in cp.measures.all())
                for cp in persons
                if cp.measures.all()
            )
            forms = "；".join(f"{cp.person.name}：{form_labels[cp.form]}" for cp in persons if cp.form)
            yield (
                case.number,
                case.title,
                case.filed_on,
                case.township.name if case.township else _("县直单位"),
                case.department.name if case.department else "",
                case.joint_zone.name if case.joint_zone else "",
                _names(cp.person.name for cp in persons),
                measures,
                forms,
                label(case, "status"),
                case.decided_on,
                case.concluded_on,
                case.violation_amount,
                case.recovered_amount,
                case.returned_amount,
            )

    return Ledger(_("案件台账"), columns, rows(), qs.count())


def rectification_ledger(*, period: Period, scope: Scope, as_of: datetime.date) -> Ledger:
    """整改台账: items issued, closed, or still open during the period."""
    qs = (
        Item.objects.filter(_in_scope(scope, "letter__township"), letter__issued_on__lte=period.end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=period.start))
        .select_related(
            "letter",
            "letter__township",
            "letter__addressee_township",
            "letter__addressee_village",
            "letter__addressee_department",
        )
        .order_by("letter__issued_on", "letter_id", "seq")
    )
    columns = [
        Column(_("文号"), 18),
        Column(_("序号"), 6, "int"),
        Column(_("文书类别"), 14),
        Column(_("被督办单位"), 18),
        Column(_("乡镇（街道）"), 12),
        Column(_("下发日期"), 12, "date"),
        Column(_("问题描述"), 44),
        Column(_("领域"), 16),
        Column(_("整改责任人"), 16),
        Column(_("整改期限"), 12, "date"),
        Column(_("状态"), 10),
        Column(_("报送日期"), 12, "date"),
        Column(_("验收日期"), 12, "date"),
        Column(_("销号日期"), 12, "date"),
        Column(_("逾期"), 8),
    ]

    def rows():
        for item in qs.iterator(chunk_size=CHUNK):
            letter = item.letter
            unit = letter.addressee_village or letter.addressee_township or letter.addressee_department
            late = is_overdue_on(item, as_of)
            yield (
                letter.number,
                item.seq,
                label(letter, "kind"),
                str(unit) if unit else "",
                letter.township.name if letter.township else _("县直单位"),
                letter.issued_on,
                item.description,
                label(item, "domain"),
                item.responsible_person,
                item.due_on,
                label(item, "status"),
                item.reported_on,
                item.verified_on,
                item.closed_on,
                _("是") if late else "",
            )

    return Ledger(_("整改台账"), columns, rows(), qs.count())


def ledgers(*, period: Period, scope: Scope) -> list[Ledger]:
    as_of = period.as_of()
    return [
        clue_ledger(period=period, scope=scope),
        case_ledger(period=period, scope=scope),
        rectification_ledger(period=period, scope=scope, as_of=as_of),
    ]
