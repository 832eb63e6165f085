import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditAction, AuditEvent
from people import services
from people.models import RoleAssignment, User
from people.roles import Role
from tests.factories import UserFactory, grant

STRONG = "Qf-Strong-2024!"


@pytest.mark.django_db
def test_user_create_saves_profile_and_usable_password(world):
    user = services.user_create(
        username="zhangsan",
        real_name="张三",
        password=STRONG,
        phone="13900001111",
        department=world.dept,
        unit="",
        email="zs@example.cn",
    )
    user.refresh_from_db()
    assert user.real_name == "张三"
    assert user.department == world.dept
    assert user.is_active
    assert user.check_password(STRONG)


@pytest.mark.django_db
def test_user_create_rejects_weak_password_and_saves_nothing(world):
    with pytest.raises(ValidationError) as exc:
        services.user_create(username="lisi", real_name="李四", password="12345678")
    assert "password" in exc.value.message_dict
    assert not User.objects.filter(username="lisi").exists()


@pytest.mark.django_db
def test_user_create_rejects_bad_phone_with_chinese_message(world):
    with pytest.raises(ValidationError) as exc:
        services.user_create(username="lisi", real_name="李四", password=STRONG, phone="abc")
    assert exc.value.message_dict["phone"] == ["请输入有效的电话号码"]
    assert not User.objects.filter(username="lisi").exists()


@pytest.mark.django_db
def test_set_password_is_audited_without_the_hash(world):
    services.user_set_password(user=world.tw1, password=STRONG)
    world.tw1.refresh_from_db()
    assert world.tw1.check_password(STRONG)
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(world.tw1.pk)).latest("id")
    assert event.detail == "管理员重置密码"
    assert "password" not in event.changes


@pytest.mark.django_db
def test_admin_cannot_deactivate_own_account(world):
    with pytest.raises(ValidationError, match="不能停用自己的账号"):
        services.user_deactivate(user=world.admin, actor=world.admin)
    world.admin.refresh_from_db()
    assert world.admin.is_active


@pytest.mark.django_db
def test_deactivate_then_reactivate_toggles_sign_in(world):
    services.user_deactivate(user=world.tw1, actor=world.admin)
    world.tw1.refresh_from_db()
    assert not world.tw1.is_active
    services.user_reactivate(user=world.tw1)
    world.tw1.refresh_from_db()
    assert world.tw1.is_active


@pytest.mark.django_db
def test_role_assign_gives_township_officer_their_township(world):
    user = UserFactory(username="new-tw")
    assignment = services.role_assign(user=user, role=Role.TOWNSHIP_OFFICER, township=world.t2, actor=world.admin)
    assert assignment.pk and assignment.township == world.t2


@pytest.mark.django_db
def test_township_officer_with_county_scope_is_refused_in_chinese_and_nothing_saved(world):
    user = UserFactory(username="new-tw")
    with pytest.raises(ValidationError) as exc:
        services.role_assign(user=user, role=Role.TOWNSHIP_OFFICER, county=world.county, actor=world.admin)
    assert exc.value.messages == ["角色“乡镇纪委”的管辖范围应为：乡镇"]
    assert not RoleAssignment.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_role_assign_refuses_two_scopes(world):
    user = UserFactory(username="new-officer")
    with pytest.raises(ValidationError, match="只能选择一个管辖范围"):
        services.role_assign(user=user, role=Role.CASE_OFFICER, county=world.county, zone=world.zone1)
    assert not RoleAssignment.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_role_assign_refuses_duplicate(world):
    with pytest.raises(ValidationError, match="无需重复授权"):
        services.role_assign(user=world.tw1, role=Role.TOWNSHIP_OFFICER, township=world.t1)
    assert world.tw1.role_assignments.count() == 1


@pytest.mark.django_db
def test_county_admin_cannot_grant_scope_outside_their_county(world):
    county_admin = UserFactory(username="county-admin")
    grant(county_admin, Role.ADMIN, county=world.county)
    user = UserFactory(username="new-tw")
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        services.role_assign(user=user, role=Role.TOWNSHIP_OFFICER, township=world.tb, actor=county_admin)
    with pytest.raises(ValidationError, match="只有全局系统管理员"):
        services.role_assign(user=user, role=Role.ADMIN, actor=county_admin)
    services.role_assign(user=user, role=Role.TOWNSHIP_OFFICER, township=world.t1, actor=county_admin)
    assert list(user.role_assignments.values_list("township", flat=True)) == [world.t1.pk]


@pytest.mark.django_db
def test_admin_cannot_revoke_own_admin_role(world):
    own = world.admin.role_assignments.get(role=Role.ADMIN)
    with pytest.raises(ValidationError, match="不能撤销自己的系统管理员角色"):
        services.role_revoke(assignment=own, actor=world.admin)
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


@pytest.mark.django_db
def test_role_revoke_deletes_and_audits(world):
    assignment = world.tw1.role_assignments.get()
    pk = assignment.pk
    services.role_revoke(assignment=assignment, actor=world.admin)
    assert not world.tw1.role_assignments.exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_id=str(pk)).exists()
