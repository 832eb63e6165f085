from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..choices import BuildStatus, PeriodKind, ReportKind
from ..models import ReportBuild
from ..periods import parse_period
from ..scopes import BUILD_ROLES, ScopeNotFound, parse_scope


def choice(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field documented by a pattern and its labels.

    drf-spectacular would make an enum component named after the field; ``status``, ``kind``
    and ``period`` are taken by other apps' enums, and a hashed name (``Kind90eEnum``) reads badly.
    """
    described = "；".join(f"{value}：{label}" for value, label in choices)
    values = "|".join(value for value, _label in choices)
    schema = {"type": "string", "pattern": f"^({values})$", "description": described}
    # A class of its own: DRF copies declared fields by re-instantiating their class.
    field_class = extend_schema_field(schema)(type("InlineChoiceField", (serializers.ChoiceField,), {}))
    return field_class(choices=choices, **kwargs)


class ReportBuildSerializer(serializers.ModelSerializer):
    kind = choice(ReportKind.choices, read_only=True)
    period_kind = choice(PeriodKind.choices, read_only=True)
    status = choice(BuildStatus.choices, read_only=True)
    scope = serializers.CharField(source="scope_key", read_only=True)
    period_label = serializers.SerializerMethodField()
    requested_by = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportBuild
        fields = [
            "id",
            "kind",
            "period_kind",
            "period_start",
            "period_end",
            "period_label",
            "scope",
            "scope_name",
            "requested_by",
            "status",
            "progress",
            "error",
            "file_size",
            "created_at",
            "started_at",
            "finished_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_period_label(self, obj) -> str:
        return obj.period.label

    def get_requested_by(self, obj) -> str | None:
        return str(obj.requested_by) if obj.requested_by_id else None

    def get_download_url(self, obj) -> str | None:
        if obj.status != "done":
            return None
        return reverse("api-report-download", args=[obj.pk])


class ReportRequestSerializer(serializers.Serializer):
    """Start a build: ``kind``, the period (``period`` with ``year``/``quarter``, or ``from``/``to``) and ``scope``."""

    kind = choice(ReportKind.choices, default=ReportKind.QUARTERLY)
    scope = serializers.CharField(help_text=_("county:<编号>、zone:<编号> 或 township:<编号>"))
    period = choice(PeriodKind.choices, required=False)
    year = serializers.IntegerField(required=False)
    quarter = serializers.IntegerField(required=False, min_value=1, max_value=4)
    date_from = serializers.DateField(required=False, help_text=_("开始日期 YYYY-MM-DD（也可用 from）"))
    date_to = serializers.DateField(required=False, help_text=_("结束日期 YYYY-MM-DD（也可用 to）"))

    def to_internal_value(self, data):
        data = data.copy() if hasattr(data, "copy") else dict(data)
        # An empty field is a missing one: "请选择统计期间" rather than a date format error.
        for name in ("period", "year", "quarter", "from", "to", "date_from", "date_to"):
            if name in data and data[name] in ("", None):
                del data[name]
        for short, long in (("from", "date_from"), ("to", "date_to")):
            if short in data and long not in data:
                data[long] = data[short]
        return super().to_internal_value(data)

    def validate(self, attrs):
        user = self.context["request"].user
        raw = {
            "period": attrs.get("period", ""),
            "year": attrs.get("year", ""),
            "quarter": attrs.get("quarter", ""),
            "from": attrs["date_from"].isoformat() if attrs.get("date_from") else "",
            "to": attrs["date_to"].isoformat() if attrs.get("date_to") else "",
        }
        errors = {}
        try:
            attrs["period_value"] = parse_period(raw)
        except DjangoValidationError as exc:
            rename = {"from": "date_from", "to": "date_to"}
            errors.update({rename.get(k, k): v for k, v in exc.message_dict.items()})
        try:
            attrs["scope_value"] = parse_scope(attrs["scope"], user, roles=BUILD_ROLES, default=False)
        except ScopeNotFound:
            errors["scope"] = [_("统计范围不存在或不在您的管辖范围内。")]
        except DjangoValidationError as exc:
            errors.update(exc.message_dict)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs
