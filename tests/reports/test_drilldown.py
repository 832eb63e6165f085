"""A figure's link opens the ledger filtered to exactly the records behind it."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from reports.periods import Period
from reports.scopes import build_scope
from reports.selectors import stats

from . import factories as f

Q2 = Period.quarter(2025, 2)
# Figures whose ledger lists one row per counted record.
ONE_TO_ONE = (
    "clues_received",
    "clues_src_petition",
    "disposed_verification",
    "disposed_inquiry",
    "cases_filed",
    "cases_concluded",
    "letters_issued",
    "items_issued",
    "items_closed",
)


def routed(name):
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def ledger_count(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page_obj"].paginator.count


@pytest.mark.parametrize("key", ONE_TO_ONE)
def test_following_a_figure_lists_as_many_records_as_it_counts(client, q2_data, key):
    w = q2_data
    s = stats(period=Q2, scope=build_scope("county", w.county.pk))
    if s.link(s.total, key) is None:
        pytest.skip("that ledger is not routed yet")
    client.force_login(w.leader)
    for row in [*s.townships, *s.zones, s.total]:
        url = s.link(row, key)
        assert ledger_count(client, url) == row.values[key], (row.name, key, url)


def test_overdue_items_of_the_running_period_link_to_the_overdue_ledger(client, world):
    if not routed("rectification:item_list"):
        pytest.skip("the rectification ledger is not routed yet")
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
    s = stats(period=period, scope=build_scope("zone", world.zone1.pk))
    assert s.total.values["items_overdue"] == 1
    client.force_login(world.zone1_leader)
    url = s.link(s.total, "items_overdue")
    assert "overdue=true" in url
    assert ledger_count(client, url) == 1
