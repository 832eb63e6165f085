"""With the demo data, zone1's dashboard (as rendered), /api/stats/ and the workbook's 汇总表 agree figure by figure.

The demo county is seeded once for the module by ``seed_demo`` (rolled back afterwards). The
dashboard is read from its HTML — the summary table and the side-by-side table — not from the
view's context, so what a user sees is what is compared.
"""

import datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from reports import services
from reports.choices import ReportKind, ScopeLevel
from reports.models import ReportBuild
from reports.periods import Period, today
from reports.scopes import build_scope


@pytest.fixture(scope="module")
def _demo_for_module(django_db_setup, django_db_blocker):
    """Seed the demo county once per module inside a transaction rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_for_module, db):
    """The demo county's users, zones and townships by the names the tests use."""
    from people.models import User
    from zones.models import County, Zone, ZoneMembership

    county = County.objects.get(code="621125")
    zones = list(Zone.objects.filter(county=county).order_by("order", "id"))
    zone1 = zones[0]
    townships = list(
        ZoneMembership.objects.current()
        .filter(zone=zone1)
        .order_by("township__order", "township_id")
        .values_list("township_id", flat=True)
    )
    users = {u.username: u for u in User.objects.filter(username__in=["zone1", "leader", "officer", "tw-qingping"])}
    return {"county": county, "zone_1": zone1, "zone_2": zones[1], "zone1_townships": townships, **users}


class _Tables(HTMLParser):
    """The text of every cell of the tables with the given classes, row by row (colspans repeated)."""

    def __init__(self, classes):
        super().__init__()
        self.classes = classes
        self.tables: dict[str, list[list[str]]] = {c: [] for c in classes}
        self.current = None
        self.depth = 0
        self.in_body = False
        self.cell = None
        self.span = 1

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            found = [c for c in self.classes if c in (attrs.get("class") or "").split()]
            if found:
                self.current, self.depth = found[0], 1
            elif self.current:
                self.depth += 1
        if not self.current:
            return
        if tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.tables[self.current].append([])
        elif tag in ("td", "th") and self.in_body:
            self.cell, self.span = [], int(attrs.get("colspan", 1))

    def handle_endtag(self, tag):
        if not self.current:
            return
        if tag in ("td", "th") and self.cell is not None:
            text = " ".join("".join(self.cell).split())
            self.tables[self.current][-1].extend([text] * self.span)
            self.cell = None
        elif tag == "tbody":
            self.in_body = False
        elif tag == "table":
            self.depth -= 1
            if self.depth == 0:
                self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def number(text_or_value, kind, *, fraction=False):
    """A displayed or stored figure as a comparable number (the sheet stores shares as fractions)."""
    if isinstance(text_or_value, str):
        value = Decimal(text_or_value.replace(",", "").rstrip("%"))
    else:
        value = Decimal(str(text_or_value))
        if kind == "percent" and fraction:
            value *= 100
    if kind == "money":
        return value.quantize(Decimal("0.01"))
    if kind == "percent":
        return value.quantize(Decimal("0.1"))
    return int(value)


def dashboard_tables(client, params):
    response = client.get(reverse("reports:dashboard"), params)
    assert response.status_code == 200
    parser = _Tables(["qf-summary", "qf-side"])
    parser.feed(response.content.decode())
    return response, parser.tables["qf-summary"], parser.tables["qf-side"]


def api_stats(user, params):
    api = APIClient()
    api.force_authenticate(user)
    response = api.get(reverse("api-stats"), params)
    assert response.status_code == 200, response.content
    return response.json()


def sheet_rows(path):
    ws = load_workbook(path)["汇总表"]
    rows = []
    for row in ws.iter_rows(min_row=5, values_only=True):
        if row[0] is None or str(row[0]).startswith("说明"):
            break
        rows.append(list(row))
    return rows


def summary_build(user, scope, period):
    build = services.report_request(kind=ReportKind.SUMMARY, period=period, scope=scope, user=user, enqueue=False)
    build = services.report_build_run(build_id=build.pk)
    assert build.status == "done", build.error
    return build.file.path


