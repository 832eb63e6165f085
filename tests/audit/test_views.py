import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from audit.context import acting
from audit.models import AuditAction, AuditEvent
from audit.tracking import record
from zones.models import County, Township

NON_AUDITORS = ["admin", "officer", "petition", "zone1_leader", "tw1", "vs2", "outsider", "nobody"]


@pytest.fixture
def auditor_client(client, world):
    """A client signed in as the county auditor."""
    client.force_login(world.auditor)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("persona", NON_AUDITORS)
def test_audit_pages_are_404_for_everyone_but_leaders_and_auditors(client, world, persona):
    event = AuditEvent.objects.first()
    client.force_login(getattr(world, persona))
    assert client.get(reverse("audit:event_list")).status_code == 404
    assert client.get(reverse("audit:event_detail", args=[event.pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["leader", "auditor"])
def test_leaders_and_auditors_read_the_audit_log(client, world, persona):
    event = AuditEvent.objects.first()
    client.force_login(getattr(world, persona))
    assert client.get(reverse("audit:event_list")).status_code == 200
    assert client.get(reverse("audit:event_detail", args=[event.pk])).status_code == 200


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("audit:event_list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_event_list_within_query_budget(auditor_client, world, django_assert_max_num_queries):
    with acting(user=world.admin):
        for n in range(60):
            world.t1.name = f"清源镇{n}"
            world.t1.save()
    with django_assert_max_num_queries(8):
        response = auditor_client.get(reverse("audit:event_list"))
    assert response.status_code == 200
    assert len(response.context["events"]) == 50
    assert response.context["page"].has_next


@pytest.mark.django_db
def test_event_list_pages_without_counting(auditor_client, world):
    total = AuditEvent.objects.count()
    first = auditor_client.get(reverse("audit:event_list")).context["events"]
    second = auditor_client.get(reverse("audit:event_list"), {"page": 2}).context["events"]
    assert len(first) + len(second) == min(total, 100)
    assert not {e.pk for e in first} & {e.pk for e in second}
    assert auditor_client.get(reverse("audit:event_list"), {"page": "abc"}).status_code == 200


@pytest.mark.django_db
def test_filter_by_action_object_type_and_text(auditor_client, world):
    with acting(user=world.admin):
        world.t2.name = "庆坪镇（更名）"
        world.t2.save()
    url = reverse("audit:event_list")
    township_type = ContentType.objects.get_for_model(Township)
    events = auditor_client.get(url, {"action": "update", "content_type": township_type.pk}).context["events"]
    assert [e.object_repr for e in events] == ["庆坪镇（更名）"]
    events = auditor_client.get(url, {"q": "更名"}).context["events"]
    assert {e.object_id for e in events} == {str(world.t2.pk)}
    county_type = ContentType.objects.get_for_model(County)
    assert not auditor_client.get(url, {"action": "update", "content_type": county_type.pk}).context["events"]


@pytest.mark.django_db
def test_filter_by_actor_name_and_id(auditor_client, world):
    with acting(user=world.officer):
        record(action=AuditAction.EXPORT, detail="导出线索台账")
    url = reverse("audit:event_list")
    by_name = auditor_client.get(url, {"actor": "offic"}).context["events"]
    assert [e.detail for e in by_name] == ["导出线索台账"]
    by_id = auditor_client.get(url, {"actor_id": world.officer.pk}).context["events"]
    assert [e.detail for e in by_id] == ["导出线索台账"]


@pytest.mark.django_db
def test_filter_by_date_range_uses_local_days(auditor_client, world):
    record(action=AuditAction.EXPORT, detail="today")
    today = timezone.localdate()
    url = reverse("audit:event_list")
    yesterday = today - datetime.timedelta(days=1)
    assert auditor_client.get(url, {"date_from": today, "date_to": today, "q": "today"}).context["events"]
    assert not auditor_client.get(url, {"date_to": yesterday, "q": "today"}).context["events"]
    assert not auditor_client.get(url, {"date_from": today + datetime.timedelta(days=1)}).context["events"]


@pytest.mark.django_db
def test_invalid_filter_shows_message_not_everything(auditor_client, world):
    response = auditor_client.get(reverse("audit:event_list"), {"date_from": "不是日期"})
    assert response.status_code == 200
    assert list(response.context["events"]) == []
    assert "筛选条件有误" in response.content.decode()


@pytest.mark.django_db
def test_detail_shows_changes_as_readable_table(auditor_client, world, django_assert_max_num_queries):
    with acting(user=world.admin):
        world.zone1.name = "第一协作区（调整）"
        world.zone1.active = False
        world.zone1.coordinating_department = None
        world.zone1.save()
    event = AuditEvent.objects.filter(action="update", object_id=str(world.zone1.pk)).latest("id")
    with django_assert_max_num_queries(10):
        response = auditor_client.get(reverse("audit:event_detail", args=[event.pk]))
    rows = {row["field"]: (row["before"], row["after"]) for row in response.context["rows"]}
    assert rows["名称"] == ("第一协作区", "第一协作区（调整）")
    assert rows["启用"] == ("是", "否")
    assert rows["牵头纪检监察室"] == ("第一纪检监察室", "—")
    assert "第一协作区（调整）" in response.content.decode()


@pytest.mark.django_db
def test_detail_shows_choice_labels(auditor_client, world):
    with acting(user=world.admin):
        world.t1.kind = "subdistrict"
        world.t1.save()
    event = AuditEvent.objects.filter(action="update", object_id=str(world.t1.pk)).latest("id")
    rows = auditor_client.get(reverse("audit:event_detail", args=[event.pk])).context["rows"]
    assert {"field": "类别", "before": "镇", "after": "街道"} in rows


@pytest.mark.django_db
def test_audit_pages_offer_no_way_to_change_a_record(auditor_client, world):
    event = AuditEvent.objects.first()
    url = reverse("audit:event_detail", args=[event.pk])
    assert auditor_client.post(url, {"detail": "tampered"}).status_code == 405
    assert auditor_client.post(reverse("audit:event_list")).status_code == 405
    assert '<form method="post"' not in auditor_client.get(url).content.decode().split("<main")[1]
