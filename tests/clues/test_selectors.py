"""Overdue queues, the home panel, person records and the timeline."""

import datetime

import pytest

from clues import selectors, services
from clues.choices import ClueStep, DisposalMethod
from clues.models import Clue
from people.views import HOME_PANELS

from .factories import assigned, disposing, register, signed

pytestmark = pytest.mark.django_db

D = datetime.date


def counts(user, today):
    return {key: count for key, _label, count, _url in selectors.overdue_queues(user, today=today)}


def test_each_queue_counts_its_overdue_clues(world):
    register(world, received_on=D(2025, 3, 3))  # assign due 4 Mar
    assigned(world, register(world, received_on=D(2025, 3, 3)), on=D(2025, 3, 3))  # sign due 5 Mar
    inquiry = disposing(world, DisposalMethod.INQUIRY, decided_on=D(2025, 3, 4))
    services.clue_record_step(clue=inquiry, user=world.officer, step=ClueStep.INQUIRY_HELD, on=D(2025, 3, 5))
    verification = disposing(world, DisposalMethod.VERIFICATION, decided_on=D(2025, 3, 4))
    services.clue_record_step(clue=verification, user=world.officer, step=ClueStep.PLAN_APPROVED, on=D(2025, 3, 5))
    hold = disposing(world, DisposalMethod.HOLD, decided_on=D(2025, 3, 4))  # review 2 Jun
    named = register(world, received_on=D(2025, 3, 3), is_anonymous=False, reporter={"name": "李明"})
    signed(world, named)

    early = counts(world.leader, D(2025, 3, 4))
    assert early == dict.fromkeys(early, 0)
    later = counts(world.leader, D(2025, 6, 3))
    assert later["assign"] == 1
    assert later["sign"] == 1
    assert later["inquiry"] == 1  # reply due 26 Mar
    assert later["verification"] == 1  # 30 working days after 5 Mar
    assert later["hold"] == 1
    assert later["reporter"] == 1
    assert later["petition"] == 3  # registered/assigned past the 15 working days
    services.clue_record_step(
        clue=named, user=world.petition, step=ClueStep.REPORTER_ACCEPT_NOTIFIED, on=D(2025, 3, 10)
    )
    assert counts(world.leader, D(2025, 6, 3))["reporter"] == 0
    assert hold.pk and counts(world.outsider, D(2025, 6, 3)) == dict.fromkeys(later, 0)


def test_overdue_queues_take_one_query(world, django_assert_num_queries):
    register(world)
    world.leader._qingfeng_scope = None
    from people.scopes import scope_for

    scope_for(world.leader)
    with django_assert_num_queries(1):
        selectors.overdue_queues(world.leader)


def test_home_panel_is_registered_and_hidden_from_admin(world):
    assert selectors.home_panel in HOME_PANELS
    panel = selectors.home_panel(world.petition)
    assert panel["title"] and len(panel["queues"]) == 7
    assert "overdue=true&queue=assign" in panel["queues"][0]["url"]
    assert selectors.home_panel(world.admin) is None


def test_person_record_lists_clues_of_merged_records(world):
    first = register(world)
    second = register(
        world,
        persons=[{"name": "王 建国", "unit": "老王沟村", "cadre_level": "other", "political_status": "party_member"}],
    )
    keep = first.subjects.get().person
    services.person_merge(source=second.subjects.get().person, target=keep, user=world.officer)
    record = selectors.person_record(user=world.officer, person=keep)
    assert {c.pk for c in record["clues"]} == {first.pk, second.pk}
    assert list(selectors.person_record(user=world.tw1, person=keep)["clues"]) == []


def test_clue_get_is_404_outside_scope(world):
    from django.http import Http404

    clue = register(world)
    assert selectors.clue_get(user=world.tw2, pk=clue.pk) == clue
    for user in (world.tw1, world.outsider, world.admin):
        with pytest.raises(Http404):
            selectors.clue_get(user=user, pk=clue.pk)
    with pytest.raises(Http404):
        selectors.clue_get(user=world.leader, pk="1;drop")


def test_timeline_is_in_order(world):
    clue = signed(world)
    assert [e.kind for e in selectors.clue_timeline(clue=clue)] == ["register", "assign", "sign"]
    assert Clue.objects.get(pk=clue.pk).events.count() == 3


def test_reporter_for_is_audited_only_when_shown(world):
    from audit.models import AuditEvent

    clue = register(world, is_anonymous=False, reporter={"name": "李明"})
    assert selectors.reporter_for(clue, world.officer) is None
    assert AuditEvent.objects.filter(action="view_identity").count() == 0
    assert selectors.reporter_for(clue, world.petition).name == "李明"
    assert AuditEvent.objects.filter(action="view_identity", actor=world.petition).count() == 1
