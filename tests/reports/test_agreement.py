"""The same period and scope show the same numbers on the dashboard, in /api/stats/ and in 汇总表."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from reports import services
from reports.choices import ReportKind
from reports.periods import Period
from reports.scopes import build_scope

from . import factories as f

D = datetime.date
PERIODS = [
    Period.quarter(2025, 2),
    Period.quarter(2024, 2),
    Period(D(2025, 1, 1), D(2025, 6, 30), "ytd"),
    Period(D(2025, 4, 15), D(2025, 7, 31), "range"),
]


def _number(value, kind):
    if kind == "money":
        return Decimal(str(value)).quantize(Decimal("0.01"))
    if kind == "percent":
        return Decimal(str(value)).quantize(Decimal("0.1"))
    return int(value)


def dashboard_figures(client, scope_key, period):
    response = client.get(
        reverse("reports:dashboard"),
        {"scope": scope_key, "from": period.start.isoformat(), "to": period.end.isoformat()},
    )
    assert response.status_code == 200
    full = response.context["full"]
    html = response.content.decode()
    out = []
    for r in full["rows"]:
        for fig, cell in zip(full["figures"], r["cells"], strict=True):
            assert cell["display"] in html
            out.append(((r["row"].level, r["row"].name, fig.key), _number(cell["value"], fig.kind)))
    return out


def api_figures(api, scope_key, period):
    data = api.get(
        reverse("api-stats"), {"scope": scope_key, "from": period.start.isoformat(), "to": period.end.isoformat()}
    ).json()
    kinds = {fig["key"]: fig["kind"] for fig in data["figures"]}
    rows = {
        (r["level"], r["name"]): r
        for r in [*data["townships"], *data["zones"], data["total"]]
        + ([data["unassigned"]] if data["unassigned"] else [])
    }
    return rows, kinds


def workbook_figures(user, level, pk, period):
    build = services.report_request(kind=ReportKind.SUMMARY, period=period, scope=build_scope(level, pk), user=user)
    build = services.report_build_run(build_id=build.pk)
    ws = load_workbook(build.file.path)["汇总表"]
    headers = [c.value for c in ws[4]]
    return [
        [c.value for c in row]
        for row in ws.iter_rows(min_row=5)
        if row[0].value and not str(row[0].value).startswith(("说明", "1.", "2.", "3.", "4."))
    ], headers


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.label)
@pytest.mark.parametrize("persona_scope", ["leader:county", "zone1_leader:zone1", "leader:zone2", "tw2:t2"])
def test_dashboard_api_and_summary_sheet_agree_figure_by_figure(client, q2_data, period, persona_scope):
    w = q2_data
    f.clue(w, township=w.t2, received_on=D(2025, 7, 20), source="media", method="close", decided_on=D(2025, 7, 21))
    persona, target = persona_scope.split(":")
    user = getattr(w, persona)
    obj = {"county": w.county, "zone1": w.zone1, "zone2": w.zone2, "t2": w.t2}[target]
    level = {"county": "county", "zone1": "zone", "zone2": "zone", "t2": "township"}[target]
    scope_key = f"{level}:{obj.pk}"

    client.force_login(user)
    dash = dashboard_figures(client, scope_key, period)
    api = APIClient()
    api.force_authenticate(user)
    api_rows, kinds = api_figures(api, scope_key, period)
    sheet_rows, _headers = workbook_figures(user, level, obj.pk, period)

    figure_keys = list(kinds)
    per_row = len(figure_keys)
    assert len(dash) == per_row * len(sheet_rows)
    for index, sheet_row in enumerate(sheet_rows):
        chunk = dash[index * per_row : (index + 1) * per_row]
        level_, name, _key = chunk[0][0]
        api_values = api_rows[(level_, name)]["values"]
        for (_, _, key), dash_value in chunk:
            column = 2 + figure_keys.index(key)
            sheet_value = sheet_row[column]
            if kinds[key] == "percent":
                sheet_value = sheet_value * 100
            assert dash_value == _number(api_values[key], kinds[key]) == _number(sheet_value, kinds[key]), (name, key)
    # Not all zero: the comparison has something to compare.
    assert any(value for _k, value in dash) or period == PERIODS[1]
