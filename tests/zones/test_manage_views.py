"""Only administrators in reach create, edit and deactivate; forms keep what was typed."""

import datetime

import pytest
from django.urls import reverse

from zones.models import (
    Township,
    Village,
    VillageCommitteeMember,
    VillageGroup,
    VillageSupervisor,
    Zone,
    ZoneMembership,
)

from .factories import VillageSupervisorFactory

NON_ADMINS = ["leader", "officer", "petition", "auditor", "zone1_leader", "tw2", "vs2", "outsider", "nobody"]


def _write_pages(w):
    """GET pages that change something, all about objects in county A."""
    return [
        reverse("zones:zone_create"),
        reverse("zones:zone_update", args=[w.zone1.pk]),
        reverse("zones:township_create"),
        reverse("zones:township_update", args=[w.t2.pk]),
        reverse("zones:township_move", args=[w.t2.pk]),
        reverse("zones:village_create"),
        reverse("zones:village_update", args=[w.v2.pk]),
        reverse("zones:group_create", args=[w.v2.pk]),
        reverse("zones:group_update", args=[w.g2.pk]),
        reverse("zones:supervisor_create"),
        reverse("zones:supervisor_update", args=[w.s2.pk]),
        reverse("zones:supervisor_end", args=[w.s2.pk]),
        reverse("zones:committee_member_create", args=[w.v2.pk]),
        reverse("zones:committee_member_update", args=[w.m2.pk]),
        reverse("zones:committee_member_end", args=[w.m2.pk]),
    ]


def _action_posts(w):
    return [
        reverse("zones:zone_deactivate", args=[w.zone1.pk]),
        reverse("zones:township_deactivate", args=[w.t2.pk]),
        reverse("zones:village_deactivate", args=[w.v2.pk]),
        reverse("zones:group_deactivate", args=[w.g2.pk]),
        reverse("zones:zone_reactivate", args=[w.zone1.pk]),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", NON_ADMINS)
def test_non_admins_get_404_on_every_write_page_and_change_nothing(client, roster, persona):
    w = roster
    client.force_login(getattr(w, persona))
    for url in _write_pages(w):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "改", "ended_on": "2025-01-01"}).status_code == 404, url
    for url in _action_posts(w):
        assert client.post(url).status_code == 404, url
    w.s2.refresh_from_db()
    w.zone1.refresh_from_db()
    assert w.s2.active and w.zone1.name == "第一协作区"
    assert Zone.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["leader", "tw2", "vs2"])
def test_readers_see_no_manage_buttons(client, roster, persona):
    client.force_login(getattr(roster, persona))
    pages = {
        reverse("zones:zone_list"): reverse("zones:zone_create"),
        reverse("zones:zone_detail", args=[roster.zone1.pk]): reverse("zones:zone_update", args=[roster.zone1.pk]),
        reverse("zones:township_detail", args=[roster.t2.pk]): reverse("zones:township_move", args=[roster.t2.pk]),
        reverse("zones:village_detail", args=[roster.v2.pk]): reverse("zones:group_create", args=[roster.v2.pk]),
        reverse("zones:supervisor_list"): reverse("zones:supervisor_create"),
    }
    for page, write_url in pages.items():
        content = client.get(page).content.decode()
        assert write_url not in content, page
        assert "deactivate" not in content, page


@pytest.mark.django_db
def test_admin_sees_manage_buttons(client, roster):
    client.force_login(roster.admin)
    content = client.get(reverse("zones:zone_detail", args=[roster.zone1.pk])).content.decode()
    assert reverse("zones:zone_update", args=[roster.zone1.pk]) in content
    assert reverse("zones:township_move", args=[roster.t2.pk]) in content


