"""Writes on notifications: create (``notify``), deliver by e-mail exactly when due, mark read."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .choices import DeliveryState, NotificationKind
from .models import Notification

logger = logging.getLogger(__name__)


def _delivery_timeout() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "QINGFENG_NOTIFICATION_DELIVERY_TIMEOUT", 600))


def _wants_email(user) -> bool:
    return bool(user.email) and user.is_active


def notification_create(*, recipient, kind: str, title: str, body: str = "", url: str = "") -> Notification:
    """Create the in-app notification inside the caller's transaction (e-mail pending if the user has an address)."""
    notification = Notification(
        recipient=recipient,
        kind=kind,
        title=title[:200],
        body=body,
        url=url[:300],
        delivery=DeliveryState.PENDING if _wants_email(recipient) else DeliveryState.SENT,
    )
    notification.full_clean()
    notification.save()
    return notification


def enqueue_delivery(notification_id: int) -> None:
    """Send the e-mail from the worker once the surrounding transaction commits."""

    def send():
        from .tasks import deliver_notification

        try:
            deliver_notification.delay(notification_id)
        except Exception:  # broker down: the next reminder scan re-delivers pending notifications
            logger.exception("could not enqueue notification %s", notification_id)

    transaction.on_commit(send)


@transaction.atomic
def notify(*, recipient, kind: str = NotificationKind.OTHER, title: str, body: str = "", url: str = "") -> Notification:
    """Tell ``recipient``: a bell notification now, an e-mail from the worker after commit."""
    notification = notification_create(recipient=recipient, kind=kind, title=title, body=body, url=url)
    if notification.delivery == DeliveryState.PENDING:
        enqueue_delivery(notification.pk)
    return notification


def notification_deliver(*, notification_id: int) -> bool:
    """Send a pending notification's e-mail; True if this call sent it.

    1. Claim it with a conditional UPDATE (pending and not claimed within the timeout):
       the row count says who sends, so two workers never both send.
    2. Send the e-mail with a stable Message-ID (re-delivery is recognisable as the same mail).
    3. Mark it sent. A crash between 2 and 3 leaves it pending and claimed; after the
       timeout a later scan claims and sends it again (never lost; at worst repeated once,
       with the same Message-ID).
    """
    now = timezone.now()
    claimed = (
        Notification.objects.filter(pk=notification_id, delivery=DeliveryState.PENDING)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - _delivery_timeout()))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    recipient = notification.recipient
    if _wants_email(recipient):
        body = notification.body
        if notification.url:
            body = f"{body}\n\n{settings.QINGFENG_SITE_URL.rstrip('/')}{notification.url}"
        message = EmailMessage(
            subject=f"【清风】{notification.title}",
            body=body,
            to=[recipient.email],
            headers={"Message-ID": f"<notification-{notification.pk}@qingfeng>"},
        )
        message.send()
    Notification.objects.filter(pk=notification_id, delivery=DeliveryState.PENDING).update(
        delivery=DeliveryState.SENT, emailed_at=timezone.now() if _wants_email(recipient) else None
    )
    return True


def stale_pending_ids(*, now: datetime.datetime | None = None) -> list[int]:
    """Notifications whose e-mail should have gone out by now: never claimed, or claimed and not finished."""
    now = now or timezone.now()
    cutoff = now - _delivery_timeout()
    return list(
        Notification.objects.filter(delivery=DeliveryState.PENDING)
        .filter(Q(claimed_at__isnull=True, created_at__lt=cutoff) | Q(claimed_at__lt=cutoff))
        .order_by("pk")
        .values_list("pk", flat=True)[:1000]
    )


def notification_mark_read(*, notification: Notification, user) -> Notification:
    """Mark one of the user's own notifications read (idempotent)."""
    if notification.recipient_id != user.pk:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notification_mark_all_read(*, user) -> int:
    """Mark all the user's unread notifications read; the number marked."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
