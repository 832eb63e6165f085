"""Clue and person API: scoped viewsets whose writes go through ``clues.services``."""

from __future__ import annotations

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api import ScopedFilterBackend
from people.models import Person

from .. import selectors, services
from ..filters import ClueFilter
from ..models import Clue
from .serializers import (
    AssignInputSerializer,
    AttachmentSerializer,
    AttachmentUploadSerializer,
    CloseOffInputSerializer,
    ClueDetailSerializer,
    ClueListSerializer,
    ClueWriteSerializer,
    ConcludeInputSerializer,
    DisposeInputSerializer,
    MarkDuplicateInputSerializer,
    NoteInputSerializer,
    PersonMergeSerializer,
    PersonRecordClueSerializer,
    PersonSerializer,
    StepInputSerializer,
)


def _register_kwargs(data: dict) -> dict:
    kwargs = dict(data)
    kwargs["persons"] = [dict(p) for p in data.get("persons", [])]
    reporter = data.get("reporter")
    kwargs["reporter"] = dict(reporter) if reporter else None
    return kwargs


@extend_schema_view(
    list=extend_schema(summary="线索台账（与台账页面相同的筛选参数）"),
    retrieve=extend_schema(summary="线索详情（举报人身份按权限显示或「已保密」）"),
    create=extend_schema(summary="登记线索", request=ClueWriteSerializer, responses={201: ClueDetailSerializer}),
    update=extend_schema(summary="修改登记信息（仅已登记状态）", request=ClueWriteSerializer),
    partial_update=extend_schema(summary="部分修改登记信息（仅已登记状态）", request=ClueWriteSerializer),
)
class ClueViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    filter_backends = [ScopedFilterBackend]
    filterset_class = ClueFilter

    def get_queryset(self):
        if self.action == "list":
            return selectors.clue_list(user=self.request.user).queryset
        return selectors.clue_queryset(user=self.request.user).prefetch_related("events")

    def get_serializer_class(self):
        if self.action == "list":
            return ClueListSerializer
        if self.action in ("create", "update", "partial_update"):
            return ClueWriteSerializer
        return ClueDetailSerializer

    def get_object(self):
        pk = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
        clue = selectors.clue_get(user=self.request.user, pk=pk)
        # Re-read with the timeline prefetched.
        return self.get_queryset().get(pk=clue.pk)

    def _detail(self, clue: Clue, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=clue.pk)
        return Response(ClueDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = ClueWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        clue = services.clue_register(user=request.user, **_register_kwargs(serializer.validated_data))
        return self._detail(clue, status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        clue = self.get_object()
        serializer = ClueWriteSerializer(data=request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        changes = _register_kwargs(serializer.validated_data)
        if "persons" not in serializer.validated_data:
            changes.pop("persons", None)
        if "reporter" not in serializer.validated_data:
            changes.pop("reporter", None)
        services.clue_update(clue=clue, user=request.user, **changes)
        return self._detail(clue)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def _run(self, request, serializer_class, service, **extra):
        clue = self.get_object()
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        service(clue=clue, user=request.user, **serializer.validated_data, **extra)
        return self._detail(clue)

    @extend_schema(summary="分办", request=AssignInputSerializer, responses=ClueDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return self._run(request, AssignInputSerializer, services.clue_assign)

    @extend_schema(summary="签收", request=NoteInputSerializer, responses=ClueDetailSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        return self._run(request, NoteInputSerializer, services.clue_sign)

    @extend_schema(summary="确定处置方式", request=DisposeInputSerializer, responses=ClueDetailSerializer)
    @action(detail=True, methods=["post"])
    def dispose(self, request, pk=None):
        return self._run(request, DisposeInputSerializer, services.clue_dispose)

    @extend_schema(summary="登记办理步骤或告知举报人", request=StepInputSerializer, responses=ClueDetailSerializer)
    @action(detail=True, methods=["post"], url_path="record-step")
    def record_step(self, request, pk=None):
        return self._run(request, StepInputSerializer, services.clue_record_step)

    @extend_schema(summary="办结（或转换处置方式）", request=ConcludeInputSerializer, responses=ClueDetailSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        return self._run(request, ConcludeInputSerializer, services.clue_conclude)

    @extend_schema(summary="销号", request=CloseOffInputSerializer, responses=ClueDetailSerializer)
    @action(detail=True, methods=["post"], url_path="close-off")
    def close_off(self, request, pk=None):
        return self._run(request, CloseOffInputSerializer, services.clue_close_off)

    @extend_schema(summary="标记为重复件", request=MarkDuplicateInputSerializer, responses=ClueDetailSerializer)
    @action(detail=True, methods=["post"], url_path="mark-duplicate")
    def mark_duplicate(self, request, pk=None):
        return self._run(request, MarkDuplicateInputSerializer, services.clue_mark_duplicate)

    @extend_schema(
        summary="上传附件（multipart，字段 files，可多个）",
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer(many=True)},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, pk=None):
        clue = self.get_object()
        files = request.FILES.getlist("files")
        if not files:
            raise DRFValidationError({"files": [_("请选择要上传的文件")]})
        created = services.clue_attach(clue=clue, user=request.user, files=files)
        return Response(AttachmentSerializer(created, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="下载附件",
        parameters=[OpenApiParameter("attachment_id", int, OpenApiParameter.PATH)],
        responses={(200, "application/octet-stream"): bytes},
    )
    @action(detail=True, methods=["get"], url_path=r"attachments/(?P<attachment_id>[^/.]+)")
    def attachment_download(self, request, pk=None, attachment_id=None):
        clue = selectors.clue_get(user=request.user, pk=pk)
        attachment = selectors.attachment_get(user=request.user, pk=attachment_id)
        if attachment.clue_id != clue.pk:
            from django.http import Http404

            raise Http404(_("附件不存在"))
        handle, name, content_type = selectors.attachment_open(attachment, request.user)
        response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @extend_schema(
        summary="登记时查重：可能重复的既往线索",
        parameters=[
            OpenApiParameter("name", str),
            OpenApiParameter("unit", str),
            OpenApiParameter("township", int),
            OpenApiParameter("village", int),
            OpenApiParameter("problem_type", str, many=True),
            OpenApiParameter("exclude", int),
        ],
        responses=ClueListSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path="duplicate-candidates", filter_backends=[])
    def duplicate_candidates(self, request):
        params = request.query_params

        def as_int(name):
            value = params.get(name)
            return int(value) if value and value.isdigit() else None

        candidates = selectors.duplicate_candidates(
            user=request.user,
            name=params.get("name", "")[:50],
            unit=params.get("unit", "")[:100],
            township=as_int("township"),
            village=as_int("village"),
            problem_types=params.getlist("problem_type"),
            exclude=as_int("exclude"),
        )
        data = []
        for candidate in candidates:
            row = ClueListSerializer(candidate.clue, context=self.get_serializer_context()).data
            row["reasons"] = candidate.reasons
            data.append(row)
        return Response(data)


@extend_schema_view(
    list=extend_schema(
        summary="被反映人（按姓名、单位检索）", parameters=[OpenApiParameter("q", str, description="姓名或单位")]
    ),
    retrieve=extend_schema(summary="被反映人详情"),
    create=extend_schema(summary="新增被反映人"),
)
class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = PersonSerializer

    def get_queryset(self):
        if self.action == "list":
            return selectors.person_list(user=self.request.user, q=self.request.query_params.get("q", "")[:50])
        return Person.objects.restrict(self.request.user, "view").select_related("township")

    def get_object(self):
        return selectors.person_get(user=self.request.user, pk=self.kwargs.get("pk"))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.person_create(user=self.request.user, **data)

    @extend_schema(
        summary="合并重复的被反映人（本人并入 target）", request=PersonMergeSerializer, responses=PersonSerializer
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        source = self.get_object()
        serializer = PersonMergeSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        target = services.person_merge(source=source, target=serializer.validated_data["target"], user=request.user)
        return Response(PersonSerializer(target, context=self.get_serializer_context()).data)

    @extend_schema(summary="人员档案：涉及的全部线索", responses=PersonRecordClueSerializer(many=True))
    @action(detail=True, methods=["get"])
    def clues(self, request, pk=None):
        person = self.get_object()
        record = selectors.person_record(user=request.user, person=person)
        return Response(PersonRecordClueSerializer(record["clues"], many=True).data)
