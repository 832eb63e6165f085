"""Jurisdiction: county → township → village → village group, and collaboration zones."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit.tracking import track
from core.scoping import ScopedManager, ScopedQuerySet, ScopePaths

from .choices import CommitteePosition, DepartmentKind, SupervisorKind, TownshipKind, VillageKind

phone_validator = RegexValidator(r"^[0-9+\-() ]{5,20}$", _("请输入有效的电话号码"))


def _county_of_townships(ids):
    return Q(pk__in=Township.objects.filter(pk__in=ids).values("county_id"))


def _county_of_villages(ids):
    return Q(pk__in=Village.objects.filter(pk__in=ids).values("township__county_id"))


def _township_of_villages(ids):
    return Q(pk__in=Village.objects.filter(pk__in=ids).values("township_id"))


def _township_of_villages_fk(ids):
    return Q(township__in=Village.objects.filter(pk__in=ids).values("township_id"))


def _zones_of_townships(ids):
    return Q(pk__in=ZoneMembership.objects.current().filter(township_id__in=ids).values("zone_id"))


def _zones_of_villages(ids):
    return _zones_of_townships(Village.objects.filter(pk__in=ids).values("township_id"))


class JurisdictionModel(models.Model):
    """Reference data everyone in scope may read and only administrators may change."""

    scope_roles = {"view": "any", "change": "admin", "manage": "admin"}

    class Meta:
        abstract = True


@track
class County(JurisdictionModel):
    name = models.CharField(_("名称"), max_length=50)
    code = models.CharField(
        _("行政区划代码"), max_length=6, unique=True, validators=[RegexValidator(r"^\d{6}$", _("应为 6 位数字"))]
    )
    city = models.CharField(_("所属市州"), max_length=50, blank=True)
    active = models.BooleanField(_("启用"), default=True)

    objects = ScopedManager()
    scope_paths = ScopePaths(county="pk", township=_county_of_townships, village=_county_of_villages)

    class Meta:
        verbose_name = _("区县")
        verbose_name_plural = _("区县")
        ordering = ["code"]

    def __str__(self):
        return self.name


@track
class Department(JurisdictionModel):
    county = models.ForeignKey(County, verbose_name=_("区县"), on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("类别"), max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.OTHER)
    active = models.BooleanField(_("启用"), default=True)

    objects = ScopedManager()
    scope_paths = ScopePaths(
        county="county",
        township=lambda ids: Q(county__in=Township.objects.filter(pk__in=ids).values("county_id")),
        village=lambda ids: Q(county__in=Village.objects.filter(pk__in=ids).values("township__county_id")),
    )

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["county", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="department_unique_name")]

    def __str__(self):
        return self.name


@track
class Township(JurisdictionModel):
    county = models.ForeignKey(County, verbose_name=_("区县"), on_delete=models.PROTECT, related_name="townships")
    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("类别"), max_length=20, choices=TownshipKind.choices, default=TownshipKind.TOWN)
    slug = models.SlugField(_("拼音简称"), max_length=40, help_text=_("用于账号名，例如 qingping"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    objects = ScopedManager()
    scope_paths = ScopePaths(county="county", township="pk", village=_township_of_villages)

    class Meta:
        verbose_name = _("乡镇（街道）")
        verbose_name_plural = _("乡镇（街道）")
        ordering = ["county", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="township_unique_name"),
            models.UniqueConstraint(fields=["county", "slug"], name="township_unique_slug"),
        ]

    def __str__(self):
        return self.name


@track
class Village(JurisdictionModel):
    township = models.ForeignKey(Township, verbose_name=_("乡镇"), on_delete=models.PROTECT, related_name="villages")
    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("类别"), max_length=20, choices=VillageKind.choices, default=VillageKind.VILLAGE)
    active = models.BooleanField(_("启用"), default=True)

    objects = ScopedManager()
    scope_paths = ScopePaths(county="township__county", township="township", village="pk")

    class Meta:
        verbose_name = _("村（社区）")
        verbose_name_plural = _("村（社区）")
        ordering = ["township", "name"]
        constraints = [models.UniqueConstraint(fields=["township", "name"], name="village_unique_name")]

    def __str__(self):
        return self.name


@track
class VillageGroup(JurisdictionModel):
    village = models.ForeignKey(Village, verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(_("名称"), max_length=50)
    active = models.BooleanField(_("启用"), default=True)

    objects = ScopedManager()
    scope_paths = ScopePaths(county="village__township__county", township="village__township", village="village")

    class Meta:
        verbose_name = _("村民小组（社）")
        verbose_name_plural = _("村民小组（社）")
        ordering = ["village", "name"]
        constraints = [models.UniqueConstraint(fields=["village", "name"], name="group_unique_name")]

    def __str__(self):
        return f"{self.village.name}{self.name}"


@track
class Zone(JurisdictionModel):
    """监督执纪监察协作区: one commission leader leads, one 纪检监察室 coordinates, N townships take part."""

    county = models.ForeignKey(County, verbose_name=_("区县"), on_delete=models.PROTECT, related_name="zones")
    name = models.CharField(_("名称"), max_length=50)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("组长"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_zones",
    )
    coordinating_department = models.ForeignKey(
        Department,
        verbose_name=_("牵头纪检监察室"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinated_zones",
    )
    active = models.BooleanField(_("启用"), default=True)

    objects = ScopedManager()
    scope_paths = ScopePaths(county="county", township=_zones_of_townships, village=_zones_of_villages)

    class Meta:
        verbose_name = _("协作区")
        verbose_name_plural = _("协作区")
        ordering = ["county", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="zone_unique_name")]

    def __str__(self):
        return self.name


class ZoneMembershipQuerySet(ScopedQuerySet):
    def current(self):
        return self.filter(end_date__isnull=True)


@track
class ZoneMembership(JurisdictionModel):
    """A township's membership of a zone from ``start_date`` until ``end_date`` (open = current)."""

    zone = models.ForeignKey(Zone, verbose_name=_("协作区"), on_delete=models.PROTECT, related_name="memberships")
    township = models.ForeignKey(
        Township, verbose_name=_("乡镇"), on_delete=models.PROTECT, related_name="zone_memberships"
    )
    start_date = models.DateField(_("加入日期"))
    end_date = models.DateField(_("退出日期"), null=True, blank=True)

    objects = ZoneMembershipQuerySet.as_manager()
    scope_paths = ScopePaths(county="zone__county", township="township", village=_township_of_villages_fk)

    class Meta:
        verbose_name = _("协作区成员乡镇")
        verbose_name_plural = _("协作区成员乡镇")
        ordering = ["zone", "township__order", "-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["township"], condition=Q(end_date__isnull=True), name="township_one_current_zone"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.township} → {self.zone}"

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("退出日期不能早于加入日期")})


