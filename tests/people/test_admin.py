import pytest
from django.contrib import admin
from django.urls import reverse

from core.models import CalendarDay, CalendarYear, Sequence
from people.models import Person, User
from people.roles import Role
from tests.factories import PersonFactory, UserFactory, grant

OUR_APPS = {"core", "audit", "zones", "people"}
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label in OUR_APPS), key=lambda m: m._meta.label
)


@pytest.fixture
def superuser(world):
    """A superuser who also holds the auditor role (the audit log needs it)."""
    user = UserFactory(username="root", is_superuser=True, is_staff=True)
    grant(user, Role.AUDITOR, county=world.county)
    return user


@pytest.fixture
def sample_rows(world):
    """One row in each table that the world fixture leaves empty."""
    Sequence.objects.create(key="XS620101", year=2025, last_value=3)
    CalendarYear.objects.create(year=2035, notice="国办发明电〔2034〕12号")
    CalendarDay.objects.create(date="2035-10-01", is_workday=False, name="国庆节")
    PersonFactory(county=world.county, township=world.t1)


def test_every_model_of_core_audit_zones_people_is_registered():
    labels = {model._meta.label for model in REGISTERED}
    assert {
        "core.Sequence",
        "core.CalendarYear",
        "core.CalendarDay",
        "audit.AuditEvent",
        "zones.County",
        "zones.Department",
        "zones.Township",
        "zones.Village",
        "zones.VillageGroup",
        "zones.Zone",
        "zones.ZoneMembership",
        "zones.VillageCommitteeMember",
        "zones.VillageSupervisor",
        "people.User",
        "people.RoleAssignment",
        "people.Person",
    } <= labels


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_changelist_and_first_change_page_load_for_superuser(client, superuser, sample_rows, model):
    client.force_login(superuser)
    opts = model._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert response.status_code == 200
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {"q": "清"})
    assert response.status_code == 200
    obj = admin.site._registry[model].get_queryset(response.wsgi_request).first()
    if obj is not None:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_admin_index_is_in_chinese(client, superuser):
    client.force_login(superuser)
    content = client.get(reverse("admin:index")).content.decode()
    assert "系统管理" in content
    assert "角色授权" in content


@pytest.mark.django_db
def test_user_add_page_has_real_name(client, superuser):
    client.force_login(superuser)
    content = client.get(reverse("admin:people_user_add")).content.decode()
    assert 'name="real_name"' in content


@pytest.mark.django_db
def test_user_change_page_shows_profile_fields_and_role_inline(client, superuser, world):
    client.force_login(superuser)
    content = client.get(reverse("admin:people_user_change", args=[world.tw1.pk])).content.decode()
    for name in ("real_name", "phone", "department", "unit", "role_assignments-0-role"):
        assert f'name="{name}"' in content


@pytest.mark.django_db
def test_sequence_is_read_only_in_admin(client, superuser, sample_rows):
    client.force_login(superuser)
    seq = Sequence.objects.get()
    assert client.get(reverse("admin:core_sequence_add")).status_code == 403
    response = client.post(
        reverse("admin:core_sequence_change", args=[seq.pk]), {"key": "XS620101", "year": 2025, "last_value": 1}
    )
    assert response.status_code == 403
    seq.refresh_from_db()
    assert seq.last_value == 3


@pytest.mark.django_db
def test_admin_deactivate_action_goes_through_service(client, superuser, world):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:people_user_changelist"),
        {"action": "deactivate_users", "_selected_action": [world.tw1.pk, superuser.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "不能停用自己的账号" in response.content.decode()
    assert not User.objects.get(pk=world.tw1.pk).is_active
    assert User.objects.get(pk=superuser.pk).is_active


@pytest.mark.django_db
def test_role_level_rule_applies_in_admin_inline(client, superuser, world):
    client.force_login(superuser)
    user = world.nobody
    data = {
        "username": user.username,
        "real_name": "",
        "phone": "",
        "email": "",
        "unit": "",
        "is_active": "on",
        "date_joined_0": "2025-01-01",
        "date_joined_1": "08:00:00",
        "role_assignments-TOTAL_FORMS": "1",
        "role_assignments-INITIAL_FORMS": "0",
        "role_assignments-0-role": Role.TOWNSHIP_OFFICER,
        "role_assignments-0-county": world.county.pk,
    }
    response = client.post(reverse("admin:people_user_change", args=[user.pk]), data)
    assert response.status_code == 200
    assert "角色“乡镇纪委”的管辖范围应为：乡镇" in response.content.decode()
    assert not user.role_assignments.exists()


@pytest.mark.django_db
def test_admin_without_content_role_sees_no_persons_in_admin(client, world):
    PersonFactory(county=world.county, name="被反映人甲")
    root = UserFactory(username="plainroot", is_superuser=True, is_staff=True)
    client.force_login(root)
    response = client.get(reverse("admin:people_person_changelist"))
    assert response.status_code == 200
    assert "被反映人甲" not in response.content.decode()
    assert Person.objects.exists()
