"""API shapes for cases, measures and integrity records; inputs are validated again by the services."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from people.models import Person, User
from zones.models import County, Department, Township, Zone

from ..choices import MeasureKind
from ..models import Case, CaseExtension, CasePerson, Measure


class MeasureSerializer(serializers.ModelSerializer):
    # Plain strings (with their Chinese labels alongside): enum components would collide with other apps'.
    kind = serializers.CharField(read_only=True)
    measure_type = serializers.CharField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    measure_type_display = serializers.CharField(source="get_measure_type_display", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)
    is_permanent = serializers.BooleanField(read_only=True)

    class Meta:
        model = Measure
        fields = [
            "id",
            "person",
            "person_name",
            "case_person",
            "measure_type",
            "measure_type_display",
            "kind",
            "kind_display",
            "form",
            "decided_on",
            "document_number",
            "probation_years",
            "influence_until",
            "is_permanent",
            "execution_due",
            "executed_on",
            "probation_resolved_on",
            "note",
        ]
        read_only_fields = fields


class CasePersonSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.name", read_only=True)
    unit = serializers.CharField(source="person.unit", read_only=True)
    cadre_level = serializers.CharField(source="person.cadre_level", read_only=True)
    form_display = serializers.CharField(source="get_form_display", read_only=True, allow_null=True)
    measures = MeasureSerializer(many=True, read_only=True)

    class Meta:
        model = CasePerson
        fields = ["id", "person", "name", "unit", "cadre_level", "form", "form_display", "form_decided_on", "measures"]
        read_only_fields = fields


class ExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseExtension
        fields = ["approved_on", "days", "approver", "reason", "previous_due", "new_due"]
        read_only_fields = fields


class CaseSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    township_name = serializers.CharField(source="township.name", read_only=True, allow_null=True)
    clue_number = serializers.CharField(source="clue.number", read_only=True, allow_null=True)
    persons = CasePersonSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "county",
            "clue",
            "clue_number",
            "title",
            "summary",
            "filed_on",
            "approver",
            "township",
            "township_name",
            "department",
            "handler",
            "joint_handling",
            "joint_zone",
            "status",
            "status_display",
            "investigation_days",
            "investigation_due",
            "investigation_due_provisional",
            "review_received_on",
            "review_due",
            "review_concluded_on",
            "decided_on",
            "concluded_on",
            "violation_amount",
            "recovered_amount",
            "returned_amount",
            "persons",
        ]
        read_only_fields = fields


class CaseDetailSerializer(CaseSerializer):
    extension = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "extension", "allowed_actions"]
        read_only_fields = fields

    def get_extension(self, obj) -> dict | None:
        extension = getattr(obj, "extension", None)
        return ExtensionSerializer(extension).data if extension else None

    def get_allowed_actions(self, obj) -> list[str]:
        from ..services import allowed_actions

        return [str(a) for a in allowed_actions(obj)]


@extend_schema_field({"type": "string", "enum": MeasureKind.values, "description": "处理措施代码"})
class MeasureKindField(serializers.ChoiceField):
    pass


class ScopedPrimaryKey(serializers.PrimaryKeyRelatedField):
    """A key chosen among the rows the requesting user may see."""

    def get_queryset(self):
        return super().get_queryset().restrict(self.context["request"].user)


class CaseInfoInput(serializers.Serializer):
    title = serializers.CharField(label=_("案由"), max_length=200)
    summary = serializers.CharField(label=_("简要案情"), max_length=5000, required=False, allow_blank=True)
    township = ScopedPrimaryKey(label=_("所属乡镇"), queryset=Township.objects.all(), required=False, allow_null=True)
    department = ScopedPrimaryKey(
        label=_("承办部门"), queryset=Department.objects.all(), required=False, allow_null=True
    )
    handler = serializers.PrimaryKeyRelatedField(
        label=_("承办人"), queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    joint_handling = serializers.BooleanField(label=_("协作查办"), required=False, default=False)
    joint_zone = ScopedPrimaryKey(label=_("协作区"), queryset=Zone.objects.all(), required=False, allow_null=True)


class CaseFileInput(CaseInfoInput):
    county = ScopedPrimaryKey(label=_("区县"), queryset=County.objects.all())
    filed_on = serializers.DateField(label=_("立案日期"))
    approver = serializers.PrimaryKeyRelatedField(label=_("立案审批人"), queryset=User.objects.filter(is_active=True))
    clue = serializers.IntegerField(label=_("来源线索"), required=False, allow_null=True)
    persons = serializers.ListField(
        label=_("被审查调查人"), child=serializers.IntegerField(), required=False, default=list
    )


class CaseNoteInput(serializers.Serializer):
    note = serializers.CharField(label=_("说明"), max_length=300, required=False, allow_blank=True, default="")


class CaseStartInput(CaseNoteInput):
    on_date = serializers.DateField(label=_("开始日期"), required=False)


class CaseSendToReviewInput(CaseNoteInput):
    received_on = serializers.DateField(label=_("移送审理日期"))


class CaseReturnInput(serializers.Serializer):
    on_date = serializers.DateField(label=_("退回日期"))
    note = serializers.CharField(label=_("退回原因"), max_length=300)


class CaseDecideInput(CaseNoteInput):
    review_concluded_on = serializers.DateField(label=_("审理完结日期"))
    decided_on = serializers.DateField(label=_("处理决定日期"))


MONEY = {
    "max_digits": 14,
    "decimal_places": 2,
    "min_value": Decimal("0"),
    "error_messages": {"min_value": _("金额不能为负数。"), "invalid": _("请输入金额（元），如 1200.50。")},
}


class CaseConcludeInput(CaseNoteInput):
    concluded_on = serializers.DateField(label=_("结案日期"))
    violation_amount = serializers.DecimalField(label=_("违纪违法金额"), required=False, **MONEY)
    recovered_amount = serializers.DecimalField(label=_("收缴/追缴"), required=False, **MONEY)
    returned_amount = serializers.DecimalField(label=_("退还群众"), required=False, **MONEY)


class CaseAmountsInput(serializers.Serializer):
    violation_amount = serializers.DecimalField(label=_("违纪违法金额"), **MONEY)
    recovered_amount = serializers.DecimalField(label=_("收缴/追缴"), **MONEY)
    returned_amount = serializers.DecimalField(label=_("退还群众"), **MONEY)


class CaseExtendInput(serializers.Serializer):
    approved_on = serializers.DateField(label=_("批准日期"))
    days = serializers.IntegerField(label=_("延长天数"), min_value=1, max_value=365)
    approver = serializers.PrimaryKeyRelatedField(label=_("批准人"), queryset=User.objects.filter(is_active=True))
    reason = serializers.CharField(label=_("延长理由"), max_length=300)


class CasePersonAddInput(serializers.Serializer):
    person = ScopedPrimaryKey(label=_("人员"), queryset=Person.objects.all())


class CaseMeasureInput(serializers.Serializer):
    case_person = serializers.IntegerField(label=_("被审查调查人（案件人员编号）"))
    kind = MeasureKindField(label=_("处理措施"), choices=MeasureKind.choices)
    decided_on = serializers.DateField(label=_("决定日期"))
    document_number = serializers.CharField(label=_("决定文号"), max_length=60, required=False, allow_blank=True)
    probation_years = serializers.ChoiceField(
        label=_("留党察看期限（年）"), choices=[1, 2], required=False, allow_null=True
    )
    executed_on = serializers.DateField(label=_("宣布执行日期"), required=False, allow_null=True)
    note = serializers.CharField(label=_("备注"), max_length=300, required=False, allow_blank=True)


class IntegrityClueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    received_on = serializers.DateField()
    summary = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    result = serializers.CharField()


class IntegrityCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="case.id")
    number = serializers.CharField(source="case.number")
    title = serializers.CharField(source="case.title")
    filed_on = serializers.DateField(source="case.filed_on")
    status = serializers.CharField(source="case.status")
    status_display = serializers.CharField(source="case.get_status_display")
    concluded_on = serializers.DateField(source="case.concluded_on", allow_null=True)
    form = serializers.IntegerField(allow_null=True)


class IntegritySerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    name = serializers.CharField(source="person.name")
    unit = serializers.CharField(source="person.unit")
    date = serializers.DateField(source="on_date")
    in_influence_period = serializers.BooleanField(source="has_active_sanction")
    active_sanctions = MeasureSerializer(source="active", many=True)
    clues = IntegrityClueSerializer(many=True)
    cases = IntegrityCaseSerializer(many=True)
    measures = MeasureSerializer(many=True)
