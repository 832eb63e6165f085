from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from people.scopes import scope_for

from .. import selectors, services
from ..choices import BuildStatus
from ..models import ReportBuild
from ..periods import Period, parse_period
from ..scopes import STATS_ROLES, parse_scope
from .serializers import ReportBuildSerializer, ReportRequestSerializer


def _require_stats_role(user):
    if not scope_for(user).has_role(*STATS_ROLES):
        raise Http404


class StatsView(APIView):
    """The figures of DOMAIN.md §6 for a period and a scope, per township, per zone and in total."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "scope", str, description="county:<编号>、zone:<编号> 或 township:<编号>；默认为本人最大的管辖范围"
            ),
            OpenApiParameter("from", OpenApiTypes.DATE, description="开始日期；默认本季度"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="结束日期"),
            OpenApiParameter("period", str, enum=["quarter", "ytd", "range"], description="期间类型（可选）"),
            OpenApiParameter("year", int),
            OpenApiParameter("quarter", int),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        _require_stats_role(request.user)
        try:
            scope = parse_scope(request.query_params.get("scope"), request.user)
            period = parse_period(request.query_params, default=Period.quarter_containing(selectors._today()))
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return Response(selectors.stats(period=period, scope=scope).as_dict())


class ReportBuildViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Statistics workbooks: ask for one, follow its status, download it."""

    serializer_class = ReportBuildSerializer
    filterset_fields = ["status", "kind"]
    ordering_fields = ["created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReportBuild.objects.none()
        _require_stats_role(self.request.user)
        return ReportBuild.objects.restrict(self.request.user).select_related("requested_by")

    @extend_schema(request=ReportRequestSerializer, responses={201: ReportBuildSerializer})
    def create(self, request):
        _require_stats_role(request.user)
        serializer = ReportRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        build = services.report_request(
            kind=data["kind"], period=data["period_value"], scope=data["scope_value"], user=request.user
        )
        return Response(ReportBuildSerializer(build).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY}
    )
    @action(detail=True, methods=["get"], url_path="download", url_name="download")
    def download(self, request, pk=None):
        build = get_object_or_404(self.get_queryset(), pk=pk, status=BuildStatus.DONE)
        if not build.file:
            raise Http404
        try:
            handle = build.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        services.report_download_record(build=build, user=request.user)
        return FileResponse(handle, as_attachment=True, filename=build.download_name)
