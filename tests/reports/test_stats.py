import datetime
from decimal import Decimal

import pytest

from reports.periods import Period
from reports.scopes import build_scope
from reports.selectors import stats

D = datetime.date
Q2 = Period.quarter(2025, 2)


def county_stats(w, period=Q2):
    return stats(period=period, scope=build_scope("county", w.county.pk))


def nonzero(values: dict) -> dict:
    return {k: v for k, v in values.items() if v}


def by_name(s):
    return {r.name: r for r in s.rows() if r.level == "township"}


def test_each_figure_is_dated_and_placed_by_the_rules_of_domain_6(q2_data):
    w = q2_data
    s = county_stats(w)
    rows = by_name(s)
    assert nonzero(rows["清源镇"].values) == {
        "clues_received": 2,
        "clues_src_petition": 1,
        "clues_src_qr_code": 1,
        "disposed_verification": 1,
        "cases_filed": 1,
        "cases_concluded": 1,
        "persons_party": 1,
        "persons_government": 1,
        "persons_organisational": 1,
        "form_1": 1,
        "form_2": 1,
        "form_total": 2,
        "form_1_pct": Decimal("50.0"),
        "form_2_pct": Decimal("50.0"),
        "cadre_section": 1,
        "funds_recovered": Decimal("1.23"),
        "funds_returned": Decimal("0.50"),
        "letters_issued": 1,
        "items_issued": 2,
        "items_closed": 1,
        "items_overdue": 1,
    }
    assert nonzero(rows["庆坪镇"].values) == {
        "clues_received": 1,
        "clues_src_supervision": 1,
        "persons_party": 1,
        "persons_judicial": 1,
        "form_4": 1,
        "form_total": 1,
        "form_4_pct": Decimal("100.0"),
        "cadre_general": 1,
    }
    # Open on 30 June and past due, although closed off since.
    assert nonzero(rows["会川镇"].values) == {"items_overdue": 1}
    assert nonzero(s.unassigned.values) == {
        "clues_received": 1,
        "clues_src_audit": 1,
        "letters_issued": 1,
        "items_issued": 1,
    }


def test_zone_subtotals_and_county_total_add_up(q2_data):
    s = county_stats(q2_data)
    zone1, zone2 = s.zones
    assert zone1.values["clues_received"] == 3
    assert zone1.values["form_total"] == 3
    assert zone1.values["form_4_pct"] == Decimal("33.3")
    assert zone2.values["items_overdue"] == 1
    total = s.total.values
    assert total["clues_received"] == 4  # t1 2, t2 1, county department 1; no duplicate, nothing of county B
    assert total["items_issued"] == 3
    assert total["funds_recovered"] == Decimal("1.23")
    for fig in s.figures:
        if fig.kind == "int":
            parts = sum(r.values[fig.key] for r in s.townships) + s.unassigned.values[fig.key]
            assert total[fig.key] == parts, fig.key
            assert sum(z.values[fig.key] for z in s.zones) + s.unassigned.values[fig.key] == total[fig.key]


def test_table_rows_group_townships_under_their_zone_subtotals(q2_data):
    s = county_stats(q2_data)
    assert [(r.level, r.name) for r in s.rows()] == [
        ("township", "清源镇"),
        ("township", "庆坪镇"),
        ("zone", "第一协作区"),
        ("township", "会川镇"),
        ("zone", "第二协作区"),
        ("unassigned", "县直单位（未归属乡镇）"),
        ("total", "全县合计"),
    ]


def test_zone_and_township_scopes_count_only_their_townships(q2_data):
    w = q2_data
    zone = stats(period=Q2, scope=build_scope("zone", w.zone1.pk))
    assert zone.unassigned is None
    assert zone.total.values["clues_received"] == 3
    assert zone.total.values["items_overdue"] == 1
    township = stats(period=Q2, scope=build_scope("township", w.t2.pk))
    assert [(r.level, r.name) for r in township.rows()] == [("township", "庆坪镇"), ("total", "庆坪镇")]
    assert township.total.values["clues_received"] == 1


def test_disposal_counts_on_the_date_the_method_was_decided(q2_data):
    q3 = county_stats(q2_data, Period.quarter(2025, 3))
    assert q3.total.values["disposed_inquiry"] == 1
    assert q3.total.values["items_closed"] == 1
    assert q3.total.values["cases_filed"] == 1


def test_same_period_last_year(q2_data):
    last = county_stats(q2_data, Q2.same_period_last_year())
    assert nonzero(last.total.values) == {"clues_received": 1, "clues_src_petition": 1}


def test_links_drill_down_to_the_filtered_ledgers(q2_data):
    w = q2_data
    s = county_stats(w)
    t1 = by_name(s)["清源镇"]
    assert (
        s.link(t1, "clues_src_qr_code")
        == (
            "/clues/?received_from=2025-04-01&received_to=2025-06-30&duplicate=exclude&category=accusation"
            f"&source=qr_code&township={w.t1.pk}"
        )
        or s.link(t1, "clues_src_qr_code") is None
    )
    zone1 = s.zones[0]
    link = s.link(zone1, "cases_filed")
    assert link is None or link.endswith(f"filed_from=2025-04-01&filed_to=2025-06-30&zone={w.zone1.pk}")
    # County departments, persons and the four forms are listed by the statistics' own page.
    assert s.link(s.unassigned, "clues_received").startswith("/reports/records/?figure=clues_received")
    assert "row=unassigned" in s.link(s.unassigned, "clues_received")
    assert s.link(s.total, "form_1_pct").startswith("/reports/records/?figure=form_1_pct")
    assert all(s.link(row, fig) for row in s.rows() for fig in s.figures)


def test_stats_query_count_does_not_grow_with_townships(q2_data, django_assert_max_num_queries):
    from tests.factories import TownshipFactory, ZoneMembershipFactory

    w = q2_data
    scope = build_scope("county", w.county.pk)
    with django_assert_max_num_queries(14):
        stats(period=Q2, scope=scope)
    for i in range(15):
        ZoneMembershipFactory(zone=w.zone2, township=TownshipFactory(county=w.county, name=f"新增{i}镇", slug=f"x{i}"))
    scope = build_scope("county", w.county.pk)
    with django_assert_max_num_queries(14):
        stats(period=Q2, scope=scope)


@pytest.mark.parametrize("level", ["county", "zone", "township"])
def test_as_dict_is_json_ready(q2_data, level):
    import json

    w = q2_data
    pk = {"county": w.county.pk, "zone": w.zone1.pk, "township": w.t1.pk}[level]
    data = stats(period=Q2, scope=build_scope(level, pk)).as_dict()
    json.dumps(data)
    assert data["total"]["values"]["funds_recovered"] == "1.23"
