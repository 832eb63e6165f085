"""Reads on notifications: a user only ever reads their own."""

from django.db.models import QuerySet

from .models import Notification


def notification_list(*, user, unread: bool | None = None) -> QuerySet:
    queryset = Notification.objects.filter(recipient=user).order_by("-created_at", "-id")
    if unread is True:
        queryset = queryset.filter(read_at__isnull=True)
    elif unread is False:
        queryset = queryset.filter(read_at__isnull=False)
    return queryset


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
