"""The reminder scan: working-day dates across official holidays, escalation, exactly once, e-mail."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction

from notifications import reminders
from notifications.choices import DeliveryState, NotificationKind, ReminderKind
from notifications.models import Notification, Reminder
from rectification import services
from rectification.choices import ItemAction
from rectification.models import ItemEvent
from tests.rectification.factories import issue_letter, pdf

pytestmark = pytest.mark.django_db
D = datetime.date


def _item(world, *, issued_on, due_on, **kwargs):
    letter = issue_letter(world, issued_on=issued_on, due_on=due_on, **kwargs)
    return letter.items.get()


def _item_reminders(item, **filters):
    return Reminder.objects.filter(source="rectification.item", object_id=item.pk, **filters)


def _days_with(item, kind, start, end):
    """Scan every calendar day from ``start`` to ``end``; the days on which a ``kind`` reminder was recorded."""
    days = []
    day = start
    while day <= end:
        before = _item_reminders(item, kind=kind).count()
        reminders.scan(today=day)
        if _item_reminders(item, kind=kind).count() > before:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def test_due_soon_counts_three_working_days_across_national_day_2024(world):
    # Due Wed 9 Oct 2024: the working days before it are 8 Oct, 30 Sep and Sun 29 Sep (a make-up working day).
    item = _item(world, issued_on=D(2024, 9, 2), due_on=D(2024, 10, 9))
    assert _days_with(item, ReminderKind.DUE_SOON, D(2024, 9, 25), D(2024, 10, 9)) == [D(2024, 9, 29)]
    sent = _item_reminders(item, kind=ReminderKind.DUE_SOON)
    assert {r.recipient for r in sent} == {world.tw2, world.officer}
    note = Notification.objects.get(recipient=world.tw2, kind=NotificationKind.DUE_SOON)
    assert "2024-10-09" in note.title and note.url == item.get_absolute_url()


def test_due_today_reminder_on_the_due_date(world):
    item = _item(world, issued_on=D(2024, 9, 2), due_on=D(2024, 10, 8))
    assert _days_with(item, ReminderKind.DUE_TODAY, D(2024, 10, 1), D(2024, 10, 9)) == [D(2024, 10, 8)]
    assert Notification.objects.filter(kind=NotificationKind.DUE_TODAY, recipient=world.tw2).count() == 1


def test_overdue_every_five_working_days_across_national_day_2024_then_escalates(world):
    # Due Mon 30 Sep 2024; 1–7 Oct are holidays, Sat 12 Oct is a make-up working day.
    item = _item(world, issued_on=D(2024, 9, 2), due_on=D(2024, 9, 30))
    days = _days_with(item, ReminderKind.OVERDUE, D(2024, 10, 1), D(2024, 10, 25))
    assert days == [D(2024, 10, 8), D(2024, 10, 14), D(2024, 10, 21)]
    overdue = _item_reminders(item, kind=ReminderKind.OVERDUE)
    assert sorted({r.interval for r in overdue}) == [1, 2, 3]
    assert overdue.filter(recipient=world.tw2).count() == 3 and overdue.filter(recipient=world.officer).count() == 3
    # After two overdue reminders, the third goes to the zone leader as well: 督办.
    escalation = _item_reminders(item, kind=ReminderKind.ESCALATION).get()
    assert escalation.recipient == world.zone1_leader and escalation.interval == 3
    bell = Notification.objects.get(recipient=world.zone1_leader, kind=NotificationKind.ESCALATION)
    assert "庆坪镇" in bell.title and "逾期 11 个工作日" in bell.title


def test_overdue_across_spring_festival_2026(world):
    # Due Fri 13 Feb 2026; Sat 14 Feb and Sat 28 Feb are make-up working days, 15–23 Feb the holiday.
    item = _item(world, issued_on=D(2026, 1, 5), due_on=D(2026, 2, 13))
    days = _days_with(item, ReminderKind.OVERDUE, D(2026, 2, 14), D(2026, 3, 6))
    assert days == [D(2026, 2, 14), D(2026, 2, 28), D(2026, 3, 6)]
    assert _item_reminders(item, kind=ReminderKind.ESCALATION).get().recipient == world.zone1_leader


def test_due_soon_before_spring_festival_2026(world):
    # Due Wed 25 Feb 2026: three working days back are 24 Feb, Sat 14 Feb and 13 Feb.
    item = _item(world, issued_on=D(2026, 1, 5), due_on=D(2026, 2, 25))
    assert _days_with(item, ReminderKind.DUE_SOON, D(2026, 2, 10), D(2026, 2, 25)) == [D(2026, 2, 13)]


def test_nothing_is_sent_on_a_holiday(world):
    _item(world, issued_on=D(2024, 9, 2), due_on=D(2024, 9, 27))
    result = reminders.scan(today=D(2024, 10, 3))
    assert result.created == [] and not Reminder.objects.exists()


def test_escalation_threshold_is_a_setting(world, settings):
    settings.QINGFENG_REMINDER_ESCALATE_AFTER = 1
    item = _item(world, issued_on=D(2024, 9, 2), due_on=D(2024, 9, 30))
    reminders.scan(today=D(2024, 10, 8))
    assert not _item_reminders(item, kind=ReminderKind.ESCALATION).exists()
    reminders.scan(today=D(2024, 10, 14))
    assert _item_reminders(item, kind=ReminderKind.ESCALATION).get().interval == 2


def test_repeat_interval_and_lead_time_are_settings(world, settings):
    settings.QINGFENG_REMINDER_OVERDUE_EVERY = 2
    settings.QINGFENG_REMINDER_DAYS_BEFORE = 1
    item = _item(world, issued_on=D(2024, 9, 2), due_on=D(2024, 9, 30))
    assert _days_with(item, ReminderKind.DUE_SOON, D(2024, 9, 25), D(2024, 9, 30)) == [D(2024, 9, 29)]
    assert _days_with(item, ReminderKind.OVERDUE, D(2024, 10, 1), D(2024, 10, 11)) == [
        D(2024, 10, 8),
        D(2024, 10, 10),
    ]


def test_department_letter_escalates_to_the_issuing_zone_leader(world):
    letter = issue_letter(
        world, department=world.dept, zone=world.zone1, issued_on=D(2024, 9, 2), due_on=D(2024, 9, 30)
    )
    item = letter.items.get()
    reminders.scan(today=D(2024, 10, 21))
    assert _item_reminders(item, kind=ReminderKind.ESCALATION).get().recipient == world.zone1_leader


def test_item_without_contact_reminds_the_township_officers(world):
    item = _item(world, issued_on=D(2024, 9, 2), due_on=D(2024, 10, 8), contact=None)
    reminders.scan(today=D(2024, 10, 8))
    assert {r.recipient for r in _item_reminders(item)} == {world.tw2, world.officer}


def test_reported_and_closed_items_are_not_reminded(world):
    item = _item(world, issued_on=D(2024, 9, 2), due_on=D(2024, 9, 30))
    services.item_report(item=item, measures="已公示", files=[pdf()], user=world.tw2)
    assert reminders.scan(today=D(2024, 10, 8)).created == []


def test_reminders_go_on_the_item_timeline_once_per_reminder(world):
    item = _item(world, issued_on=D(2024, 9, 2), due_on=D(2024, 9, 30))
    for day in (D(2024, 10, 8), D(2024, 10, 8), D(2024, 10, 21)):
        reminders.scan(today=day)
    events = ItemEvent.objects.filter(item=item, action__in=[ItemAction.REMIND, ItemAction.ESCALATE])
    assert list(events.values_list("action", flat=True)) == ["remind", "remind", "escalate"]
    assert "tw-qingping" in events[0].note and "zone1" in events[2].note


# Exactly once --------------------------------------------------------------------


def test_repeated_scans_send_each_reminder_once(world):
    mail.outbox.clear()
    world.tw2.email = "tw@example.org"
    world.tw2.save()
    item = _item(world, issued_on=D(2024, 9, 2), due_on=D(2024, 9, 30))
    first = reminders.scan(today=D(2024, 10, 21))
    assert len(first.created) == 3  # overdue #3 to tw2 and the officer, the escalation; #1 and #2 not caught up
    for _ in range(3):
        assert reminders.scan(today=D(2024, 10, 21)).created == []
    assert _item_reminders(item).count() == 3
    assert Notification.objects.filter(recipient=world.tw2).exclude(kind=NotificationKind.LETTER_ISSUED).count() == 1
    assert [m.to for m in mail.outbox] == [["tw@example.org"]]  # the one reminder (the letter's mail waits for commit)


def test_database_refuses_a_second_identical_reminder(world, item):
    due = reminders.Due("rectification.item", item, ReminderKind.OVERDUE, item.due_on, [world.tw2], "t", interval=1)
    assert reminders.record(due, world.tw2) is not None
    assert reminders.record(due, world.tw2) is None
    first = Reminder.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(
            source=first.source,
            content_type=first.content_type,
            object_id=first.object_id,
            kind=first.kind,
            due_on=first.due_on,
            interval=first.interval,
            recipient=first.recipient,
        )


def test_management_command_is_safe_to_run_twice(world, capsys):
    _item(world, issued_on=D(2024, 9, 2), due_on=D(2024, 9, 30))
    call_command("send_due_reminders", "--date", "2024-10-08")
    assert "新增提醒 2 条" in capsys.readouterr().out
    call_command("send_due_reminders", "--date", "2024-10-08")
    assert "新增提醒 0 条" in capsys.readouterr().out
    assert Reminder.objects.count() == 2


def test_management_command_refuses_a_bad_date(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_due_reminders", "--date", "2024-13-01")


# Crash between recording and sending -------------------------------------------


def test_crash_while_recording_loses_nothing_and_repeats_nothing(world, monkeypatch):
    """The worker dies after inserting the reminder row but before commit: the row is gone, the next scan sends."""
    item = _item(world, issued_on=D(2024, 9, 2), due_on=D(2024, 10, 8))
    real_create = reminders.notification_create
    calls = {"n": 0}

    def dying(**kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise SystemExit("worker killed")
        return real_create(**kwargs)

    monkeypatch.setattr(reminders, "notification_create", dying)
    with pytest.raises(SystemExit):
        reminders.scan(today=D(2024, 10, 8))
    assert not _item_reminders(item).exists() and not Notification.objects.filter(kind="due_today").exists()
    reminders.scan(today=D(2024, 10, 8))
    reminders.scan(today=D(2024, 10, 8))
    assert _item_reminders(item).count() == 2
    assert Notification.objects.filter(kind="due_today").count() == 2


def test_crash_between_record_and_send_is_delivered_once_later(world, settings):
    """Killed after the reminder is recorded, before its e-mail: a later scan sends it, exactly once."""
    mail.outbox.clear()
    world.tw2.email = "tw@example.org"
    world.tw2.save()
    Notification.objects.update(delivery=DeliveryState.SENT)
    item = _item(world, issued_on=D(2024, 9, 2), due_on=D(2024, 10, 8))
    Notification.objects.filter(kind=NotificationKind.LETTER_ISSUED).update(delivery=DeliveryState.SENT)
    mail.outbox.clear()

    def killed(notification_id):
        raise SystemExit("worker killed before sending")

    with pytest.raises(SystemExit):
        reminders.scan(today=D(2024, 10, 8), deliver=killed)
    pending = Notification.objects.get(recipient=world.tw2, kind=NotificationKind.DUE_TODAY)
    assert pending.delivery == DeliveryState.PENDING and mail.outbox == []
    # Within the delivery timeout nothing is retried (a slow worker may still be sending it).
    assert reminders.scan(today=D(2024, 10, 8)).redelivered == []
    settings.QINGFENG_NOTIFICATION_DELIVERY_TIMEOUT = 0
    result = reminders.scan(today=D(2024, 10, 8))
    assert result.created == [] and pending.pk in result.redelivered
    assert [m.to for m in mail.outbox] == [["tw@example.org"]]
    reminders.scan(today=D(2024, 10, 8))
    assert len(mail.outbox) == 1
    assert _item_reminders(item, recipient=world.tw2).count() == 1
    pending.refresh_from_db()
    assert pending.delivery == DeliveryState.SENT and pending.emailed_at and pending.attempts == 1


def test_crash_after_the_mail_left_resends_it_with_the_same_message_id(world, settings, monkeypatch):
    """Killed after SMTP accepted the mail, before it was marked sent: the retry is recognisably the same mail."""
    from django.core.mail import EmailMessage

    world.tw2.email = "tw@example.org"
    world.tw2.save()
    _item(world, issued_on=D(2024, 9, 2), due_on=D(2024, 10, 8), contact=world.tw2)
    Notification.objects.update(delivery=DeliveryState.SENT)
    mail.outbox.clear()
    real_send = EmailMessage.send

    def send_then_die(self, *args, **kwargs):
        real_send(self, *args, **kwargs)
        raise SystemExit("killed after send")

    monkeypatch.setattr(EmailMessage, "send", send_then_die)
    with pytest.raises(SystemExit):
        reminders.scan(today=D(2024, 10, 8))
    monkeypatch.setattr(EmailMessage, "send", real_send)
    settings.QINGFENG_NOTIFICATION_DELIVERY_TIMEOUT = 0
    reminders.scan(today=D(2024, 10, 8))
    reminders.scan(today=D(2024, 10, 8))
    ids = {m.extra_headers["Message-ID"] for m in mail.outbox}
    assert len(mail.outbox) == 2 and len(ids) == 1
    assert Notification.objects.filter(recipient=world.tw2, kind=NotificationKind.DUE_TODAY).count() == 1


# E-mail ---------------------------------------------------------------------------


def test_email_goes_to_users_with_an_address_only(world):
    world.tw2.email = "tw@example.org"
    world.tw2.save()
    _item(world, issued_on=D(2024, 9, 2), due_on=D(2024, 10, 8))
    mail.outbox.clear()
    reminders.scan(today=D(2024, 10, 8))
    assert [m.to for m in mail.outbox] == [["tw@example.org"]]
    message = mail.outbox[0]
    assert message.subject.startswith("【清风】整改问题今日") and "/rectification/items/" in message.body
    officer_note = Notification.objects.get(recipient=world.officer, kind=NotificationKind.DUE_TODAY)
    assert officer_note.delivery == DeliveryState.SENT and officer_note.emailed_at is None


def test_one_bad_address_does_not_stop_the_others(world, monkeypatch):
    from notifications import services as notification_services

    world.tw2.email = "tw@example.org"
    world.officer.email = "officer@example.org"
    for user in (world.tw2, world.officer):
        user.save()
    _item(world, issued_on=D(2024, 9, 2), due_on=D(2024, 10, 8))
    Notification.objects.update(delivery=DeliveryState.SENT)
    mail.outbox.clear()
    real = notification_services.EmailMessage.send

    def refuse_tw(self, *args, **kwargs):
        if self.to == ["tw@example.org"]:
            raise OSError("mailbox unavailable")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(notification_services.EmailMessage, "send", refuse_tw)
    result = reminders.scan(today=D(2024, 10, 8))
    assert result.sent == 1 and [m.to for m in mail.outbox] == [["officer@example.org"]]
    assert Notification.objects.get(recipient=world.tw2, kind="due_today").delivery == DeliveryState.PENDING


# Clue deadlines through the same scheduler ----------------------------------------


def test_named_reporter_acceptance_deadline_is_reminded_through_the_same_scan(world):
    from tests.clues.factories import register

    clue = register(
        world, received_on=D(2025, 3, 3), is_anonymous=False, reporter={"name": "张三", "phone": "13800000000"}
    )
    assert clue.reporter_accept_due == D(2025, 3, 24)
    reminders.scan(today=D(2025, 3, 19))  # three working days before: 19, 20, 21 → 24
    accept = Reminder.objects.filter(source="clues.deadline", object_id=clue.pk, kind__startswith="accept:")
    assert list(accept.values_list("kind", "recipient")) == [("accept:due_soon", world.petition.pk)]
    note = accept.get().notification
    assert note.kind == NotificationKind.CLUE_DEADLINE and clue.number in note.title and "受理告知" in note.title
    assert "张三" not in note.title + note.body  # the reporter's identity never travels in a reminder
    reminders.scan(today=D(2025, 3, 19))
    assert accept.count() == 1
    reminders.scan(today=D(2025, 3, 25))
    assert accept.filter(kind="accept:overdue", interval=1).exists()


def test_clue_deadline_stops_once_met(world):
    from clues import services as clue_services
    from clues.choices import ClueStep
    from tests.clues.factories import register

    clue = register(
        world, received_on=D(2025, 3, 3), is_anonymous=False, reporter={"name": "张三", "phone": "13800000000"}
    )
    clue_services.clue_record_step(
        clue=clue, user=world.petition, step=ClueStep.REPORTER_ACCEPT_NOTIFIED, on=D(2025, 3, 10)
    )
    reminders.scan(today=D(2025, 3, 24))
    assert not Reminder.objects.filter(source="clues.deadline", kind__startswith="accept:").exists()


def test_sign_deadline_reminds_the_assignee(world):
    from tests.clues.factories import assigned

    clue = assigned(world, assignee=world.officer, on=D(2025, 3, 4))
    reminders.scan(today=clue.sign_due)
    sign = Reminder.objects.filter(source="clues.deadline", object_id=clue.pk, kind="sign:due_today")
    assert {r.recipient for r in sign} == {world.officer, world.petition}
