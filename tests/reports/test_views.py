import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.choices import BuildStatus, ReportKind
from reports.models import ReportBuild
from reports.periods import Period
from reports.scopes import build_scope

D = datetime.date
Q2 = Period.quarter(2025, 2)
DASH = reverse("reports:dashboard")
BUILDS = reverse("reports:build_list")


def q2(scope_key):
    return f"{DASH}?scope={scope_key}&from=2025-04-01&to=2025-06-30"


@pytest.fixture
def no_worker():
    """Builds are queued, not run (the worker tests run them)."""
    with mock.patch("reports.tasks.build_report.delay") as delay:
        yield delay


def make_build(user, level, pk, status=BuildStatus.QUEUED):
    build = services.report_request(kind=ReportKind.SUMMARY, period=Q2, scope=build_scope(level, pk), user=user)
    ReportBuild.objects.filter(pk=build.pk).update(status=status)
    return build


def test_county_dashboard_shows_zones_side_by_side(client, q2_data, django_assert_max_num_queries):
    w = q2_data
    client.force_login(w.leader)
    with django_assert_max_num_queries(80):
        response = client.get(q2(f"county:{w.county.pk}"))
    assert response.status_code == 200
    side = response.context["side"]
    assert [c.name for c in side["columns"]] == ["第一协作区", "第二协作区", "县直单位（未归属乡镇）", "全县合计"]
    html = response.content.decode()
    assert "全县统计分析" in html and "echarts.min.js" in html and 'id="qf-chart-data"' in html
    assert "2025年第二季度" in html and "与去年同期比较" in html


def test_zone_leader_dashboard_shows_the_zones_townships_and_this_year_against_last(client, q2_data):
    w = q2_data
    client.force_login(w.zone1_leader)
    response = client.get(q2(f"zone:{w.zone1.pk}"))
    assert response.status_code == 200
    assert [c.name for c in response.context["side"]["columns"]] == ["清源镇", "庆坪镇", "第一协作区"]
    trend = {t["figure"].key: t for t in response.context["trend_blocks"][0]["items"]}
    assert (trend["clues_received"]["now"], trend["clues_received"]["before"]) == (3, 0)
    assert response.context["trend_blocks"][1]["title"].startswith("年初至今")


def test_zone_leader_defaults_to_own_zone_and_this_quarter(client, world):
    client.force_login(world.zone1_leader)
    response = client.get(DASH)
    assert response.status_code == 200
    assert response.context["scope"].key == f"zone:{world.zone1.pk}"
    assert response.context["period"] == Period.quarter_containing(timezone.localdate())


