"""Clue API serializers: read shapes for list/detail, input shapes for registration and each workflow action."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from people.choices import CadreLevel, PoliticalStatus
from people.models import Person, User
from zones.models import Department, Township, Village, Zone

from ..case_hooks import case_hooks
from ..choices import (
    CloseReason,
    ClueCategory,
    ClueChannel,
    ClueDomain,
    ClueResult,
    ClueSource,
    ClueStep,
    DisposalMethod,
    HandlingMode,
    InquiryForm,
    ProblemTypeCode,
)
from ..deadlines import DEADLINE_FIELDS
from ..models import Clue, ClueAttachment, ClueEvent, ClueSubject
from ..selectors import CONFIDENTIAL, reporter_for
from ..services import allowed_actions, identity_visible


class IdField(serializers.PrimaryKeyRelatedField):
    """A related record by its id, with Chinese errors that say what went wrong."""

    default_error_messages = {
        "required": _("该字段是必填项。"),
        "does_not_exist": _("编号为 {pk_value} 的记录不存在或不在您的管辖范围内。"),
        "incorrect_type": _("请填写记录的编号（整数）。"),
    }


class _Named(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


def _named(obj):
    return {"id": obj.pk, "name": str(obj)} if obj is not None else None


class SubjectSerializer(serializers.ModelSerializer):
    person_id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="person.name", read_only=True)
    cadre_level_display = serializers.CharField(source="get_cadre_level_display", read_only=True)
    political_status_display = serializers.CharField(source="get_political_status_display", read_only=True)

    class Meta:
        model = ClueSubject
        fields = [
            "person_id",
            "name",
            "unit",
            "position",
            "cadre_level",
            "cadre_level_display",
            "political_status",
            "political_status_display",
            "is_public_official",
        ]


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    uploaded_by = serializers.StringRelatedField()

    class Meta:
        model = ClueAttachment
        fields = ["id", "original_name", "kind", "content_type", "size", "uploaded_by", "uploaded_at", "download_url"]

    def get_download_url(self, obj) -> str:
        return f"/api/clues/{obj.clue_id}/attachments/{obj.pk}/"


class EventSerializer(serializers.ModelSerializer):
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    from_status_display = serializers.CharField(source="get_from_status_display", read_only=True)
    to_status_display = serializers.CharField(source="get_to_status_display", read_only=True)

    class Meta:
        model = ClueEvent
        fields = [
            "id",
            "kind",
            "kind_display",
            "at",
            "actor_name",
            "from_status",
            "from_status_display",
            "to_status",
            "to_status_display",
            "note",
            "data",
        ]


class CaseLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    filed_on = serializers.DateField()
    status = serializers.CharField()


class ReporterSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()
    id_number = serializers.CharField()
    address = serializers.CharField()
    notified_accept_on = serializers.DateField(allow_null=True)
    notified_result_on = serializers.DateField(allow_null=True)


class ClueListSerializer(serializers.ModelSerializer):
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    source_display = serializers.CharField(source="get_source_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    domain_display = serializers.CharField(source="get_domain_display", read_only=True)
    disposal_method_display = serializers.CharField(source="get_disposal_method_display", read_only=True)
    result_display = serializers.CharField(source="get_result_display", read_only=True)
    disposal_method = serializers.CharField(read_only=True, help_text="处置方式代码（见筛选参数 method）")
    township = serializers.SerializerMethodField()
    village = serializers.SerializerMethodField()
    assignee = serializers.SerializerMethodField()
    receiving_unit = serializers.SerializerMethodField()
    problem_types = serializers.SerializerMethodField()
    persons = SubjectSerializer(source="subjects", many=True, read_only=True)
    reporter = serializers.SerializerMethodField()
    duplicate_of = serializers.SerializerMethodField()

    class Meta:
        model = Clue
        fields = [
            "id",
            "number",
            "received_on",
            "category",
            "category_display",
            "source",
            "source_display",
            "channel",
            "is_anonymous",
            "reporter",
            "township",
            "village",
            "domain",
            "domain_display",
            "problem_types",
            "amount",
            "summary",
            "persons",
            "status",
            "status_display",
            "is_duplicate",
            "duplicate_of",
            "handling_mode",
            "receiving_unit",
            "assignee",
            "disposal_method",
            "disposal_method_display",
            "decided_on",
            "result",
            "result_display",
            "concluded_on",
            "closed_on",
            "assign_due",
            "sign_due",
            "conclusion_due",
            "reply_due",
            "inquiry_conclusion_due",
            "verification_due",
            "hold_review_on",
            "reporter_accept_due",
            "reporter_result_due",
        ]

    @extend_schema_field(_Named(allow_null=True))
    def get_township(self, obj):
        return _named(obj.township)

    @extend_schema_field(_Named(allow_null=True))
    def get_village(self, obj):
        return _named(obj.village)

    @extend_schema_field(_Named(allow_null=True))
    def get_assignee(self, obj):
        return _named(obj.assignee)

    def get_receiving_unit(self, obj) -> str:
        return str(obj.receiving_unit or "")

    def get_problem_types(self, obj) -> list[str]:
        return [pt.code for pt in obj.problem_types.all()]

    def get_reporter(self, obj) -> str:
        """In lists the identity is never shown: 「匿名」 or 「已保密」."""
        return str(_("匿名")) if obj.is_anonymous else str(CONFIDENTIAL)

    @extend_schema_field(_Named(allow_null=True))
    def get_duplicate_of(self, obj):
        return {"id": obj.duplicate_of_id, "name": obj.duplicate_of.number} if obj.duplicate_of_id else None


class ClueDetailSerializer(ClueListSerializer):
    description = serializers.CharField(read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    events = serializers.SerializerMethodField()
    reporter = serializers.SerializerMethodField()
    reporter_visible = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    provisional_deadlines = serializers.SerializerMethodField()
    registered_by = serializers.StringRelatedField()
    cases = serializers.SerializerMethodField()

    class Meta(ClueListSerializer.Meta):
        fields = [
            *ClueListSerializer.Meta.fields,
            "description",
            "registered_at",
            "registered_by",
            "reporter_visible",
            "assigned_on",
            "report_back_due",
            "signed_at",
            "inquiry_form",
            "inquiry_on",
            "reply_on",
            "plan_approved_on",
            "report_on",
            "hold_reason",
            "close_reason",
            "result_note",
            "attachments",
            "events",
            "allowed_actions",
            "provisional_deadlines",
            "cases",
        ]

    @extend_schema_field(CaseLinkSerializer(many=True))
    def get_cases(self, obj):
        """The case(s) filed from this clue (立案审查调查) that the user may see."""
        if obj.result != ClueResult.FILE_CASE:
            return []
        cases = case_hooks().cases_of_clue(clue=obj, user=self._user())
        return CaseLinkSerializer(cases, many=True).data

    @extend_schema_field(EventSerializer(many=True))
    def get_events(self, obj):
        events = sorted(obj.events.all(), key=lambda e: (e.at, e.pk))
        return EventSerializer(events, many=True).data

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def _reporter(self, obj):
        cache = self.context.setdefault("_reporters", {})
        if obj.pk not in cache:
            cache[obj.pk] = reporter_for(obj, self._user())
        return cache[obj.pk]

    @extend_schema_field(
        serializers.JSONField(help_text="举报人信息对象；无权查看时为字符串「已保密」，匿名时为「匿名」")
    )
    def get_reporter(self, obj):
        if obj.is_anonymous:
            return str(_("匿名"))
        reporter = self._reporter(obj)
        if reporter is None:
            return str(CONFIDENTIAL)
        return ReporterSerializer(reporter).data

    def get_reporter_visible(self, obj) -> bool:
        return identity_visible(obj, self._user())

    def get_allowed_actions(self, obj) -> list[str]:
        return sorted(allowed_actions(obj, self._user()))

    def get_provisional_deadlines(self, obj) -> list[str]:
        """Deadlines computed on a year without a published official calendar (shown as 「暂按」)."""
        from core import calendar

        names = (*DEADLINE_FIELDS, "hold_review_on")
        return [name for name in names if getattr(obj, name) and calendar.is_provisional(getattr(obj, name))]


class PersonInputSerializer(serializers.Serializer):
    person = IdField(queryset=Person.objects.none(), required=False, allow_null=True)
    name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    unit = serializers.CharField(max_length=100, required=False, allow_blank=True)
    position = serializers.CharField(max_length=100, required=False, allow_blank=True)
    cadre_level = serializers.ChoiceField(choices=CadreLevel.choices, required=False, allow_blank=True)
    political_status = serializers.ChoiceField(choices=PoliticalStatus.choices, required=False, allow_blank=True)
    is_public_official = serializers.BooleanField(required=False, default=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["person"].queryset = Person.objects.restrict(request.user, "view")

    def validate(self, attrs):
        if not attrs.get("person") and not (attrs.get("name") or "").strip():
            raise serializers.ValidationError({"name": _("请选择已有人员或填写姓名")})
        return attrs


class ReporterInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ClueWriteSerializer(serializers.Serializer):
    """Registration input (also used for updates while 已登记)."""

    received_on = serializers.DateField(label=_("受理日期"))
    category = serializers.ChoiceField(choices=ClueCategory.choices, label=_("信访举报分类"))
    source = serializers.ChoiceField(choices=ClueSource.choices, label=_("线索来源"))
    channel = serializers.ChoiceField(choices=ClueChannel.choices, required=False, allow_blank=True)
    is_anonymous = serializers.BooleanField(default=True)
    reporter = ReporterInputSerializer(required=False, allow_null=True)
    township = IdField(queryset=Township.objects.none(), allow_null=True, required=False)
    village = IdField(queryset=Village.objects.none(), allow_null=True, required=False)
    domain = serializers.ChoiceField(choices=ClueDomain.choices, label=_("领域"))
    problem_types = serializers.ListField(
        child=serializers.ChoiceField(choices=ProblemTypeCode.choices), allow_empty=False, label=_("问题类型")
    )
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True, label=_("涉及金额（元）")
    )
    summary = serializers.CharField(max_length=200, label=_("内容摘要"))
    description = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    persons = PersonInputSerializer(many=True, allow_empty=False, label=_("被反映人"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["township"].queryset = Township.objects.restrict(request.user)
            self.fields["village"].queryset = Village.objects.restrict(request.user)

    def validate(self, attrs):
        if not attrs.get("is_anonymous", True) and not attrs.get("reporter"):
            raise serializers.ValidationError({"reporter": _("实名举报须填写举报人信息；不愿留名的请选择匿名")})
        return attrs


class AssignInputSerializer(serializers.Serializer):
    handling_mode = serializers.ChoiceField(choices=HandlingMode.choices)
    assignee = IdField(queryset=User.objects.filter(is_active=True), required=False, allow_null=True)
    receiving_department = IdField(queryset=Department.objects.filter(active=True), required=False, allow_null=True)
    receiving_township = IdField(queryset=Township.objects.filter(active=True), required=False, allow_null=True)
    receiving_zone = IdField(queryset=Zone.objects.filter(active=True), required=False, allow_null=True)
    receiving_body = serializers.CharField(max_length=100, required=False, allow_blank=True)
    assigned_on = serializers.DateField(required=False, allow_null=True)
    report_back_due = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class NoteInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class DisposeInputSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=DisposalMethod.choices)
    decided_on = serializers.DateField()
    decided_by = IdField(queryset=User.objects.filter(is_active=True), required=False, allow_null=True)
    inquiry_form = serializers.ChoiceField(choices=InquiryForm.choices, required=False, allow_blank=True)
    hold_reason = serializers.CharField(max_length=200, required=False, allow_blank=True)
    hold_review_on = serializers.DateField(required=False, allow_null=True)
    close_reason = serializers.ChoiceField(choices=CloseReason.choices, required=False, allow_blank=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class StepInputSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=ClueStep.choices)
    on = serializers.DateField()
    next_review_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ConcludeInputSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=ClueResult.choices)
    concluded_on = serializers.DateField()
    result_note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    close_reason = serializers.ChoiceField(choices=CloseReason.choices, required=False, allow_blank=True)
    hold_reason = serializers.CharField(max_length=200, required=False, allow_blank=True)
    hold_review_on = serializers.DateField(required=False, allow_null=True)
    case_approver = IdField(queryset=User.objects.filter(is_active=True), required=False, allow_null=True)


class CloseOffInputSerializer(serializers.Serializer):
    closed_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class MarkDuplicateInputSerializer(serializers.Serializer):
    original = IdField(queryset=Clue.objects.none())
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["original"].queryset = Clue.objects.restrict(request.user, "view")


class AttachmentUploadSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), allow_empty=False)


class PersonSerializer(serializers.ModelSerializer):
    township = IdField(queryset=Township.objects.none(), required=False, allow_null=True)
    cadre_level_display = serializers.CharField(source="get_cadre_level_display", read_only=True)
    political_status_display = serializers.CharField(source="get_political_status_display", read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "county",
            "township",
            "name",
            "unit",
            "position",
            "cadre_level",
            "cadre_level_display",
            "political_status",
            "political_status_display",
            "is_public_official",
            "merged_into",
        ]
        read_only_fields = ["county", "merged_into"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["township"].queryset = Township.objects.restrict(request.user)


class PersonMergeSerializer(serializers.Serializer):
    target = IdField(queryset=Person.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["target"].queryset = Person.objects.restrict(request.user, "change")


class PersonRecordClueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    received_on = serializers.DateField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    summary = serializers.CharField()
    result_display = serializers.CharField(source="get_result_display")
