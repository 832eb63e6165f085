"""``/api/users/``: administrators only, within their reach; writes through people.services."""

import pytest

from audit.models import AuditAction, AuditEvent
from people.models import RoleAssignment, User
from people.roles import Role

from .conftest import NON_ADMINS

STRONG = "Qf-Strong-2024!"


def _new_user(**extra):
    return {"username": "lisi", "real_name": "李四", "password": STRONG, "phone": "13912345678", **extra}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", NON_ADMINS)
def test_non_admins_are_refused_everywhere(api_world, client_for, persona):
    client = client_for(persona)
    target = api_world.tw1
    assignment = target.role_assignments.get()
    calls = [
        client.get("/api/users/"),
        client.get(f"/api/users/{target.pk}/"),
        client.post("/api/users/", _new_user(), format="json"),
        client.patch(f"/api/users/{target.pk}/", {"real_name": "改名"}, format="json"),
        client.post(f"/api/users/{target.pk}/deactivate/"),
        client.post(f"/api/users/{target.pk}/password/", {"password": STRONG}, format="json"),
        client.post(f"/api/users/{target.pk}/roles/", {"role": "auditor", "county": api_world.county.pk}),
        client.delete(f"/api/users/{target.pk}/roles/{assignment.pk}/"),
    ]
    for response in calls:
        assert response.status_code == 403, response.request
        assert response.json()["detail"] == "仅系统管理员可以管理用户。"
        assert "results" not in response.json()
    target.refresh_from_db()
    assert target.is_active and target.real_name == "tw-qingyuan"
    assert not User.objects.filter(username="lisi").exists()
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.django_db
def test_admin_lists_every_user_with_roles(api_world, client_for):
    body = client_for("admin").get("/api/users/", {"page_size": 200}).json()
    assert body["count"] == User.objects.count()
    tw2 = next(row for row in body["results"] if row["username"] == "tw-qingping")
    assert tw2["roles"][0]["role_display"] == "乡镇纪委"
    assert tw2["roles"][0]["scope_name"] == "庆坪镇"
    assert "password" not in tw2


@pytest.mark.django_db
def test_county_admin_sees_own_county_staff_and_not_the_other_county(api_world, client_for):
    client = client_for("county_admin")
    usernames = {row["username"] for row in client.get("/api/users/", {"page_size": 200}).json()["results"]}
    assert {"leader", "officer", "petition", "auditor", "admin-a", "zone1", "tw-qingyuan", "vs-laowanggou"} <= usernames
    assert "tw-yizhen" not in usernames
    assert "admin" not in usernames
    outsider = api_world.outsider
    assert client.get(f"/api/users/{outsider.pk}/").status_code == 404
    assert client.patch(f"/api/users/{outsider.pk}/", {"real_name": "x"}, format="json").status_code == 404
    assert client.post(f"/api/users/{outsider.pk}/deactivate/").status_code == 404
    outsider.refresh_from_db()
    assert outsider.is_active


@pytest.mark.django_db
def test_user_filters(api_world, client_for):
    client = client_for("admin")

    def names(**params):
        return {row["username"] for row in client.get("/api/users/", params).json()["results"]}

    assert names(role="zone_leader") == {"zone1", "zone2"}
    assert names(township=api_world.t2.pk) == {"tw-qingping", "vs-laowanggou"}
    assert names(q="qingping") == {"tw-qingping"}
    assert "zone1" in names(zone=api_world.zone1.pk)
    api_world.tw3.is_active = False
    api_world.tw3.save()
    assert names(is_active="false") == {"tw-huichuan"}


