"""Writes on the jurisdiction API: administrators within reach, through zones.services."""

import datetime

import pytest

from audit.models import AuditAction, AuditEvent
from tests.factories import VillageSupervisorFactory
from zones.models import (
    Township,
    Village,
    VillageCommitteeMember,
    VillageGroup,
    VillageSupervisor,
    Zone,
    ZoneMembership,
)

from .conftest import NON_ADMINS, REACH
from .test_scope import ENDPOINTS

WRITABLE = ["zones", "townships", "villages", "village-groups", "village-supervisors", "committee-members"]
READ_ONLY = ["counties", "departments", "zone-memberships"]
ACTIONS = {
    "zones": ["deactivate", "reactivate"],
    "townships": ["deactivate", "reactivate", "move"],
    "villages": ["deactivate", "reactivate"],
    "village-groups": ["deactivate", "reactivate"],
    "village-supervisors": ["end"],
    "committee-members": ["end"],
}


def create_payload(w, endpoint):
    return {
        "zones": {
            "county": w.county.pk,
            "name": "第三协作区",
            "order": 3,
            "leader": w.zone2_leader.pk,
            "coordinating_department": w.dept.pk,
        },
        "townships": {
            "county": w.county.pk,
            "name": "莲峰镇",
            "slug": "lianfeng",
            "kind": "town",
            "order": 5,
            "zone": w.zone2.pk,
            "joined_on": "2025-01-01",
        },
        "villages": {"township": w.t1.pk, "name": "新庄村", "kind": "village"},
        "village-groups": {"village": w.v1.pk, "name": "二组"},
        "village-supervisors": {
            "group": w.g2.pk,
            "name": "王五",
            "phone": "13900001111",
            "kind": "grid",
            "appointed_on": "2025-03-01",
        },
        "committee-members": {"village": w.v1.pk, "name": "赵六", "position": "member", "appointed_on": "2025-03-01"},
    }[endpoint]


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", WRITABLE)
@pytest.mark.parametrize("persona", NON_ADMINS)
def test_non_admins_cannot_write_and_see_404_outside_scope(api_world, client_for, persona, endpoint):
    model, expected_rows = ENDPOINTS[endpoint]
    visible = set(expected_rows(api_world, REACH[persona]).values_list("pk", flat=True))
    hidden = model.objects.exclude(pk__in=visible).values_list("pk", flat=True).first()
    client = client_for(persona)
    before = AuditEvent.objects.count()

    response = client.post(f"/api/{endpoint}/", create_payload(api_world, endpoint), format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "您没有执行该操作的权限。"

    if visible:
        pk = min(visible)
        assert client.patch(f"/api/{endpoint}/{pk}/", {"name": "改名"}, format="json").status_code == 403
        for name in ACTIONS[endpoint]:
            response = client.post(f"/api/{endpoint}/{pk}/{name}/", {}, format="json")
            assert response.status_code == 403, name
            assert response.json()["detail"] == "您可以查看该记录，但没有修改它的权限。"
    assert client.patch(f"/api/{endpoint}/{hidden}/", {"name": "改名"}, format="json").status_code == 404
    for name in ACTIONS[endpoint]:
        assert client.post(f"/api/{endpoint}/{hidden}/{name}/", {}, format="json").status_code == 404
    assert AuditEvent.objects.count() == before  # nothing changed


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", READ_ONLY)
def test_read_only_resources_refuse_writes(api_world, client_for, endpoint):
    client = client_for("admin")
    assert client.post(f"/api/{endpoint}/", {}, format="json").status_code == 405
    model, _rows = ENDPOINTS[endpoint]
    pk = model.objects.values_list("pk", flat=True).first()
    assert client.patch(f"/api/{endpoint}/{pk}/", {}, format="json").status_code == 405
    assert client_for("tw1").post(f"/api/{endpoint}/", {}, format="json").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", WRITABLE)
def test_admin_creates_through_the_service_and_it_is_audited(api_world, client_for, endpoint):
    payload = create_payload(api_world, endpoint)
    response = client_for("admin").post(f"/api/{endpoint}/", payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name"] == payload["name"]
    assert body["active"] is True
    model, _rows = ENDPOINTS[endpoint]
    created = model.objects.get(pk=body["id"])
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(created.pk), object_repr=str(created))
    assert (event.actor_id, event.source) == (api_world.admin.pk, "api")


@pytest.mark.django_db
def test_created_township_joins_its_zone(api_world, client_for):
    body = client_for("admin").post("/api/townships/", create_payload(api_world, "townships"), format="json").json()
    assert (body["zone"], body["zone_name"]) == (api_world.zone2.pk, "第二协作区")
    membership = ZoneMembership.objects.get(township_id=body["id"])
    assert (membership.zone, membership.start_date, membership.end_date) == (
        api_world.zone2,
        datetime.date(2025, 1, 1),
        None,
    )
    assert "joined_on" not in body


@pytest.mark.django_db
def test_created_zone_shows_its_people(api_world, client_for):
    body = client_for("admin").post("/api/zones/", create_payload(api_world, "zones"), format="json").json()
    assert body["leader_name"] == "zone2"
    assert body["coordinating_department_name"] == "第一纪检监察室"
    assert body["townships"] == []


@pytest.mark.django_db
def test_patch_changes_only_what_is_sent_and_not_the_parent(api_world, client_for):
    client = client_for("admin")
    response = client.patch(
        f"/api/villages/{api_world.v1.pk}/", {"kind": "community", "township": api_world.t3.pk}, format="json"
    )
    assert response.status_code == 200
    village = Village.objects.get(pk=api_world.v1.pk)
    assert (village.name, village.kind, village.township) == ("城关村", "community", api_world.t1)
    assert response.json()["kind_display"] == "社区"


@pytest.mark.django_db
def test_put_replaces_the_editable_fields(api_world, client_for):
    payload = {"name": "清源街道", "slug": "qingyuanjd", "kind": "subdistrict", "order": 9}
    response = client_for("admin").put(f"/api/townships/{api_world.t1.pk}/", payload, format="json")
    assert response.status_code == 200, response.json()
    township = Township.objects.get(pk=api_world.t1.pk)
    assert (township.name, township.slug, township.kind, township.order) == ("清源街道", "qingyuanjd", "subdistrict", 9)
    assert response.json()["zone_name"] == "第一协作区"


@pytest.mark.django_db
def test_move_township_keeps_history_and_moves_reach(api_world, client_for):
    admin = client_for("admin")
    response = admin.post(
        f"/api/townships/{api_world.t1.pk}/move/", {"zone": api_world.zone2.pk, "on_date": "2025-06-01"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["zone_name"] == "第二协作区"

    history = admin.get("/api/zone-memberships/", {"township": api_world.t1.pk}).json()["results"]
    assert sorted((r["zone_name"], r["start_date"], r["end_date"]) for r in history) == [
        ("第一协作区", "2024-01-01", "2025-05-31"),
        ("第二协作区", "2025-06-01", None),
    ]
    assert client_for("zone1_leader").get(f"/api/townships/{api_world.t1.pk}/").status_code == 404
    assert client_for("zone2_leader").get(f"/api/townships/{api_world.t1.pk}/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"zone": "zone1", "on_date": "2025-06-01"}, "zone", "无需调整"),
        ({"zone": "zone2", "on_date": "2023-01-01"}, "on_date", "调整日期不能早于加入现协作区"),
        ({"zone": "zone2", "on_date": "2999-01-01"}, "on_date", "不能晚于今天"),
        ({"zone": "zone_b", "on_date": "2025-06-01"}, "zone", "只能加入本区县的协作区"),
        ({"zone": 999999, "on_date": "2025-06-01"}, "zone", "无效主键"),
        ({"zone": "zone2"}, "on_date", "该字段是必填项"),
    ],
)
def test_move_errors_are_field_keyed(api_world, client_for, payload, field, message):
    body = {
        k: (getattr(api_world, v).pk if isinstance(v, str) and hasattr(api_world, v) else v) for k, v in payload.items()
    }
    response = client_for("admin").post(f"/api/townships/{api_world.t1.pk}/move/", body, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert ZoneMembership.objects.current().get(township=api_world.t1).zone == api_world.zone1


@pytest.mark.django_db
def test_county_admin_writes_only_in_own_county(api_world, client_for):
    client = client_for("county_admin")
    assert (
        client.post("/api/villages/", {"township": api_world.t1.pk, "name": "甲村"}, format="json").status_code == 201
    )

    outside = client.post("/api/villages/", {"township": api_world.tb.pk, "name": "乙新村"}, format="json")
    assert outside.status_code == 400
    assert "无效主键" in outside.json()["errors"]["township"][0]
    assert client.patch(f"/api/townships/{api_world.tb.pk}/", {"name": "x"}, format="json").status_code == 404
    move = client.post(
        f"/api/townships/{api_world.t1.pk}/move/", {"zone": api_world.zone_b.pk, "on_date": "2025-06-01"}, format="json"
    )
    assert move.status_code == 400
    assert "zone" in move.json()["errors"]
    assert not Village.objects.filter(name="乙新村").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("endpoint", "payload", "field", "message"),
    [
        ("villages", {"township": "t2", "name": "老王沟村"}, "name", "本乡镇已有名为“老王沟村”的村（社区）"),
        ("villages", {"township": "t2", "name": ""}, "name", "该字段不能为空"),
        ("villages", {"township": "t2", "name": "新村", "kind": "city"}, "kind", "不是合法选项"),
        ("townships", {"county": "county", "name": "新镇", "slug": "qingping"}, "slug", "已被本区县其他乡镇使用"),
        ("village-groups", {"village": "v2", "name": "一社"}, "name", "本村已有名为“一社”的村民小组"),
        ("zones", {"county": "county", "name": "第一协作区"}, "name", "本区县已有名为“第一协作区”的协作区"),
        (
            "village-supervisors",
            {"group": "g2", "name": "甲", "appointed_on": "2999-01-01"},
            "appointed_on",
            "任职日期不能晚于今天",
        ),
        (
            "village-supervisors",
            {"group": "g2", "name": "甲", "appointed_on": "2025-01-01", "phone": "电话"},
            "phone",
            "请输入有效的电话号码",
        ),
        ("village-supervisors", {"group": "g2", "name": "甲"}, "appointed_on", "该字段是必填项"),
        (
            "committee-members",
            {"village": "v2", "name": "甲", "position": "director", "appointed_on": "2025-01-01"},
            "position",
            "已有在任村监委主任",
        ),
    ],
)
def test_validation_errors_are_400_with_chinese_field_errors(api_world, client_for, endpoint, payload, field, message):
    body = {k: (getattr(api_world, v).pk if hasattr(api_world, v) else v) for k, v in payload.items()}
    model, _rows = ENDPOINTS[endpoint]
    count = model.objects.count()
    response = client_for("admin").post(f"/api/{endpoint}/", body, format="json")
    assert response.status_code == 400
    data = response.json()
    assert data["detail"] == "提交的数据有误，请检查标注的字段。"
    assert field in data["errors"], data
    assert message in " ".join(data["errors"][field])
    assert model.objects.count() == count


@pytest.mark.django_db
def test_a_group_takes_at_most_three_supervisors(api_world, client_for):
    VillageSupervisorFactory(group=api_world.g2, name="乙")
    VillageSupervisorFactory(group=api_world.g2, name="丙")
    payload = {"group": api_world.g2.pk, "name": "丁", "appointed_on": "2025-01-01"}
    response = client_for("admin").post("/api/village-supervisors/", payload, format="json")
    assert response.status_code == 400
    assert "每个村民小组最多 3 名" in response.json()["errors"]["group"][0]


@pytest.mark.django_db
def test_supervisor_account_is_linked_once(api_world, client_for):
    client = client_for("admin")
    payload = {"group": api_world.g2.pk, "name": "老王", "appointed_on": "2025-01-01", "account": api_world.vs2.pk}
    first = client.post("/api/village-supervisors/", payload, format="json")
    assert first.status_code == 201
    assert first.json()["account"] == api_world.vs2.pk
    again = client.post("/api/village-supervisors/", {**payload, "group": api_world.g1.pk}, format="json")
    assert again.status_code == 400
    assert again.json()["errors"] == {"account": ["该系统账号已关联其他人员。"]}


@pytest.mark.django_db
def test_end_a_term_then_wind_up_the_group(api_world, client_for):
    client = client_for("admin")
    supervisor = VillageSupervisor.objects.get(group=api_world.g2)

    blocked = client.post(f"/api/village-groups/{api_world.g2.pk}/deactivate/")
    assert blocked.status_code == 400
    assert "在任监督员" in blocked.json()["errors"]["non_field_errors"][0]

    missing = client.post(f"/api/village-supervisors/{supervisor.pk}/end/", {}, format="json")
    assert missing.json()["errors"] == {"ended_on": ["该字段是必填项。"]}
    ended = client.post(f"/api/village-supervisors/{supervisor.pk}/end/", {"ended_on": "2025-05-01"}, format="json")
    assert ended.status_code == 200
    assert (ended.json()["active"], ended.json()["ended_on"]) == (False, "2025-05-01")
    twice = client.post(f"/api/village-supervisors/{supervisor.pk}/end/", {"ended_on": "2025-05-02"}, format="json")
    assert twice.status_code == 400

    group = client.post(f"/api/village-groups/{api_world.g2.pk}/deactivate/")
    assert group.status_code == 200
    assert group.json()["active"] is False
    assert client.post(f"/api/village-groups/{api_world.g2.pk}/reactivate/").json()["active"] is True
    # The ended term stays on the roster, filterable.
    rows = client.get("/api/village-supervisors/", {"group": api_world.g2.pk, "active": "false"}).json()["results"]
    assert [r["id"] for r in rows] == [supervisor.pk]


@pytest.mark.django_db
def test_committee_member_end_and_update(api_world, client_for):
    client = client_for("admin")
    director = VillageCommitteeMember.objects.get(village=api_world.v2)
    response = client.patch(f"/api/committee-members/{director.pk}/", {"phone": "13011112222"}, format="json")
    assert response.status_code == 200
    assert response.json()["phone"] == "13011112222"
    ended = client.post(f"/api/committee-members/{director.pk}/end/", {"ended_on": "2025-02-01"}, format="json")
    assert ended.json()["active"] is False
    payload = {"village": api_world.v2.pk, "name": "新主任", "position": "director", "appointed_on": "2025-02-02"}
    assert client.post("/api/committee-members/", payload, format="json").status_code == 201


@pytest.mark.django_db
def test_zone_with_member_townships_cannot_be_deactivated(api_world, client_for):
    client = client_for("admin")
    response = client.post(f"/api/zones/{api_world.zone1.pk}/deactivate/")
    assert response.status_code == 400
    assert "还有成员乡镇" in response.json()["errors"]["non_field_errors"][0]
    empty = Zone.objects.create(county=api_world.county, name="空协作区")
    assert client.post(f"/api/zones/{empty.pk}/deactivate/").json()["active"] is False


@pytest.mark.django_db
def test_township_deactivation_ends_its_membership(api_world, client_for):
    client = client_for("admin")
    for group in VillageGroup.objects.filter(village__township=api_world.t3):
        VillageSupervisor.objects.filter(group=group).update(active=False, ended_on=datetime.date(2025, 1, 1))
    VillageCommitteeMember.objects.filter(village__township=api_world.t3).update(
        active=False, ended_on=datetime.date(2025, 1, 1)
    )
    VillageGroup.objects.filter(village__township=api_world.t3).update(active=False)
    blocked = client.post(f"/api/townships/{api_world.t3.pk}/deactivate/", {"on_date": "2025-03-01"}, format="json")
    assert blocked.status_code == 400
    assert client.post(f"/api/villages/{api_world.v3.pk}/deactivate/").status_code == 200
    done = client.post(f"/api/townships/{api_world.t3.pk}/deactivate/", {"on_date": "2025-03-01"}, format="json")
    assert done.status_code == 200
    assert (done.json()["active"], done.json()["zone"]) == (False, None)
    assert ZoneMembership.objects.get(township=api_world.t3).end_date == datetime.date(2025, 3, 1)
