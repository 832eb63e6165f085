from unittest import mock

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reports import services
from reports.choices import BuildStatus, ReportKind
from reports.models import ReportBuild
from reports.periods import Period
from reports.scopes import build_scope

Q2 = Period.quarter(2025, 2)
STATS = reverse("api-stats")
REPORTS = reverse("api-report-list")


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def no_worker():
    with mock.patch("reports.tasks.build_report.delay") as delay:
        yield delay


def test_stats_api_returns_the_figures_for_scope_and_period(api, q2_data, django_assert_max_num_queries):
    w = q2_data
    api.force_authenticate(w.zone1_leader)
    with django_assert_max_num_queries(20):
        response = api.get(STATS, {"scope": f"zone:{w.zone1.pk}", "from": "2025-04-01", "to": "2025-06-30"})
    assert response.status_code == 200
    data = response.json()
    assert data["period"] == {
        "kind": "quarter",
        "from": "2025-04-01",
        "to": "2025-06-30",
        "label": "2025年第二季度",
        "as_of": "2025-06-30",
    }
    assert data["scope"]["label"] == "甲县 · 第一协作区"
    assert [t["name"] for t in data["townships"]] == ["清源镇", "庆坪镇"]
    assert data["total"]["values"]["clues_received"] == 3
    assert data["total"]["values"]["funds_recovered"] == "1.23"
    assert data["total"]["values"]["form_4_pct"] == 33.3
    assert {f["key"]: f["label"] for f in data["figures"]}["clues_src_qr_code"] == "扫码举报"


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"from": "2025-06-30", "to": "2025-04-01"}, "to", "结束日期不能早于开始日期。"),
        ({"from": "2025-04-01"}, "to", "请填写结束日期。"),
        ({"from": "31/03/2025", "to": "2025-04-01"}, "from", "日期格式应为 YYYY-MM-DD，例如 2026-03-31。"),
        ({"scope": "city:1"}, "scope", "统计范围应为 county:<编号>、zone:<编号> 或 township:<编号>。"),
        ({"period": "quarter", "year": "2025", "quarter": "7"}, "quarter", "季度应为 1—4。"),
    ],
)
def test_stats_api_bad_input_is_a_chinese_400(api, world, params, field, message):
    api.force_authenticate(world.leader)
    response = api.get(STATS, params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "提交的数据有误，请检查标注的字段。"
    assert body["errors"][field] == [message]


def test_stats_api_scope_outside_the_user_is_404(api, world):
    api.force_authenticate(world.zone1_leader)
    assert api.get(STATS, {"scope": f"county:{world.county.pk}"}).status_code == 404
    assert api.get(STATS, {"scope": f"zone:{world.zone2.pk}"}).status_code == 404
    api.force_authenticate(world.outsider)
    assert api.get(STATS, {"scope": f"township:{world.t1.pk}"}).status_code == 404
    api.force_authenticate(world.admin)
    assert api.get(STATS).status_code == 404


def test_stats_api_needs_login(api):
    assert api.get(STATS).status_code in (401, 403)


def test_post_report_starts_a_build_on_commit(api, world, no_worker, django_capture_on_commit_callbacks):
    api.force_authenticate(world.zone1_leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            REPORTS,
            {"kind": "quarterly", "scope": f"zone:{world.zone1.pk}", "period": "quarter", "year": 2025, "quarter": 2},
            format="json",
        )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "queued" and body["scope"] == f"zone:{world.zone1.pk}"
    assert body["period_label"] == "2025年第二季度"
    no_worker.assert_called_once_with(body["id"])
    detail = api.get(reverse("api-report-detail", args=[body["id"]]))
    assert detail.status_code == 200 and detail.json()["download_url"] is None


def test_asking_again_while_queued_returns_the_same_build(api, world, no_worker):
    api.force_authenticate(world.officer)
    payload = {"scope": f"county:{world.county.pk}", "from": "2025-01-01", "to": "2025-03-31"}
    first = api.post(REPORTS, payload, format="json").json()
    second = api.post(REPORTS, payload, format="json").json()
    assert first["id"] == second["id"]
    assert ReportBuild.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"scope": "county:{county}", "from": "2025-05-01", "to": "2025-04-01"}, "date_to"),
        ({"scope": "county:{county}", "period": "quarter", "year": 2099, "quarter": 1}, "year"),
        ({"scope": "zone:{zone2}", "from": "2025-04-01", "to": "2025-04-30"}, "scope"),
        ({"scope": "county:{county}", "from": "2025-04-01", "to": "2025-04-30"}, "scope"),
        ({"scope": "nonsense", "from": "2025-04-01", "to": "2025-04-30"}, "scope"),
        ({"scope": "zone:{zone1}", "kind": "weekly", "from": "2025-04-01", "to": "2025-04-30"}, "kind"),
        ({"from": "2025-04-01", "to": "2025-04-30"}, "scope"),
        ({"scope": "zone:999999", "from": "2025-04-01", "to": "2025-04-30"}, "scope"),
        ({"scope": "zone:{zone1}"}, "period"),
        ({"scope": "zone:{zone1}", "from": "", "to": ""}, "period"),
        ({"scope": "zone:{zone1}", "period": "range", "from": "2025-04-01"}, "date_to"),
    ],
)
def test_zone_leader_cannot_build_outside_the_zone_and_bad_input_is_400(api, world, no_worker, payload, field):
    payload = {
        k: v.format(county=world.county.pk, zone1=world.zone1.pk, zone2=world.zone2.pk) if isinstance(v, str) else v
        for k, v in payload.items()
    }
    api.force_authenticate(world.zone1_leader)
    response = api.post(REPORTS, payload, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in errors
    # Every message is a Chinese sentence the user can act on.
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for msgs in errors.values() for m in msgs), errors
    assert ReportBuild.objects.count() == 0
    no_worker.assert_not_called()


