"""The signed-in user's own notifications: list, unread count, mark read."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import selectors, services
from ..models import Notification
from .serializers import MarkedReadSerializer, NotificationSerializer, UnreadCountSerializer

UNREAD = OpenApiParameter("unread", OpenApiTypes.BOOL, description="true 只看未读，false 只看已读")


@extend_schema_view(
    list=extend_schema(summary="我的消息（最新在前）", parameters=[UNREAD]),
    retrieve=extend_schema(summary="一条消息"),
)
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()
    filter_backends = []

    def get_queryset(self):
        value = self.request.query_params.get("unread", "").lower()
        unread = {"true": True, "1": True, "false": False, "0": False}.get(value)
        return selectors.notification_list(user=self.request.user, unread=unread)

    def get_object(self):
        try:
            return selectors.notification_list(user=self.request.user).get(pk=int(self.kwargs["pk"]))
        except (Notification.DoesNotExist, ValueError) as exc:
            raise Http404 from exc

    @extend_schema(summary="标为已读", request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = services.notification_mark_read(notification=self.get_object(), user=request.user)
        return Response(NotificationSerializer(notification).data)

    @extend_schema(summary="全部标为已读", request=None, responses=MarkedReadSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.notification_mark_all_read(user=request.user)})

    @extend_schema(summary="未读消息数（铃铛）", responses=UnreadCountSerializer)
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request):
        return Response({"unread": selectors.unread_count(user=request.user)})
