"""Notification API serializers."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..choices import NotificationKind
from ..models import Notification

_KINDS = "；".join(f"{value}：{label}" for value, label in NotificationKind.choices)


@extend_schema_field({"type": "string", "description": _KINDS})
class NotificationKindField(serializers.CharField):
    """The kind as its code; documented inline (``kind`` enums of other apps would collide)."""


class NotificationSerializer(serializers.ModelSerializer):
    kind = NotificationKindField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_display", "title", "body", "url", "created_at", "is_read", "read_at"]
        read_only_fields = fields


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField(read_only=True)


class MarkedReadSerializer(serializers.Serializer):
    marked = serializers.IntegerField(read_only=True)
