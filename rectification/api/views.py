"""Letter and item API: scoped viewsets whose writes go through ``rectification.services``."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api import ScopedFilterBackend

from .. import selectors, services
from ..filters import ItemFilter, LetterFilter
from ..models import Item, Letter
from .serializers import (
    LetterDetailSerializer,
    LetterIssueSerializer,
    LetterSerializer,
    RectificationItemDetailSerializer,
    RectificationItemNoteInputSerializer,
    RectificationItemReasonInputSerializer,
    RectificationItemReportInputSerializer,
    RectificationItemSerializer,
)


def _flatten(errors, prefix="") -> dict:
    """``{"items": {"0": {"due_on": [...]}}}`` → ``{"items.0.due_on": [...]}``."""
    if isinstance(errors, list) and errors and all(isinstance(e, dict) for e in errors):
        errors = {str(i): e for i, e in enumerate(errors) if e}
    if not isinstance(errors, dict):
        return {prefix: errors}
    flat = {}
    for key, value in errors.items():
        if key == "non_field_errors" and prefix:
            flat.update(_flatten(value, prefix))
        else:
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    return flat


class _ScopedContext:
    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


@extend_schema_view(
    list=extend_schema(summary="整改文书列表（与页面相同的筛选参数）"),
    retrieve=extend_schema(summary="整改文书详情（含问题清单）"),
    create=extend_schema(
        summary="下发整改文书（自动编号 ZG…，逐项下发并通知联络人）",
        request=LetterIssueSerializer,
        responses={201: LetterDetailSerializer},
    ),
)
class LetterViewSet(_ScopedContext, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filter_backends = [ScopedFilterBackend]
    filterset_class = LetterFilter
    queryset = Letter.objects.none()

    def get_queryset(self):
        if self.action == "list":
            return selectors.letter_list(user=self.request.user).queryset
        return selectors.letter_get_queryset(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return LetterIssueSerializer
        return LetterSerializer if self.action == "list" else LetterDetailSerializer

    def get_object(self):
        try:
            return selectors.letter_detail(user=self.request.user, pk=self.kwargs["pk"])
        except (Letter.DoesNotExist, ValueError) as exc:
            raise Http404 from exc

    def create(self, request, *args, **kwargs):
        serializer = LetterIssueSerializer(data=request.data, context=self.get_serializer_context())
        if not serializer.is_valid():
            # The same dotted keys as the service's errors: ``items.1.due_on``.
            raise DRFValidationError(_flatten(serializer.errors))
        data = serializer.validated_data
        items = [
            services.ItemInput(
                description=row["description"],
                responsible_person=row["responsible_person"],
                due_on=row["due_on"],
                domain=row["domain"],
                finding=row.get("finding", ""),
                contact=row.get("contact"),
                clue=row.get("clue"),
            )
            for row in data["items"]
        ]
        letter = services.letter_issue(
            county=serializer.county,
            kind=data["kind"],
            subject=data["subject"],
            requirements=data.get("requirements", ""),
            issued_on=data["issued_on"],
            approver=data["approver"],
            items=items,
            user=request.user,
            addressee_township=data.get("addressee_township"),
            addressee_village=data.get("addressee_village"),
            addressee_department=data.get("addressee_department"),
            issuer_zone=data.get("issuer_zone"),
        )
        fresh = selectors.letter_detail(user=request.user, pk=letter.pk)
        return Response(
            LetterDetailSerializer(fresh, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(summary="本文书的问题清单", responses=RectificationItemSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def items(self, request, pk=None):
        letter = self.get_object()
        items = selectors.item_get_queryset(user=request.user).filter(letter=letter).order_by("seq")
        return Response(RectificationItemSerializer(items, many=True, context=self.get_serializer_context()).data)


@extend_schema_view(
    list=extend_schema(summary="整改台账：问题清单（与台账页面相同的筛选参数；被督办单位只见本单位的问题）"),
    retrieve=extend_schema(summary="整改问题详情（报告、佐证材料、办理动态、可执行的操作）"),
)
class ItemViewSet(_ScopedContext, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filter_backends = [ScopedFilterBackend]
    filterset_class = ItemFilter
    queryset = Item.objects.none()

    def get_queryset(self):
        if self.action == "list":
            return selectors.item_list(user=self.request.user).queryset.select_related("clue")
        return selectors.item_get_queryset(user=self.request.user).select_related("clue")

    def get_serializer_class(self):
        return RectificationItemSerializer if self.action == "list" else RectificationItemDetailSerializer

    def get_object(self):
        try:
            return selectors.item_detail(user=self.request.user, pk=self.kwargs["pk"])
        except (Item.DoesNotExist, ValueError) as exc:
            raise Http404 from exc

    def _detail(self, item: Item) -> Response:
        fresh = selectors.item_detail(user=self.request.user, pk=item.pk)
        return Response(RectificationItemDetailSerializer(fresh, context=self.get_serializer_context()).data)

    def _run(self, request, serializer_class, service):
        item = self.get_object()
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        service(item=item, user=request.user, **serializer.validated_data)
        return self._detail(item)

    @extend_schema(summary="开始整改（已下发 → 整改中，被督办单位）", request=RectificationItemNoteInputSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._run(request, RectificationItemNoteInputSerializer, services.item_start)

    @extend_schema(
        summary="报送整改情况（multipart：measures 与 evidence 文件，可多个；被督办单位）",
        request={"multipart/form-data": RectificationItemReportInputSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def report(self, request, pk=None):
        item = self.get_object()
        services.item_report(
            item=item,
            measures=request.data.get("measures", ""),
            files=request.FILES.getlist("evidence"),
            user=request.user,
        )
        return self._detail(item)

    @extend_schema(summary="验收通过（已报整改 → 已验收）", request=RectificationItemNoteInputSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser])
    def verify(self, request, pk=None):
        return self._run(request, RectificationItemNoteInputSerializer, services.item_verify)

    @extend_schema(summary="退回重改（已报整改 → 整改中，须填写理由）", request=RectificationItemReasonInputSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser])
    def reject(self, request, pk=None):
        return self._run(request, RectificationItemReasonInputSerializer, services.item_reject)

    @extend_schema(
        summary="销号（已验收 → 已销号；全部销号后文书自动销号）", request=RectificationItemNoteInputSerializer
    )
    @action(detail=True, methods=["post"], url_path="close-off", parser_classes=[JSONParser, FormParser])
    def close_off(self, request, pk=None):
        return self._run(request, RectificationItemNoteInputSerializer, services.item_close_off)

    @extend_schema(
        summary="回头看：重新整改（已销号 → 整改中，须填写理由）", request=RectificationItemReasonInputSerializer
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser])
    def reopen(self, request, pk=None):
        return self._run(request, RectificationItemReasonInputSerializer, services.item_reopen)