@pytest.mark.django_db
def test_county_admin_gets_404_on_other_countys_write_pages(client, roster, county_admin):
    w = roster
    client.force_login(county_admin)
    assert client.get(reverse("zones:zone_update", args=[w.zone1.pk])).status_code == 200
    for url in [
        reverse("zones:zone_update", args=[w.zone_b.pk]),
        reverse("zones:township_move", args=[w.tb.pk]),
        reverse("zones:village_update", args=[w.vb.pk]),
        reverse("zones:group_create", args=[w.vb.pk]),
        reverse("zones:supervisor_end", args=[w.sb.pk]),
        reverse("zones:committee_member_update", args=[w.mb.pk]),
        reverse("zones:zone_detail", args=[w.zone_b.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("zones:zone_deactivate", args=[w.zone_b.pk])).status_code == 404
    choices = client.get(reverse("zones:supervisor_create")).context["form"].fields["group"].queryset
    assert w.gb not in choices and w.g2 in choices


@pytest.mark.django_db
def test_admin_creates_zone_then_township_then_village_group_and_supervisor(client, world):
    client.force_login(world.admin)
    response = client.post(
        reverse("zones:zone_create"),
        {"county": world.county.pk, "name": "第三协作区", "leader": world.zone2_leader.pk, "order": 3},
    )
    zone = Zone.objects.get(name="第三协作区")
    assert response["Location"] == reverse("zones:zone_detail", args=[zone.pk])
    client.post(
        reverse("zones:township_create"),
        {
            "county": world.county.pk,
            "name": "莲峰镇",
            "kind": "town",
            "slug": "lianfeng",
            "order": 5,
            "zone": zone.pk,
            "joined_on": "2025-01-01",
        },
    )
    township = Township.objects.get(name="莲峰镇")
    assert ZoneMembership.objects.current().get(township=township).zone == zone
    client.post(reverse("zones:village_create"), {"township": township.pk, "name": "莲峰村", "kind": "village"})
    village = Village.objects.get(name="莲峰村")
    client.post(reverse("zones:group_create", args=[village.pk]), {"name": "一社"})
    group = VillageGroup.objects.get(village=village)
    response = client.post(
        reverse("zones:supervisor_create"),
        {"group": group.pk, "name": "马廉", "kind": "integrity", "phone": "13912345678", "appointed_on": "2025-02-01"},
    )
    assert response["Location"] == reverse("zones:group_detail", args=[group.pk])
    assert VillageSupervisor.objects.get(name="马廉").group == group
    client.post(
        reverse("zones:committee_member_create", args=[village.pk]),
        {"name": "马主任", "position": "director", "appointed_on": "2025-02-01"},
    )
    assert VillageCommitteeMember.objects.get(name="马主任").position == "director"


@pytest.mark.django_db
def test_move_form_moves_and_shows_history(client, world):
    client.force_login(world.admin)
    url = reverse("zones:township_move", args=[world.t2.pk])
    response = client.get(url)
    assert [m.zone for m in response.context["history"]] == [world.zone1]
    response = client.post(url, {"zone": world.zone2.pk, "on_date": "2025-04-01"})
    assert response.status_code == 302
    history = list(client.get(url).context["history"])
    assert [(m.zone, m.start_date, m.end_date) for m in history] == [
        (world.zone2, datetime.date(2025, 4, 1), None),
        (world.zone1, datetime.date(2024, 1, 1), datetime.date(2025, 3, 31)),
    ]


@pytest.mark.django_db
def test_move_form_with_bad_date_keeps_choice_and_saves_nothing(client, world):
    client.force_login(world.admin)
    url = reverse("zones:township_move", args=[world.t2.pk])
    response = client.post(url, {"zone": world.zone2.pk, "on_date": "2023-06-01"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "调整日期不能早于" in form.errors["on_date"][0]
    content = response.content.decode()
    assert f'<option value="{world.zone2.pk}" selected>' in content
    assert 'value="2023-06-01"' in content
    assert ZoneMembership.objects.filter(township=world.t2).count() == 1


@pytest.mark.django_db
def test_fourth_supervisor_form_shows_the_refusal_and_keeps_typed_input(client, world):
    for _n in range(3):
        VillageSupervisorFactory(group=world.g2)
    client.force_login(world.admin)
    response = client.post(
        reverse("zones:supervisor_create"),
        {"group": world.g2.pk, "name": "第四人", "kind": "grid", "phone": "13700001111", "appointed_on": "2025-01-02"},
    )
    assert response.status_code == 200
    assert "最多 3 名" in response.context["form"].errors["group"][0]
    content = response.content.decode()
    assert 'value="第四人"' in content and 'value="13700001111"' in content
    assert '<option value="grid" selected>' in content
    assert not VillageSupervisor.objects.filter(name="第四人").exists()


@pytest.mark.django_db
def test_zone_form_duplicate_name_keeps_input(client, world):
    client.force_login(world.admin)
    response = client.post(
        reverse("zones:zone_create"),
        {"county": world.county.pk, "name": "第一协作区", "leader": world.zone2_leader.pk, "order": 7},
    )
    assert response.status_code == 200
    assert "已有名为" in response.context["form"].errors["name"][0]
    content = response.content.decode()
    assert f'<option value="{world.zone2_leader.pk}" selected>' in content
    assert 'value="7"' in content


@pytest.mark.django_db
def test_end_term_form_refuses_date_before_appointment(client, roster):
    client.force_login(roster.admin)
    url = reverse("zones:supervisor_end", args=[roster.s2.pk])
    response = client.post(url, {"ended_on": "2020-01-01"})
    assert response.status_code == 200
    assert "离任日期不能早于任职日期" in response.context["form"].errors["ended_on"][0]
    response = client.post(url, {"ended_on": "2025-01-01"})
    assert response.status_code == 302
    roster.s2.refresh_from_db()
    assert not roster.s2.active and roster.s2.ended_on == datetime.date(2025, 1, 1)


@pytest.mark.django_db
def test_deactivate_refusal_is_shown_as_message_and_changes_nothing(client, world):
    client.force_login(world.admin)
    response = client.post(reverse("zones:zone_deactivate", args=[world.zone1.pk]), follow=True)
    assert "还有成员乡镇" in response.content.decode()
    world.zone1.refresh_from_db()
    assert world.zone1.active


@pytest.mark.django_db
def test_group_deactivate_and_reactivate(client, world):
    client.force_login(world.admin)
    client.post(reverse("zones:group_deactivate", args=[world.g2.pk]))
    world.g2.refresh_from_db()
    assert not world.g2.active
    client.post(reverse("zones:group_reactivate", args=[world.g2.pk]))
    world.g2.refresh_from_db()
    assert world.g2.active


@pytest.mark.django_db
def test_new_township_from_a_zone_page_starts_with_that_zone_and_its_county(client, world):
    client.force_login(world.admin)
    form = client.get(reverse("zones:township_create") + f"?zone={world.zone_b.pk}").context["form"]
    assert form.initial["zone"] == world.zone_b.pk
    assert form.initial["county"] == world.other_county.pk
    # Garbage starts from nothing chosen.
    assert "zone" not in client.get(reverse("zones:township_create") + "?zone=x").context["form"].initial


@pytest.mark.django_db
def test_new_township_ignores_a_zone_outside_the_admins_reach(client, world, county_admin):
    client.force_login(county_admin)
    form = client.get(reverse("zones:township_create") + f"?zone={world.zone_b.pk}").context["form"]
    assert "zone" not in form.initial


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/zones/groups/7/", "/zones/groups/7/"),
        ("javascript:alert(document.cookie)", "/zones/supervisors/"),
        ("//evil.example/", "/zones/supervisors/"),
        ("https://evil.example/", "/zones/supervisors/"),
        ("/\\evil.example/", "/zones/supervisors/"),
    ],
)
def test_supervisor_form_cancel_link_stays_on_this_site(client, world, given, expected):
    client.force_login(world.admin)
    response = client.get(reverse("zones:supervisor_create"), {"next": given})
    assert response.context["cancel_url"] == expected
