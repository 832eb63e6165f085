"""REST endpoints: ``/api/cases/`` with filters and workflow actions, measures, integrity records."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import AuditAction
from audit.tracking import record
from people.models import Person

from .. import selectors, services
from ..choices import CaseAction
from ..filters import CaseFilter
from ..models import Case
from . import serializers as s


def _filter_parameters():
    params = []
    for name, flt in CaseFilter.base_filters.items():
        params.append(OpenApiParameter(name, OpenApiTypes.STR, description=str(flt.label or name)))
    return params


@extend_schema_view(
    list=extend_schema(tags=["cases"], summary="案件列表", parameters=_filter_parameters()),
    retrieve=extend_schema(tags=["cases"], summary="案件详情"),
    create=extend_schema(
        tags=["cases"], summary="立案", request=s.CaseFileInput, responses={201: s.CaseDetailSerializer}
    ),
    partial_update=extend_schema(
        tags=["cases"], summary="修改案件信息", request=s.CaseInfoInput, responses=s.CaseDetailSerializer
    ),
)
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.CaseSerializer
    filter_backends: list = []
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        if self.action == "list":
            return selectors.case_queryset(user=self.request.user).order_by("-filed_on", "-id")
        return selectors.case_detail_queryset(user=self.request.user)

    def get_serializer_class(self):
        return s.CaseSerializer if self.action == "list" else s.CaseDetailSerializer

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        filterset = CaseFilter(self.request.query_params, queryset=queryset, user=self.request.user)
        if not filterset.is_valid():
            raise serializers.ValidationError(filterset.errors)
        return filterset.qs

    def _case_for_change(self, pk) -> Case:
        if not selectors.can_work_cases(self.request.user):
            raise Http404
        return get_object_or_404(selectors.case_queryset(user=self.request.user, action="change"), pk=pk)

    def _detail(self, case, code=status.HTTP_200_OK):
        fresh = selectors.case_detail_queryset(user=self.request.user).get(pk=case.pk)
        return Response(s.CaseDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        if not selectors.can_work_cases(request.user):
            raise Http404
        data = self._validated(s.CaseFileInput, request)
        clue = None
        if data.get("clue"):
            from clues.models import Clue

            clue = Clue.objects.restrict(request.user, "change").filter(pk=data["clue"]).first()
            if clue is None:
                raise serializers.ValidationError({"clue": [_("线索不存在或不在您的管辖范围内。")]})
        ids = data.get("persons") or []
        persons = list(Person.objects.restrict(request.user).filter(pk__in=ids))
        if len(persons) != len(set(ids)):
            raise serializers.ValidationError({"persons": [_("部分人员不存在或不在您的管辖范围内。")]})
        # One transaction: a filing outside the user's own reach is rolled back with its number.
        with transaction.atomic():
            case = services.case_file(
                county=data["county"],
                title=data["title"],
                summary=data.get("summary", ""),
                filed_on=data["filed_on"],
                approver=data["approver"],
                user=request.user,
                township=data.get("township"),
                department=data.get("department"),
                handler=data.get("handler"),
                joint_handling=data.get("joint_handling", False),
                joint_zone=data.get("joint_zone"),
                clue=clue,
                persons=persons,
            )
            if not Case.objects.restrict(request.user, "change").filter(pk=case.pk).exists():
                raise DjangoValidationError({"township": [_("所选乡镇不在您的管辖范围内。")]})
        return self._detail(case, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        case = self._case_for_change(pk)
        data = self._validated(s.CaseInfoInput, request)
        services.case_update(case=case, user=request.user, **data)
        return self._detail(case)

    def _validated(self, serializer_class, request):
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _step(self, request, pk, step, serializer_class):
        case = self._case_for_change(pk)
        data = dict(self._validated(serializer_class, request)) if serializer_class else {}
        services.ACTION_SERVICES[step](case=case, user=request.user, **data)
        return self._detail(case)

    @extend_schema(tags=["cases"], summary="开始审查调查", request=s.CaseStartInput, responses=s.CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._step(request, pk, CaseAction.START, s.CaseStartInput)

    @extend_schema(
        tags=["cases"], summary="移送审理", request=s.CaseSendToReviewInput, responses=s.CaseDetailSerializer
    )
    @action(detail=True, methods=["post"], url_path="send-to-review")
    def send_to_review(self, request, pk=None):
        return self._step(request, pk, CaseAction.SEND_TO_REVIEW, s.CaseSendToReviewInput)

    @extend_schema(tags=["cases"], summary="退回补充调查", request=s.CaseReturnInput, responses=s.CaseDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return-for-investigation")
    def return_for_investigation(self, request, pk=None):
        return self._step(request, pk, CaseAction.RETURN_FOR_INVESTIGATION, s.CaseReturnInput)

    @extend_schema(tags=["cases"], summary="作出处理决定", request=s.CaseDecideInput, responses=s.CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        return self._step(request, pk, CaseAction.DECIDE, s.CaseDecideInput)

    @extend_schema(tags=["cases"], summary="结案", request=s.CaseConcludeInput, responses=s.CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        return self._step(request, pk, CaseAction.CONCLUDE, s.CaseConcludeInput)

    @extend_schema(
        tags=["cases"], summary="延长审查调查期限", request=s.CaseExtendInput, responses=s.CaseDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        case = self._case_for_change(pk)
        services.case_extend(case=case, user=request.user, **self._validated(s.CaseExtendInput, request))
        return self._detail(case)

    @extend_schema(tags=["cases"], summary="更新涉案金额", request=s.CaseAmountsInput, responses=s.CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def amounts(self, request, pk=None):
        case = self._case_for_change(pk)
        services.case_set_amounts(case=case, user=request.user, **self._validated(s.CaseAmountsInput, request))
        return self._detail(case)

    @extend_schema(
        tags=["cases"], summary="增加被审查调查人", request=s.CasePersonAddInput, responses=s.CaseDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def persons(self, request, pk=None):
        case = self._case_for_change(pk)
        data = self._validated(s.CasePersonAddInput, request)
        services.case_person_add(case=case, person=data["person"], user=request.user)
        return self._detail(case)

    @extend_schema(methods=["GET"], summary="案件的处理措施", responses=s.MeasureSerializer(many=True), request=None)
    @extend_schema(
        tags=["cases"],
        methods=["POST"],
        summary="记录处理措施",
        request=s.CaseMeasureInput,
        responses={201: s.MeasureSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def measures(self, request, pk=None):
        if request.method == "GET":
            case = get_object_or_404(Case.objects.restrict(request.user), pk=pk)
            measures = selectors.measure_queryset(user=request.user).filter(case_person__case=case)
            return Response(s.MeasureSerializer(measures.order_by("decided_on", "id"), many=True).data)
        case = self._case_for_change(pk)
        data = dict(self._validated(s.CaseMeasureInput, request))
        link = case.persons.filter(pk=data.pop("case_person")).select_related("person", "case").first()
        if link is None:
            raise serializers.ValidationError({"case_person": [_("该人员不是本案的被审查调查人。")]})
        measure = services.measure_record(case_person=link, user=request.user, **data)
        return Response(s.MeasureSerializer(measure).data, status=status.HTTP_201_CREATED)


class IntegrityView(APIView):
    """Everything on record for a person, and whether a sanction is in its influence period on ``date``."""

    @extend_schema(
        tags=["integrity"],
        summary="廉洁意见：人员的线索、案件、处分及影响期",
        description="列出该人员（含已合并的同一人员记录）在本人管辖范围内的问题线索、案件和处理措施，"
        "并说明截至指定日期是否仍在党纪或政务处分影响期内。每次查询记入审计日志。",
        parameters=[OpenApiParameter("date", OpenApiTypes.DATE, description="截至日期（默认今天）")],
        responses=s.IntegritySerializer,
    )
    def get(self, request, pk):
        if not selectors.can_read_cases(request.user):
            raise Http404
        person = get_object_or_404(selectors.integrity_person_queryset(user=request.user), pk=pk)
        on_date = timezone.localdate()
        if request.query_params.get("date"):
            field = serializers.DateField()
            try:
                on_date = field.to_internal_value(request.query_params["date"])
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({"date": [_("日期格式应为 YYYY-MM-DD。")]}) from exc
        data = selectors.integrity_record(user=request.user, person=person, on_date=on_date)
        record(
            action=AuditAction.INTEGRITY_LOOKUP,
            obj=person,
            detail=_("接口查询廉洁意见（截至 %(d)s）") % {"d": on_date.isoformat()},
            user=request.user,
        )
        return Response(s.IntegritySerializer(data).data)