def assert_agree(html_rows, api, sheet, side_rows=None):
    """Row by row and figure by figure: the page's summary table, the API and the sheet hold the same numbers."""
    figures = api["figures"]
    api_rows = [*api["townships"], *api["zones"], api["total"]] + ([api["unassigned"]] if api["unassigned"] else [])
    by_name = {}
    for r in api_rows:
        by_name.setdefault(r["name"], r)
    assert len(html_rows) == len(sheet) > 0
    compared = 0
    for html_row, sheet_row in zip(html_rows, sheet, strict=True):
        label_a = "" if sheet_row[0] is None else str(sheet_row[0])
        label_b = "" if sheet_row[1] is None else str(sheet_row[1])
        assert html_row[:2] == [label_a, label_b or label_a], (html_row[:2], sheet_row[:2])
        # Township rows are named in column B, zone subtotals and totals in column A.
        api_row = by_name[label_b if label_b not in ("小计", "合计", "") else label_a]
        if label_b == "小计":
            api_row = next(r for r in api["zones"] if r["name"] == label_a)
        elif label_b == "合计":
            api_row = api["total"]
        for index, fig in enumerate(figures):
            kind = fig["kind"]
            shown = number(html_row[2 + index], kind)
            served = number(api_row["values"][fig["key"]], kind)
            stored = number(sheet_row[2 + index], kind, fraction=True)
            assert shown == served == stored, (label_a, label_b, fig["key"])
            compared += 1
    if side_rows is not None:
        labels = {fig["label"]: fig for fig in figures}
        for side in side_rows:
            fig = labels[side[0]]
            for text in side[1:]:
                assert text.replace(",", "").rstrip("%").replace(".", "", 1).isdigit(), side
            total = number(side[-1], fig["kind"])
            assert total == number(api["total"]["values"][fig["key"]], fig["kind"]), fig["key"]
    return compared


def periods():
    now = today()
    this_quarter = Period.quarter_containing(now)
    return {
        "this_quarter": this_quarter,
        "last_quarter": Period.previous_quarter(now),
        "year_to_date": Period.year_to_date(now),
        "same_quarter_last_year": this_quarter.same_period_last_year(),
        "last_year": Period.from_dates(datetime.date(now.year - 1, 1, 1), datetime.date(now.year - 1, 12, 31)),
        "range_across_quarters": Period.from_dates(datetime.date(now.year - 1, 11, 15), datetime.date(now.year, 2, 20)),
    }


PERIOD_NAMES = list(periods())


@pytest.mark.parametrize("period_name", PERIOD_NAMES)
@pytest.mark.parametrize("scope_name", ["own_zone_default", "first_township", "last_township"])
def test_zone1_dashboard_api_and_summary_sheet_agree_on_the_demo_data(client, demo, period_name, scope_name):
    user = demo["zone1"]
    period = periods()[period_name]
    if scope_name == "own_zone_default":
        scope = build_scope(ScopeLevel.ZONE, demo["zone_1"].pk)
        params = period.params()  # no scope: zone1's dashboard opens on their zone
    else:
        township = demo["zone1_townships"][0 if scope_name == "first_township" else -1]
        scope = build_scope(ScopeLevel.TOWNSHIP, township)
        params = {"scope": scope.key, **period.params()}
    client.force_login(user)
    response, html_rows, side_rows = dashboard_tables(client, params)
    assert response.context["scope"].key == scope.key
    api = api_stats(user, params)
    assert api["scope"]["key"] == scope.key
    sheet = sheet_rows(summary_build(user, scope, period))
    compared = assert_agree(html_rows, api, sheet, side_rows)
    assert compared >= 2 * len(api["figures"])


@pytest.mark.parametrize("period_name", ["this_quarter", "last_quarter", "year_to_date"])
@pytest.mark.parametrize(("persona", "scope_of"), [("leader", "county"), ("officer", "zone2")])
def test_county_dashboard_api_and_summary_sheet_agree_on_the_demo_data(client, demo, period_name, persona, scope_of):
    user = demo[persona]
    period = periods()[period_name]
    scope = (
        build_scope(ScopeLevel.COUNTY, demo["county"].pk)
        if scope_of == "county"
        else build_scope(ScopeLevel.ZONE, demo["zone_2"].pk)
    )
    params = {"scope": scope.key, **period.params()}
    client.force_login(user)
    _response, html_rows, side_rows = dashboard_tables(client, params)
    api = api_stats(user, params)
    sheet = sheet_rows(summary_build(user, scope, period))
    assert_agree(html_rows, api, sheet, side_rows)
    if scope_of == "county":
        assert [r[1] for r in sheet].count("小计") == 5 and sheet[-1][1] == "合计"


def test_the_demo_zone1_workbook_agrees_with_zone1s_dashboard_and_the_demo_has_figures(client, demo):
    """The workbook the demo built for zone1 (year to date) is the one the dashboard shows."""
    build = ReportBuild.objects.get(zone=demo["zone_1"], requested_by=demo["zone1"])
    client.force_login(demo["zone1"])
    params = build.period.params()
    _response, html_rows, side_rows = dashboard_tables(client, params)
    api = api_stats(demo["zone1"], params)
    assert_agree(html_rows, api, sheet_rows(build.file.path), side_rows)
    total = api["total"]["values"]
    assert total["clues_received"] > 0 and total["cases_filed"] > 0 and total["form_total"] > 0
