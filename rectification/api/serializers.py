"""Rectification API serializers: read shapes for letters and items, input shapes for issuing and each step."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from people.models import User
from people.roles import Role
from zones.models import Department, Township, Village, Zone

from ..choices import Domain, ItemAction, ItemStatus, LetterKind, LetterStatus, UnitKind
from ..models import Evidence, Item, ItemEvent, ItemReport, Letter
from ..services import allowed_actions


def choice(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field documented inline by a pattern and its labels.

    drf-spectacular names enum components after the field; ``status``, ``kind`` and
    ``domain`` are taken by other apps' enums, and a hashed name reads badly.
    """
    described = "；".join(f"{value}：{label}" for value, label in choices)
    values = "|".join(value for value, _label in choices)
    schema = {"type": "string", "pattern": f"^({values})$", "description": described}
    field_class = extend_schema_field(schema)(type("InlineChoiceField", (serializers.ChoiceField,), {}))
    return field_class(choices=choices, **kwargs)


def _person(user) -> str:
    return (user.real_name or user.username) if user else ""


class LetterSerializer(serializers.ModelSerializer):
    """A letter as listed: number, kind, addressee, issuer and item counts."""

    kind = choice(LetterKind.choices, read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    unit_kind = choice(UnitKind.choices, read_only=True)
    status = choice(LetterStatus.choices, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    addressee = serializers.CharField(source="addressee_name", read_only=True)
    issuer = serializers.CharField(source="issuer_name", read_only=True)
    approver_name = serializers.SerializerMethodField()
    issued_by_name = serializers.SerializerMethodField()
    item_count = serializers.IntegerField(read_only=True)
    closed_count = serializers.IntegerField(read_only=True)
    overdue_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Letter
        fields = [
            "id",
            "number",
            "kind",
            "kind_display",
            "subject",
            "unit_kind",
            "addressee",
            "addressee_township",
            "addressee_village",
            "addressee_department",
            "township",
            "issuer_zone",
            "issuer",
            "approver",
            "approver_name",
            "issued_by",
            "issued_by_name",
            "issued_on",
            "status",
            "status_display",
            "closed_on",
            "item_count",
            "closed_count",
            "overdue_count",
        ]
        read_only_fields = fields

    def get_approver_name(self, letter) -> str:
        return _person(letter.approver)

    def get_issued_by_name(self, letter) -> str:
        return _person(letter.issued_by)


class RectificationEvidenceSerializer(serializers.ModelSerializer):
    download_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size", "uploaded_at", "download_url"]
        read_only_fields = fields


class RectificationItemReportSerializer(serializers.ModelSerializer):
    submitted_by_name = serializers.SerializerMethodField()
    evidence = RectificationEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ItemReport
        fields = ["id", "measures", "submitted_by", "submitted_by_name", "submitted_at", "evidence"]
        read_only_fields = fields

    def get_submitted_by_name(self, report) -> str:
        return _person(report.submitted_by)


class RectificationEventSerializer(serializers.ModelSerializer):
    action = choice(ItemAction.choices, read_only=True)
    from_status = choice(ItemStatus.choices, read_only=True)
    to_status = choice(ItemStatus.choices, read_only=True)
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = ItemEvent
        fields = ["id", "action", "action_display", "from_status", "to_status", "actor", "actor_name", "note", "at"]
        read_only_fields = fields

    def get_actor_name(self, event) -> str:
        return _person(event.actor)


class RectificationItemSerializer(serializers.ModelSerializer):
    """A problem item as in the ledger (整改台账)."""

    letter_number = serializers.CharField(source="letter.number", read_only=True)
    addressee = serializers.CharField(source="letter.addressee_name", read_only=True)
    domain = choice(Domain.choices, read_only=True)
    domain_display = serializers.CharField(source="get_domain_display", read_only=True)
    clue_number = serializers.SerializerMethodField()
    contact_name = serializers.SerializerMethodField()
    status = choice(ItemStatus.choices, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Item
        fields = [
            "id",
            "letter",
            "letter_number",
            "seq",
            "addressee",
            "description",
            "domain",
            "domain_display",
            "clue",
            "clue_number",
            "finding",
            "responsible_person",
            "contact",
            "contact_name",
            "due_on",
            "status",
            "status_display",
            "is_overdue",
            "reported_on",
            "verified_on",
            "closed_on",
            "reopen_count",
        ]
        read_only_fields = fields

    def get_clue_number(self, item) -> str:
        return item.clue.number if item.clue_id else ""

    def get_contact_name(self, item) -> str:
        return _person(item.contact)

    def get_is_overdue(self, item) -> bool:
        return item.is_overdue(self.context.get("today") or timezone.localdate())


class RectificationItemDetailSerializer(RectificationItemSerializer):
    """An item with its reports, evidence, timeline and what the caller may do next."""

    reports = RectificationItemReportSerializer(many=True, read_only=True)
    events = RectificationEventSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta(RectificationItemSerializer.Meta):
        fields = [*RectificationItemSerializer.Meta.fields, "reports", "events", "allowed_actions"]
        read_only_fields = fields

    def get_allowed_actions(self, item) -> list[str]:
        return allowed_actions(self.context["request"].user, item)


class LetterDetailSerializer(LetterSerializer):
    items = RectificationItemSerializer(many=True, read_only=True)

    class Meta(LetterSerializer.Meta):
        fields = [*LetterSerializer.Meta.fields, "requirements", "items"]
        read_only_fields = fields


# Input -------------------------------------------------------------------------


class RectificationItemInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=2000)
    domain = choice(Domain.choices, default=Domain.OTHER)
    clue = serializers.CharField(
        max_length=40, required=False, allow_blank=True, help_text=_("关联线索编号（XS…），与问题来源二选一")
    )
    finding = serializers.CharField(max_length=300, required=False, allow_blank=True)
    responsible_person = serializers.CharField(max_length=100)
    contact = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    due_on = serializers.DateField()

    def validate_clue(self, value):
        from clues.models import Clue

        value = (value or "").strip()
        if not value:
            return None
        clue = Clue.objects.restrict(self.context["request"].user).filter(number__iexact=value).first()
        if clue is None:
            raise serializers.ValidationError(_("找不到编号为“%(number)s”的线索。") % {"number": value})
        return clue


class LetterIssueSerializer(serializers.Serializer):
    """Issue a letter: exactly one addressee (township, village or county department) and at least one item."""

    kind = choice(LetterKind.choices, default=LetterKind.SUPERVISION)
    subject = serializers.CharField(max_length=200)
    requirements = serializers.CharField(required=False, allow_blank=True, default="")
    addressee_township = serializers.PrimaryKeyRelatedField(
        queryset=Township.objects.filter(active=True), required=False, allow_null=True
    )
    addressee_village = serializers.PrimaryKeyRelatedField(
        queryset=Village.objects.filter(active=True), required=False, allow_null=True
    )
    addressee_department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.filter(active=True), required=False, allow_null=True
    )
    issuer_zone = serializers.PrimaryKeyRelatedField(
        queryset=Zone.objects.filter(active=True), required=False, allow_null=True
    )
    approver = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True, role_assignments__role__in=[Role.LEADER, Role.ZONE_LEADER])
        .distinct()
        .order_by("pk")
    )
    issued_on = serializers.DateField()
    items = RectificationItemInputSerializer(
        many=True, allow_empty=False, error_messages={"empty": _("请至少列出一个问题。")}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            user = request.user
            # Units outside the caller's jurisdiction are unknown ids, as in every other lookup.
            self.fields["addressee_township"].queryset = Township.objects.restrict(user).filter(active=True)
            self.fields["addressee_village"].queryset = Village.objects.restrict(user).filter(active=True)
            self.fields["addressee_department"].queryset = Department.objects.restrict(user).filter(active=True)
            self.fields["issuer_zone"].queryset = Zone.objects.restrict(user).filter(active=True)

    def validate(self, attrs):
        units = [attrs.get(name) for name in ("addressee_township", "addressee_village", "addressee_department")]
        if sum(1 for unit in units if unit) != 1:
            raise serializers.ValidationError(
                {"addressee_township": [_("请选择一个被督办单位：乡镇、村（社区）或县直部门，只能选一个。")]}
            )
        return attrs

    @property
    def county(self):
        data = self.validated_data
        if data.get("addressee_township"):
            return data["addressee_township"].county
        if data.get("addressee_village"):
            return data["addressee_village"].township.county
        return data["addressee_department"].county


class RectificationItemNoteInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class RectificationItemReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True)
    due_on = serializers.DateField(required=False, allow_null=True, help_text=_("新的整改期限（可选）"))


class RectificationItemReportInputSerializer(serializers.Serializer):
    """multipart/form-data: the measures taken and one or more evidence files (PDF, JPG, PNG, DOCX, XLSX)."""

    measures = serializers.CharField(max_length=5000, allow_blank=True)
    evidence = serializers.ListField(child=serializers.FileField(), required=False, allow_empty=True)
