import pytest
from django.urls import reverse

from cases.models import CaseSettings
from people.roles import Role
from tests.factories import UserFactory, grant

from .factories import file_case, member

pytestmark = pytest.mark.django_db

MODELS = ["case", "caseperson", "measure", "caseevent", "caseextension", "cluemeasuresubject", "casesettings"]


@pytest.fixture
def staff_leader(world):
    """A superuser who is also the county's commission leader (so case content is in scope)."""
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    grant(user, Role.LEADER, county=world.county)
    return user


def test_every_case_model_is_in_the_admin_and_cases_are_read_only(client, world, staff_leader):
    case = file_case(world, persons=[member(world.county)])
    client.force_login(staff_leader)
    assert client.get(reverse("admin:cases_case_changelist")).context["cl"].result_count == 1
    for model in MODELS:
        assert client.get(reverse(f"admin:cases_{model}_changelist")).status_code == 200, model
    page = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert page.status_code == 200 and case.number in page.content.decode()
    assert client.get(reverse("admin:cases_case_add")).status_code == 403


def test_admin_without_a_case_role_sees_no_cases(client, world):
    file_case(world)
    root = UserFactory(username="root2", is_staff=True, is_superuser=True)
    client.force_login(root)
    response = client.get(reverse("admin:cases_case_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def test_county_settings_are_edited_in_the_admin(client, world, staff_leader):
    client.force_login(staff_leader)
    response = client.post(
        reverse("admin:cases_casesettings_add"),
        {
            "county": world.county.pk,
            "investigation_days": 60,
            "extension_max_days": 30,
            "review_days": 30,
            "execution_days": 30,
            "warning_days": 7,
            "probation_warning_days": 30,
        },
    )
    assert response.status_code == 302
    assert CaseSettings.for_county(world.county).extension_max_days == 30