@pytest.mark.django_db
def test_create_user_with_roles(api_world, client_for):
    payload = _new_user(
        department=api_world.dept.pk,
        roles=[
            {"role": Role.CASE_OFFICER, "zone": api_world.zone1.pk},
            {"role": Role.AUDITOR, "county": api_world.county.pk},
        ],
    )
    response = client_for("admin").post("/api/users/", payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["username"] == "lisi"
    assert body["department_name"] == "第一纪检监察室"
    assert sorted(r["scope_name"] for r in body["roles"]) == ["甲县", "第一协作区"]
    user = User.objects.get(username="lisi")
    assert user.check_password(STRONG)
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(user.pk)).exists()
    created = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(user.pk), content_type__model="user")
    assert created.actor_id == api_world.admin.pk
    assert created.source == "api"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"real_name": ""}, "real_name", "该字段不能为空。"),
        ({"username": "TW-QINGPING"}, "username", "用户名“TW-QINGPING”已被使用，请换一个。"),
        ({"username": "有 空格"}, "username", "输入合法的用户名"),
        ({"password": "12345678"}, "password", "这个密码太常见了。"),
        ({"phone": "电话"}, "phone", "请输入有效的电话号码"),
        ({"department": 999999}, "department", "无效主键"),
    ],
)
def test_create_user_validation_errors_are_field_keyed_and_chinese(api_world, client_for, payload, field, message):
    response = client_for("admin").post("/api/users/", _new_user(**payload), format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert not User.objects.filter(username__in=["lisi", "有 空格"]).exists()


@pytest.mark.django_db
def test_a_bad_role_rolls_back_the_whole_user(api_world, client_for):
    payload = _new_user(
        roles=[
            {"role": Role.AUDITOR, "county": api_world.county.pk},
            {"role": Role.TOWNSHIP_OFFICER, "county": api_world.county.pk},
        ]
    )
    response = client_for("admin").post("/api/users/", payload, format="json")
    assert response.status_code == 400
    roles = response.json()["errors"]["roles"]
    assert list(roles) == ["1"]
    assert "管辖范围应为" in roles["1"]["non_field_errors"][0]
    assert not User.objects.filter(username="lisi").exists()


@pytest.mark.django_db
def test_county_admin_cannot_grant_a_scope_outside_their_county(api_world, client_for):
    payload = _new_user(roles=[{"role": Role.TOWNSHIP_OFFICER, "township": api_world.tb.pk}])
    response = client_for("county_admin").post("/api/users/", payload, format="json")
    assert response.status_code == 400
    assert "无效主键" in response.json()["errors"]["roles"]["0"]["township"][0]
    assert not User.objects.filter(username="lisi").exists()


@pytest.mark.django_db
def test_patch_changes_the_profile_only(api_world, client_for):
    target = api_world.tw1
    response = client_for("admin").patch(
        f"/api/users/{target.pk}/", {"real_name": "王五", "username": "hacked", "is_active": False}, format="json"
    )
    assert response.status_code == 200
    target.refresh_from_db()
    assert (target.real_name, target.username, target.is_active) == ("王五", "tw-qingyuan", True)
    update = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(target.pk))
    assert update.changes["real_name"] == ["tw-qingyuan", "王五"]


@pytest.mark.django_db
def test_deactivate_and_reactivate(api_world, client_for):
    client = client_for("admin")
    target = api_world.tw1
    assert client.post(f"/api/users/{target.pk}/deactivate/").json()["is_active"] is False
    assert client.post(f"/api/users/{target.pk}/reactivate/").json()["is_active"] is True

    own = client.post(f"/api/users/{api_world.admin.pk}/deactivate/")
    assert own.status_code == 400
    assert own.json()["errors"] == {"non_field_errors": ["不能停用自己的账号。"]}


@pytest.mark.django_db
def test_reset_password(api_world, client_for):
    client = client_for("admin")
    target = api_world.tw1
    assert client.post(f"/api/users/{target.pk}/password/", {"password": STRONG}, format="json").status_code == 204
    target.refresh_from_db()
    assert target.check_password(STRONG)
    weak = client.post(f"/api/users/{target.pk}/password/", {"password": "123"}, format="json")
    assert weak.status_code == 400
    assert "password" in weak.json()["errors"]


@pytest.mark.django_db
def test_assign_and_revoke_a_role(api_world, client_for):
    client = client_for("admin")
    target = api_world.tw1
    response = client.post(
        f"/api/users/{target.pk}/roles/", {"role": Role.AUDITOR, "county": api_world.county.pk}, format="json"
    )
    assert response.status_code == 201
    assignment_id = response.json()["id"]
    assert response.json()["scope_name"] == "甲县"

    twice = client.post(
        f"/api/users/{target.pk}/roles/", {"role": Role.AUDITOR, "county": api_world.county.pk}, format="json"
    )
    assert twice.status_code == 400
    assert twice.json()["errors"] == {"non_field_errors": ["该用户已拥有此角色及管辖范围，无需重复授权。"]}

    # The assignment belongs to tw1: revoking it through another user's URL does not exist.
    assert client.delete(f"/api/users/{api_world.tw2.pk}/roles/{assignment_id}/").status_code == 404
    assert client.delete(f"/api/users/{target.pk}/roles/{assignment_id}/").status_code == 204
    assert not RoleAssignment.objects.filter(pk=assignment_id).exists()


@pytest.mark.django_db
def test_admin_cannot_revoke_own_admin_role(api_world, client_for):
    own = api_world.admin.role_assignments.get()
    response = client_for("admin").delete(f"/api/users/{api_world.admin.pk}/roles/{own.pk}/")
    assert response.status_code == 400
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


@pytest.mark.django_db
def test_user_filter_by_department(api_world, client_for):
    api_world.officer.department = api_world.dept
    api_world.officer.save()
    rows = client_for("admin").get("/api/users/", {"department": api_world.dept.pk}).json()["results"]
    assert [r["username"] for r in rows] == ["officer"]
    assert rows[0]["department_name"] == "第一纪检监察室"
