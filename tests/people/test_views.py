import pytest
from django.urls import reverse

from people.models import RoleAssignment, User
from people.roles import Role
from tests.factories import UserFactory, grant

STRONG = "Qf-Strong-2024!"

NON_ADMINS = ["leader", "officer", "auditor", "zone1_leader", "tw1", "vs2", "outsider", "nobody"]


@pytest.fixture
def admin_client(client, world):
    """A client signed in as the global administrator."""
    client.force_login(world.admin)
    return client


@pytest.fixture
def other_county_admin(world):
    """An administrator of the other county only."""
    user = UserFactory(username="admin-b")
    grant(user, Role.ADMIN, county=world.other_county)
    return user


def _user_pages(pk):
    return [
        reverse("people:user_detail", args=[pk]),
        reverse("people:user_update", args=[pk]),
        reverse("people:user_password", args=[pk]),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", NON_ADMINS)
def test_non_admins_get_404_on_every_user_management_page(client, world, persona):
    client.force_login(getattr(world, persona))
    urls = [reverse("people:user_list"), reverse("people:user_create"), *_user_pages(world.tw1.pk)]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for name in ("people:user_deactivate", "people:role_assign"):
        assert client.post(reverse(name, args=[world.tw1.pk])).status_code == 404
    revoke = reverse("people:role_revoke", args=[world.tw1.role_assignments.get().pk])
    assert client.post(revoke).status_code == 404
    world.tw1.refresh_from_db()
    assert world.tw1.is_active and world.tw1.role_assignments.count() == 1


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("people:user_list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_admin_of_other_county_gets_404_on_this_countys_user(client, world, other_county_admin):
    client.force_login(other_county_admin)
    assert client.get(reverse("people:user_list")).status_code == 200
    for url in _user_pages(world.leader.pk):
        assert client.get(url).status_code == 404
    response = client.post(reverse("people:user_deactivate", args=[world.leader.pk]))
    assert response.status_code == 404
    world.leader.refresh_from_db()
    assert world.leader.is_active


@pytest.mark.django_db
def test_admin_of_other_county_cannot_revoke_this_countys_role(client, world, other_county_admin):
    client.force_login(other_county_admin)
    assignment = world.leader.role_assignments.get()
    assert client.post(reverse("people:role_revoke", args=[assignment.pk])).status_code == 404
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.django_db
def test_user_list_shows_users_with_roles_within_query_budget(admin_client, world, django_assert_max_num_queries):
    for n in range(30):
        grant(UserFactory(username=f"extra{n}"), Role.TOWNSHIP_OFFICER, township=world.t2)
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("people:user_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "tw-qingyuan" in content
    assert "乡镇纪委 · 清源镇" in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected", "absent"),
    [
        ({"q": "qingyuan"}, {"tw-qingyuan"}, {"tw-qingping", "leader"}),
        ({"role": Role.AUDITOR}, {"auditor"}, {"leader", "tw-qingyuan"}),
        ({"township": "t2"}, {"tw-qingping", "vs-laowanggou"}, {"tw-qingyuan", "leader"}),
        ({"zone": "zone1"}, {"zone1", "tw-qingyuan", "tw-qingping", "vs-laowanggou"}, {"tw-huichuan", "zone2"}),
        ({"is_active": "false"}, {"tw-huichuan"}, {"tw-qingyuan"}),
    ],
)
def test_user_list_filters(admin_client, world, params, expected, absent):
    world.tw3.is_active = False
    world.tw3.save()
    query = {k: getattr(world, v).pk if k in ("township", "zone") else v for k, v in params.items()}
    response = admin_client.get(reverse("people:user_list"), query)
    usernames = {u.username for u in response.context["users"]}
    assert expected <= usernames
    assert not (absent & usernames)


@pytest.mark.django_db
def test_user_list_searches_phone(admin_client, world):
    world.tw2.phone = "13812345678"
    world.tw2.save()
    response = admin_client.get(reverse("people:user_list"), {"q": "1234567"})
    assert [u.username for u in response.context["users"]] == ["tw-qingping"]


@pytest.mark.django_db
def test_admin_creates_user_and_lands_on_its_page(admin_client, world):
    response = admin_client.post(
        reverse("people:user_create"),
        {
            "username": "wangwu",
            "real_name": "王五",
            "phone": "0931-1234567",
            "department": world.dept.pk,
            "unit": "",
            "email": "",
            "password1": STRONG,
            "password2": STRONG,
        },
    )
    user = User.objects.get(username="wangwu")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:user_detail", args=[user.pk])
    assert user.real_name == "王五" and user.department == world.dept and user.check_password(STRONG)


@pytest.mark.django_db
def test_create_errors_are_chinese_and_keep_typed_input(admin_client, world):
    response = admin_client.post(
        reverse("people:user_create"),
        {
            "username": "tw-qingyuan",
            "real_name": "重名",
            "phone": "not a phone",
            "password1": "12345678",
            "password2": "12345679",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "用户名“tw-qingyuan”已被使用" in content
    assert "两次输入的密码不一致" in content
    assert 'value="重名"' in content
    assert 'value="not a phone"' in content
    assert not User.objects.filter(real_name="重名").exists()


@pytest.mark.django_db
def test_create_reports_model_validation_on_the_field(admin_client, world):
    response = admin_client.post(
        reverse("people:user_create"),
        {"username": "zhaoliu", "real_name": "赵六", "phone": "abc", "password1": STRONG, "password2": STRONG},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["phone"] == ["请输入有效的电话号码"]
    assert not User.objects.filter(username="zhaoliu").exists()


@pytest.mark.django_db
def test_admin_edits_profile(admin_client, world):
    url = reverse("people:user_update", args=[world.tw1.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"real_name": "清源纪委书记", "phone": "13900000001", "unit": "清源镇纪委"})
    assert response.status_code == 302
    world.tw1.refresh_from_db()
    assert (world.tw1.real_name, world.tw1.unit) == ("清源纪委书记", "清源镇纪委")


@pytest.mark.django_db
def test_edit_requires_real_name(admin_client, world):
    response = admin_client.post(reverse("people:user_update", args=[world.tw1.pk]), {"real_name": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["real_name"]
    world.tw1.refresh_from_db()
    assert world.tw1.real_name == "tw-qingyuan"


@pytest.mark.django_db
def test_user_detail_within_query_budget(admin_client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        response = admin_client.get(reverse("people:user_detail", args=[world.tw1.pk]))
    assert response.status_code == 200
    assert "清源镇" in response.content.decode()


@pytest.mark.django_db
def test_deactivate_and_reactivate_from_user_page(admin_client, world, client):
    admin_client.post(reverse("people:user_deactivate", args=[world.tw1.pk]))
    world.tw1.refresh_from_db()
    assert not world.tw1.is_active
    admin_client.post(reverse("people:user_reactivate", args=[world.tw1.pk]))
    world.tw1.refresh_from_db()
    assert world.tw1.is_active


@pytest.mark.django_db
def test_deactivate_only_accepts_post(admin_client, world):
    assert admin_client.get(reverse("people:user_deactivate", args=[world.tw1.pk])).status_code == 405
    world.tw1.refresh_from_db()
    assert world.tw1.is_active


@pytest.mark.django_db
def test_deactivating_self_shows_error_and_keeps_account(admin_client, world):
    response = admin_client.post(reverse("people:user_deactivate", args=[world.admin.pk]), follow=True)
    assert "不能停用自己的账号" in response.content.decode()
    world.admin.refresh_from_db()
    assert world.admin.is_active


@pytest.mark.django_db
def test_password_reset_mismatch_then_success(admin_client, world):
    url = reverse("people:user_password", args=[world.tw1.pk])
    response = admin_client.post(url, {"new_password1": STRONG, "new_password2": "other"})
    assert "两次输入的密码不一致" in response.content.decode()
    response = admin_client.post(url, {"new_password1": STRONG, "new_password2": STRONG})
    assert response.status_code == 302
    world.tw1.refresh_from_db()
    assert world.tw1.check_password(STRONG)


@pytest.mark.django_db
def test_password_reset_rejects_common_password_in_chinese(admin_client, world):
    url = reverse("people:user_password", args=[world.tw1.pk])
    response = admin_client.post(url, {"new_password1": "password", "new_password2": "password"})
    assert response.status_code == 200
    assert "这个密码太常见了" in response.content.decode()
    world.tw1.refresh_from_db()
    assert world.tw1.check_password("pw-123456")


@pytest.mark.django_db
def test_role_assign_through_page(admin_client, world):
    response = admin_client.post(
        reverse("people:role_assign", args=[world.tw1.pk]), {"role": Role.CASE_OFFICER, "zone": world.zone1.pk}
    )
    assert response.status_code == 302
    assert world.tw1.role_assignments.filter(role=Role.CASE_OFFICER, zone=world.zone1).exists()


@pytest.mark.django_db
def test_role_assign_with_wrong_level_shows_chinese_error_and_saves_nothing(admin_client, world):
    response = admin_client.post(
        reverse("people:role_assign", args=[world.nobody.pk]),
        {"role": Role.TOWNSHIP_OFFICER, "county": world.county.pk},
    )
    assert response.status_code == 200
    assert "角色“乡镇纪委”的管辖范围应为：乡镇" in response.content.decode()
    assert response.context["role_form"]["role"].value() == Role.TOWNSHIP_OFFICER
    assert not world.nobody.role_assignments.exists()


@pytest.mark.django_db
def test_role_revoke_through_page(admin_client, world):
    assignment = world.tw1.role_assignments.get()
    response = admin_client.post(reverse("people:role_revoke", args=[assignment.pk]))
    assert response.status_code == 302
    assert not world.tw1.role_assignments.exists()


@pytest.mark.django_db
def test_navigation_shows_user_management_only_to_admins(client, world):
    client.force_login(world.admin)
    page = client.get(reverse("people:user_list")).content.decode()
    assert f'href="{reverse("people:user_list")}"' in page
    assert f'href="{reverse("audit:event_list")}"' not in page
    client.force_login(world.auditor)
    page = client.get(reverse("audit:event_list")).content.decode()
    assert f'href="{reverse("people:user_list")}"' not in page