class RosterModel(JurisdictionModel):
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[phone_validator])
    appointed_on = models.DateField(_("任职日期"))
    ended_on = models.DateField(_("离任日期"), null=True, blank=True)
    active = models.BooleanField(_("在任"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("系统账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    def clean(self):
        if self.ended_on and self.appointed_on and self.ended_on < self.appointed_on:
            raise ValidationError({"ended_on": _("离任日期不能早于任职日期")})
        if self.ended_on and self.active:
            raise ValidationError({"active": _("已填写离任日期的人员不能为在任状态")})


@track
class VillageCommitteeMember(RosterModel):
    """村务监督委员会成员; the director is the zone's village-level liaison."""

    village = models.ForeignKey(
        Village, verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="committee_members"
    )
    position = models.CharField(_("职务"), max_length=20, choices=CommitteePosition.choices)

    objects = ScopedManager()
    scope_paths = ScopePaths(county="village__township__county", township="village__township", village="village")

    class Meta:
        verbose_name = _("村务监督委员会成员")
        verbose_name_plural = _("村务监督委员会成员")
        ordering = ["village", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["village"],
                condition=Q(active=True, position="director"),
                name="one_active_committee_director",
            ),
            models.UniqueConstraint(fields=["user"], name="committee_member_unique_user"),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_position_display()}）"


@track
class VillageSupervisor(RosterModel):
    """廉情监督员: 1–3 active per village group."""

    MAX_ACTIVE_PER_GROUP = 3

    group = models.ForeignKey(
        VillageGroup, verbose_name=_("村民小组"), on_delete=models.PROTECT, related_name="supervisors"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=SupervisorKind.choices, default=SupervisorKind.INTEGRITY)

    objects = ScopedManager()
    scope_paths = ScopePaths(
        county="group__village__township__county", township="group__village__township", village="group__village"
    )

    class Meta:
        verbose_name = _("村级监督员")
        verbose_name_plural = _("村级监督员")
        ordering = ["group", "name"]

    def __str__(self):
        return self.name
