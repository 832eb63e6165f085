"""Every figure links to the records behind it: following a link lists exactly what the figure counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from reports.periods import Period
from reports.scopes import build_scope
from reports.selectors import stats

from . import factories as f

D = datetime.date
Q2 = Period.quarter(2025, 2)
RECORDS = reverse("reports:figure_records")


@pytest.fixture
def drill_data(q2_data):
    """q2_data plus first-form measures on a clue (no case) and a letter issued by zone 1 to a county department."""
    w = q2_data
    clue = f.clue(w, township=w.t2, received_on=D(2025, 4, 3), method="inquiry", decided_on=D(2025, 4, 8))
    who = f.person(w, name="孙四", cadre_level="other", member=False, official=False)
    case_services.measure_record_for_clue(
        clue=clue, person=who, kind="org_talk_reminder", decided_on=D(2025, 5, 6), user=w.officer
    )
    dept_letter = f.letter(w, department=w.dept, issued_on=D(2025, 4, 9), items=[(D(2025, 5, 9), D(2025, 6, 2))])
    dept_letter.issuer_zone = w.zone1
    dept_letter.save(update_fields=["issuer_zone"])
    return w


def listed(client, url):
    """How many records the linked page lists (a ledger's or the statistics' own list)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page_obj"].paginator.count


def expected(s, row, key):
    """What the linked list must hold: the figure, or for money and shares the records they are made of."""
    fig = s.by_key[key]
    if key in ("funds_recovered", "funds_returned"):
        return row.values["cases_concluded"]
    if fig.kind == "percent":
        return row.values[key.removesuffix("_pct")]
    return row.values[key]


@pytest.mark.parametrize(
    ("persona", "level"), [("leader", "county"), ("zone1_leader", "zone"), ("tw2", "township")], ids=str
)
def test_every_figure_of_every_row_lists_the_records_it_counts(client, drill_data, persona, level):
    w = drill_data
    pk = {"county": w.county.pk, "zone": w.zone1.pk, "township": w.t2.pk}[level]
    s = stats(period=Q2, scope=build_scope(level, pk))
    client.force_login(getattr(w, persona))
    rows = [r for r in s.rows() if r.level != "unassigned" or any(r.values.values())]
    checked = 0
    for row in rows:
        for fig in s.figures:
            url = s.link(row, fig)
            assert url, (row.name, fig.key)
            want = expected(s, row, fig.key)
            if not want and row.level not in ("total", "unassigned"):
                continue  # zero cells: the totals' links cover the empty lists
            assert listed(client, url) == want, (row.name, fig.key, url)
            checked += 1
    assert checked > 40


def test_persons_and_forms_include_people_on_clues_concluded_without_a_case(client, drill_data):
    w = drill_data
    s = stats(period=Q2, scope=build_scope("zone", w.zone1.pk))
    assert s.total.values["persons_organisational"] == 2  # 王二 (case) and 孙四 (clue)
    assert s.total.values["form_1"] == 2
    client.force_login(w.zone1_leader)
    response = client.get(s.link(s.total, "form_1"))
    html = response.content.decode()
    assert "孙四" in html and "王二" in html and "谈话提醒" in html
    assert "统计数：<strong>2</strong>" in html


def test_share_lists_its_persons_and_names_the_whole(client, drill_data):
    w = drill_data
    s = stats(period=Q2, scope=build_scope("county", w.county.pk))
    client.force_login(w.leader)
    html = client.get(s.link(s.total, "form_1_pct")).content.decode()
    whole, pct = s.total.values["form_total"], s.total.values["form_1_pct"]
    assert f"占四种形态合计 {whole} 人次的 {pct}%" in html


def test_county_departments_and_zone_rows_of_letters_use_the_statistics_list(client, drill_data):
    w = drill_data
    s = stats(period=Q2, scope=build_scope("county", w.county.pk))
    assert s.unassigned.values["letters_issued"] == 2  # to the department, one of them issued by zone 1
    assert "/reports/records/" in s.link(s.unassigned, "clues_received")
    zone1 = s.zones[0]
    # The rectification ledger's zone filter also lists letters the zone issued elsewhere.
    assert "/reports/records/" in s.link(zone1, "letters_issued")
    assert zone1.values["letters_issued"] == 1
    client.force_login(w.leader)
    assert listed(client, s.link(zone1, "letters_issued")) == 1
    # Township rows and the county total go to the app's own ledgers.
    assert s.link(s.townships[0], "clues_received").startswith(reverse("clues:clue_list"))
    assert s.link(s.total, "items_issued").startswith(reverse("rectification:item_list"))


def test_overdue_items_of_the_running_period_link_to_the_overdue_ledger(client, world):
    today = timezone.localdate()
    f.letter(
        world,
        township=world.t2,
        issued_on=today - datetime.timedelta(days=40),
        items=[
            (today - datetime.timedelta(days=5), None),
            (today + datetime.timedelta(days=5), None),
        ],
    )
    period = Period.quarter_containing(today)
    s = stats(period=period, scope=build_scope("county", world.county.pk))
    assert s.total.values["items_overdue"] == 1
    client.force_login(world.leader)
    url = s.link(s.total, "items_overdue")
    assert "overdue=true" in url
    assert listed(client, url) == 1
    township = next(r for r in s.townships if r.id == world.t2.pk)
    assert "overdue=true" in s.link(township, "items_overdue")
    assert listed(client, s.link(township, "items_overdue")) == 1


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"figure": "nope", "scope": "zone:{zone1}", "row": "total"}, 400),
        ({"figure": "clues_received", "scope": "county:{county}", "row": "township:999999"}, 404),
        ({"figure": "clues_received", "scope": "zone:{zone2}", "row": "total"}, 404),
        ({"figure": "clues_received", "scope": "zone:{zone1}", "row": "unassigned"}, 404),
        ({"figure": "clues_received", "scope": "zone:{zone1}", "row": "township:{t3}"}, 404),
        (
            {
                "figure": "clues_received",
                "scope": "zone:{zone1}",
                "row": "total",
                "from": "2025-06-01",
                "to": "2025-05-01",
            },
            400,
        ),
    ],
)
def test_records_page_refuses_bad_input_and_places_outside_the_user(client, world, params, status):
    values = {"county": world.county.pk, "zone1": world.zone1.pk, "zone2": world.zone2.pk, "t3": world.t3.pk}
    query = {k: v.format(**values) for k, v in params.items()}
    client.force_login(world.zone1_leader)
    response = client.get(RECORDS, query)
    assert response.status_code == status
    if status == 400:
        html = response.content.decode()
        assert "统计指标不存在" in html or "结束日期不能早于开始日期" in html


def test_records_page_query_count_does_not_grow_with_rows(client, drill_data, django_assert_max_num_queries):
    w = drill_data
    s = stats(period=Q2, scope=build_scope("county", w.county.pk))
    client.force_login(w.leader)
    for key in ("clues_received", "persons_organisational", "form_total", "items_issued", "cases_concluded"):
        with django_assert_max_num_queries(25):
            client.get(s.records_link(s.total, s.by_key[key]))
    for day in range(20):
        f.clue(w, township=w.t1, received_on=D(2025, 4, 1) + datetime.timedelta(days=day))
    with django_assert_max_num_queries(25):
        response = client.get(s.records_link(s.total, s.by_key["clues_received"]))
    assert response.context["page_obj"].paginator.count == s.total.values["clues_received"] + 20