def test_report_status_list_and_download_are_scoped(api, q2_data, django_assert_max_num_queries):
    w = q2_data
    county = services.report_request(
        kind=ReportKind.SUMMARY, period=Q2, scope=build_scope("county", w.county.pk), user=w.leader
    )
    services.report_build_run(build_id=county.pk)
    zone = services.report_request(
        kind=ReportKind.SUMMARY, period=Q2, scope=build_scope("zone", w.zone1.pk), user=w.zone1_leader
    )
    services.report_build_run(build_id=zone.pk)

    api.force_authenticate(w.zone1_leader)
    with django_assert_max_num_queries(12):
        listed = api.get(REPORTS).json()
    assert [b["id"] for b in listed["results"]] == [zone.pk]
    assert api.get(reverse("api-report-detail", args=[county.pk])).status_code == 404
    assert api.get(reverse("api-report-download", args=[county.pk])).status_code == 404
    detail = api.get(reverse("api-report-detail", args=[zone.pk])).json()
    assert detail["status"] == BuildStatus.DONE and detail["progress"] == 100
    download = api.get(detail["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    api.force_authenticate(w.leader)
    assert {b["id"] for b in api.get(REPORTS).json()["results"]} == {county.pk, zone.pk}
    api.force_authenticate(w.outsider)
    assert api.get(reverse("api-report-download", args=[zone.pk])).status_code == 404


def test_schema_lists_the_report_endpoints_without_warnings(api, world):
    import json
    import re

    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    messages = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    GENERATOR_STATS.reset()
    assert [m for m in messages if "reports/api/" in m] == []
    for name in ("ReportBuild", "ReportRequestRequest"):
        refs = re.findall(r"#/components/schemas/(\w+Enum)", json.dumps(schema["components"]["schemas"][name]))
        assert refs == [], (name, refs)
    paths = schema["paths"]
    assert {"/api/stats/", "/api/reports/", "/api/reports/{id}/", "/api/reports/{id}/download/"} <= set(paths)
    assert "requestBody" in paths["/api/reports/"]["post"]
