"""The demo letters: every township, every state, overdue items, the 庆坪镇 letter and zone1's escalation."""

import pytest

from notifications.choices import NotificationKind
from notifications.models import Notification, Reminder
from notifications.selectors import unread_count
from rectification import demo, services
from rectification.choices import ItemAction, ItemStatus, LetterStatus
from rectification.models import Item, ItemEvent, Letter
from zones.models import Township

pytestmark = pytest.mark.django_db


def test_demo_letters_cover_every_township_and_state(demo_ctx):
    demo.seed(demo_ctx)
    letters = Letter.objects.filter(county=demo_ctx.county)
    assert set(letters.values_list("township", flat=True)) == set(
        Township.objects.filter(county=demo_ctx.county).values_list("pk", flat=True)
    )
    assert set(letters.values_list("unit_kind", flat=True)) == {"township", "village"}
    assert letters.filter(issuer_zone__isnull=False).exists() and letters.filter(issuer_zone__isnull=True).exists()
    assert {LetterStatus.OPEN, LetterStatus.CLOSED} == set(letters.values_list("status", flat=True))
    issued = letters.values_list("issued_on", flat=True)
    assert (demo_ctx.today - min(issued)).days > 365
    by_number = list(letters.order_by("number").values_list("issued_on", flat=True))
    assert by_number == sorted(by_number)  # numbers run with the issue dates
    items = Item.objects.filter(letter__county=demo_ctx.county)
    assert set(items.values_list("status", flat=True)) == set(ItemStatus.values)
    assert items.overdue(demo_ctx.today).count() >= 5
    assert items.filter(reopen_count__gt=0).exists()
    assert ItemEvent.objects.filter(action=ItemAction.REJECT).exists()
    for letter in letters.filter(status=LetterStatus.CLOSED):
        assert not letter.items.exclude(status=ItemStatus.CLOSED).exists()
        assert letter.closed_on == max(letter.items.values_list("closed_on", flat=True))


def test_demo_qingping_letter_and_zone1_escalation(demo_ctx):
    demo.seed(demo_ctx)
    users = demo_ctx.users
    letter = Letter.objects.get(subject="关于低保和临时救助审批问题的整改督办")
    assert letter.issued_by == users["officer"] and letter.addressee_township.slug == "qingping"
    first, second, third = letter.items.order_by("seq")
    assert (first.status, second.status, third.status) == ("rectifying", "issued", "reported")
    assert {first.contact, second.contact, third.contact} == {users["tw-qingping"]}
    assert services.allowed_actions(users["officer"], third) == ["verify", "reject"]
    escalation = Notification.objects.filter(
        recipient=users["zone1"], kind=NotificationKind.ESCALATION, read_at__isnull=True, url=first.get_absolute_url()
    )
    assert escalation.count() == 1 and "庆坪镇" in escalation.get().title
    assert unread_count(user=users["zone1"]) >= 1
    assert Notification.objects.filter(recipient=users["tw-qingping"], kind="due_soon", url=second.get_absolute_url())
    assert Notification.objects.filter(recipient=users["officer"], kind="item_reported", read_at__isnull=True)


def test_demo_seeding_twice_adds_nothing(demo_ctx):
    demo.seed(demo_ctx)
    before = (Letter.objects.count(), Item.objects.count(), Reminder.objects.count(), Notification.objects.count())
    demo.seed(demo_ctx)
    after = (Letter.objects.count(), Item.objects.count(), Reminder.objects.count(), Notification.objects.count())
    assert after == before
