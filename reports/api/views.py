from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from people.scopes import scope_for

from .. import selectors, services
from ..choices import BuildStatus
from ..models import ReportBuild
from ..periods import Period, parse_period, today
from ..scopes import STATS_ROLES, parse_scope
from .serializers import ReportBuildSerializer, ReportRequestSerializer


def _require_stats_role(user):
    if not scope_for(user).has_role(*STATS_ROLES):
        raise Http404


class StatsView(APIView):
    """The figures of DOMAIN.md §6 for a period and a scope, per township, per zone and in total."""

    @extend_schema(
        tags=["统计"],
        summary="统计数字",
        description=(
            "按统计期间和范围返回全部统计数字：逐乡镇、协作区小计和合计，"
            "与统计分析页面及报表“汇总表”一致。"
            "范围超出本人管辖时返回 404；期间或范围格式有误时返回 400（中文字段错误）。"
        ),
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
            period = parse_period(request.query_params, default=Period.quarter_containing(today()))
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return Response(selectors.stats(period=period, scope=scope).as_dict())


@extend_schema_view(
    list=extend_schema(
        tags=["统计报表"], summary="报表列表", description="本人管辖范围内生成过的统计报表，按申请时间倒序。"
    ),
    retrieve=extend_schema(
        tags=["统计报表"], summary="报表状态", description="排队中/生成中/已完成/失败、进度和错误信息。"
    ),
)
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

    @extend_schema(
        tags=["统计报表"],
        summary="申请生成报表",
        description=(
            "指定报表类型、统计期间（季度、年初至今或任意期间）和范围，后台生成 .xlsx；返回报表编号，可轮询其状态。"
        ),
        request=ReportRequestSerializer,
        responses={201: ReportBuildSerializer},
    )
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
