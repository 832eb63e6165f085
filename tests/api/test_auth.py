"""Token sign-in and ``GET /api/me/``."""

import pytest

from audit.models import AuditAction, AuditEvent

from .conftest import PERSONAS, REACH

TOKEN_URL = "/api/auth/token/"


@pytest.mark.django_db
def test_token_for_good_credentials_signs_in_later_requests(api_client, api_world):
    response = api_client.post(TOKEN_URL, {"username": "tw-qingping", "password": "pw-123456"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert len(token) == 40

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get("/api/me/")
    assert me.status_code == 200
    assert me.json()["username"] == "tw-qingping"
    assert api_client.get(f"/api/townships/{api_world.t1.pk}/").status_code == 404


@pytest.mark.django_db
def test_token_is_stable_across_sign_ins(api_client, api_world):
    body = {"username": "leader", "password": "pw-123456"}
    first = api_client.post(TOKEN_URL, body, format="json").json()["token"]
    assert api_client.post(TOKEN_URL, body, format="json").json()["token"] == first


@pytest.mark.django_db
def test_token_sign_in_is_audited(api_client, api_world):
    api_client.post(TOKEN_URL, {"username": "leader", "password": "pw-123456"}, format="json")
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert event.actor_id == api_world.leader.pk
    assert event.detail == "通过 API 获取令牌"
    assert event.source == "api"


@pytest.mark.django_db
def test_bad_password_is_a_400_in_chinese_and_audited(api_client, api_world):
    response = api_client.post(TOKEN_URL, {"username": "leader", "password": "wrong"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == {"non_field_errors": ["用户名或密码不正确，或账号已停用。"]}
    assert body["detail"] == "提交的数据有误，请检查标注的字段。"
    assert "token" not in body
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.object_id == str(api_world.leader.pk)


@pytest.mark.django_db
def test_missing_fields_are_field_errors(api_client, api_world):
    response = api_client.post(TOKEN_URL, {}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"username": ["该字段是必填项。"], "password": ["该字段是必填项。"]}


@pytest.mark.django_db
def test_deactivated_account_gets_no_token_and_its_token_stops_working(api_client, api_world):
    body = {"username": "tw-qingping", "password": "pw-123456"}
    token = api_client.post(TOKEN_URL, body, format="json").json()["token"]
    api_world.tw2.is_active = False
    api_world.tw2.save()
    assert api_client.post(TOKEN_URL, body, format="json").status_code == 400
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/me/").status_code == 401


@pytest.mark.django_db
def test_wrong_token_is_refused(api_client, api_world):
    api_client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = api_client.get("/api/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"] == "认证令牌无效。"


@pytest.mark.django_db
def test_me_requires_sign_in(api_client, api_world):
    response = api_client.get("/api/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "身份认证信息未提供。", "errors": {}}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_me_shows_roles_and_reach(api_world, client_for, persona):
    user = getattr(api_world, persona)
    body = client_for(persona).get("/api/me/").json()
    assert body["username"] == user.username
    assert body["real_name"] == user.real_name
    expected_roles = sorted(user.role_assignments.values_list("role", flat=True))
    assert sorted(r["role"] for r in body["roles"]) == expected_roles
    reach = REACH[persona]
    assert sorted(body["reach"]["counties"]) == sorted(getattr(api_world, n).pk for n in reach.counties)
    assert sorted(body["reach"]["zones"]) == sorted(getattr(api_world, n).pk for n in reach.zones)
    assert sorted(body["reach"]["townships"]) == sorted(getattr(api_world, n).pk for n in reach.townships)


@pytest.mark.django_db
def test_me_names_each_roles_scope(api_world, client_for):
    roles = client_for("zone1_leader").get("/api/me/").json()["roles"]
    assert roles == [
        {
            "id": api_world.zone1_leader.role_assignments.get().pk,
            "role": "zone_leader",
            "role_display": "协作区组长",
            "level": "zone",
            "county": None,
            "zone": api_world.zone1.pk,
            "township": None,
            "village": None,
            "scope_name": "第一协作区",
        }
    ]
    vs_roles = client_for("vs2").get("/api/me/").json()["roles"]
    assert vs_roles[0]["scope_name"] == "庆坪镇老王沟村"
    assert client_for("admin").get("/api/me/").json()["roles"][0]["scope_name"] == "全部"