@pytest.mark.parametrize("persona", ["zone1_leader", "tw1", "outsider"])
def test_dashboard_of_a_scope_outside_the_user_is_404(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(f"{DASH}?scope=county:{world.county.pk}").status_code == 404
    assert client.get(f"{DASH}?scope=zone:{world.zone2.pk}").status_code == 404


@pytest.mark.parametrize("persona", ["admin", "vs2", "nobody"])
def test_roles_without_statistics_do_not_see_the_pages(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(DASH).status_code == 404
    assert client.get(BUILDS).status_code == 404


def test_bad_period_falls_back_to_this_quarter_with_the_error_shown(client, world):
    client.force_login(world.leader)
    response = client.get(f"{DASH}?from=2025-06-01&to=2025-05-01")
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()


def test_anonymous_user_is_sent_to_login(client):
    assert client.get(DASH).status_code == 302


def test_officer_requests_a_workbook_from_the_form(client, world, no_worker, django_capture_on_commit_callbacks):
    client.force_login(world.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            BUILDS,
            {
                "kind": "quarterly",
                "period": "quarter",
                "year": "2025",
                "quarter": "2",
                "scope": f"zone:{world.zone2.pk}",
            },
        )
    assert response.status_code == 302
    build = ReportBuild.objects.get()
    assert (build.scope_level, build.zone_id, build.period_start, build.requested_by) == (
        "zone",
        world.zone2.pk,
        D(2025, 4, 1),
        world.officer,
    )
    no_worker.assert_called_once_with(build.pk)


def test_form_errors_are_shown_and_nothing_queued(client, world, no_worker):
    client.force_login(world.zone1_leader)
    response = client.post(
        BUILDS,
        {
            "kind": "quarterly",
            "period": "range",
            "date_from": "2025-06-01",
            "date_to": "2025-05-01",
            "scope": f"county:{world.county.pk}",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "结束日期不能早于开始日期" in html
    assert not any(c[0].startswith("county:") for c in response.context["form"].fields["scope"].choices)
    assert ReportBuild.objects.count() == 0
    assert 'value="2025-06-01"' in html  # what was typed is kept


def test_build_list_shows_only_builds_in_scope_with_a_bounded_query_count(
    client, world, no_worker, django_assert_max_num_queries
):
    county = make_build(world.leader, "county", world.county.pk, BuildStatus.DONE)
    zone1 = make_build(world.zone1_leader, "zone", world.zone1.pk, BuildStatus.RUNNING)
    zone2 = make_build(world.officer, "zone", world.zone2.pk)
    for _ in range(5):
        ReportBuild.objects.filter(pk=make_build(world.officer, "township", world.t1.pk).pk).update(
            status="failed", error="生成失败：测试"
        )
    client.force_login(world.zone1_leader)
    with django_assert_max_num_queries(20):
        response = client.get(BUILDS)
    ids = {b.pk for b in response.context["builds"]}
    assert zone1.pk in ids and county.pk not in ids and zone2.pk not in ids
    html = response.content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert "生成失败：测试" in html


def test_outsider_gets_404_on_a_build_and_its_download(client, world, no_worker):
    build = make_build(world.leader, "county", world.county.pk, BuildStatus.DONE)
    for persona in (world.outsider, world.zone1_leader, world.tw2):
        client.force_login(persona)
        assert client.get(reverse("reports:build_detail", args=[build.pk])).status_code == 404
        assert client.get(reverse("reports:build_download", args=[build.pk])).status_code == 404


def test_row_polling_returns_the_row_until_finished(client, world, no_worker):
    build = make_build(world.zone1_leader, "zone", world.zone1.pk, BuildStatus.RUNNING)
    client.force_login(world.zone1_leader)
    url = reverse("reports:build_detail", args=[build.pk]) + "?row=1"
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.content.decode().startswith(f'<tr id="build-{build.pk}"')
    assert "every 2s" in response.content.decode()
    ReportBuild.objects.filter(pk=build.pk).update(status=BuildStatus.FAILED, error="生成失败：x")
    assert "every 2s" not in client.get(url, HTTP_HX_REQUEST="true").content.decode()


def test_download_of_a_done_build_is_audited(client, q2_data):
    from audit.models import AuditEvent

    w = q2_data
    build = services.report_request(
        kind=ReportKind.SUMMARY, period=Q2, scope=build_scope("zone", w.zone1.pk), user=w.zone1_leader
    )
    services.report_build_run(build_id=build.pk)
    client.force_login(w.zone1_leader)
    response = client.get(reverse("reports:build_download", args=[build.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert AuditEvent.objects.filter(action="export", object_id=str(build.pk)).count() == 1


def test_zone_dashboard_counts_and_lists_the_items_awaiting_verification(client, world):
    from rectification.models import Item

    from . import factories as f

    today = timezone.localdate()
    due = today + datetime.timedelta(days=20)
    mine = f.letter(world, township=world.t1, issued_on=today, items=[(due, None), (due, None)])
    other = f.letter(world, township=world.t3, issued_on=today, items=[(due, None)])
    Item.objects.filter(letter__in=[mine, other], seq=1).update(status="reported", reported_on=today)
    client.force_login(world.zone1_leader)
    response = client.get(DASH)
    assert response.context["awaiting_count"] == 1
    assert [i.letter_id for i in response.context["awaiting"]] == [mine.pk]
    html = response.content.decode()
    assert 'id="qf-awaiting-count">1<' in html and mine.number in html and other.number not in html


def test_dashboards_query_count_does_not_grow_with_records_or_townships(client, q2_data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import TownshipFactory, ZoneMembershipFactory

    from . import factories as f

    w = q2_data

    def count(user, scope_key):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(q2(scope_key))
        assert response.status_code == 200
        return len(queries)

    before = {
        "zone": count(w.zone1_leader, f"zone:{w.zone1.pk}"),
        "county": count(w.leader, f"county:{w.county.pk}"),
    }
    assert max(before.values()) <= 80
    for i in range(6):
        t = TownshipFactory(county=w.county, name=f"新增{i}镇", slug=f"extra{i}")
        ZoneMembershipFactory(zone=w.zone1, township=t)
        for day in range(5):
            f.clue(w, township=t, received_on=D(2025, 4, 1 + day), source="qr_code")
        f.letter(w, township=t, issued_on=D(2025, 4, 3), items=[(D(2025, 5, 1), None), (D(2025, 6, 1), D(2025, 6, 5))])
    after = {
        "zone": count(w.zone1_leader, f"zone:{w.zone1.pk}"),
        "county": count(w.leader, f"county:{w.county.pk}"),
    }
    assert after == before
