from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit.tracking import track
from core.scoping import ScopedManager, ScopedQuerySet, ScopePaths
from core.text import normalize_name
from zones.models import County, Department, Township, Village, Zone, ZoneMembership, phone_validator

from .choices import CadreLevel, PoliticalStatus
from .roles import ROLE_LEVELS, Role, ScopeLevel


def _assignments_in_counties(ids) -> Q:
    """Role assignments over the counties or anything inside them (zone, township, village)."""
    return (
        Q(county__in=ids) | Q(zone__county__in=ids) | Q(township__county__in=ids) | Q(village__township__county__in=ids)
    )


def _assignments_in_townships(ids) -> Q:
    """Role assignments over the townships, their villages, or a zone they are currently in."""
    zones = ZoneMembership.objects.current().filter(township__in=ids).values("zone_id")
    return Q(township__in=ids) | Q(village__township__in=ids) | Q(zone__in=zones)


class UserQuerySet(ScopedQuerySet):
    pass


class QingfengUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


@track(exclude=("password", "last_login"))
class User(AbstractUser):
    real_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[phone_validator])
    department = models.ForeignKey(
        Department, verbose_name=_("所在部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    unit = models.CharField(_("工作单位"), max_length=100, blank=True, help_text=_("部门以外的单位，如乡镇纪委"))

    objects = QingfengUserManager()
    scope_roles = {"view": "admin", "change": "admin", "manage": "admin"}
    scope_paths = ScopePaths(
        county=lambda ids: (
            Q(pk__in=RoleAssignment.objects.filter(_assignments_in_counties(ids)).values("user_id"))
            | Q(department__county__in=ids)
        ),
        township=lambda ids: Q(pk__in=RoleAssignment.objects.filter(_assignments_in_townships(ids)).values("user_id")),
        village=lambda ids: Q(pk__in=RoleAssignment.objects.filter(village__in=ids).values("user_id")),
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self):
        return self.real_name or self.username

    def get_full_name(self):
        return self.real_name or super().get_full_name()


@track
class RoleAssignment(models.Model):
    """A role held by a user, with the jurisdiction it covers."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    county = models.ForeignKey(County, verbose_name=_("区县"), null=True, blank=True, on_delete=models.PROTECT)
    zone = models.ForeignKey(Zone, verbose_name=_("协作区"), null=True, blank=True, on_delete=models.PROTECT)
    township = models.ForeignKey(Township, verbose_name=_("乡镇"), null=True, blank=True, on_delete=models.PROTECT)
    village = models.ForeignKey(Village, verbose_name=_("村"), null=True, blank=True, on_delete=models.PROTECT)

    objects = ScopedManager()
    scope_roles = {"view": "admin", "change": "admin", "manage": "admin"}
    scope_paths = ScopePaths(
        county=lambda ids: _assignments_in_counties(ids),
        township=lambda ids: _assignments_in_townships(ids),
        village="village",
    )

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                name="role_assignment_one_scope",
                condition=~(
                    Q(county__isnull=False, zone__isnull=False)
                    | Q(county__isnull=False, township__isnull=False)
                    | Q(county__isnull=False, village__isnull=False)
                    | Q(zone__isnull=False, township__isnull=False)
                    | Q(zone__isnull=False, village__isnull=False)
                    | Q(township__isnull=False, village__isnull=False)
                ),
            ),
            *[
                models.UniqueConstraint(fields=["user", "role", level], name=f"role_assignment_unique_{level}")
                for level in ("county", "zone", "township", "village")
            ],
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(county__isnull=True, zone__isnull=True, township__isnull=True, village__isnull=True),
                name="role_assignment_unique_all",
            ),
        ]

    def __str__(self):
        target = self.county or self.zone or self.township or self.village or _("全部")
        return f"{self.get_role_display()} · {target}"

    @property
    def level(self) -> str:
        for level in ("county", "zone", "township", "village"):
            if getattr(self, f"{level}_id"):
                return level
        return ScopeLevel.ALL

    def clean(self):
        allowed = ROLE_LEVELS.get(self.role, set())
        if self.level not in allowed:
            names = "、".join(str(ScopeLevel(level).label) for level in sorted(allowed))
            raise ValidationError(
                _("角色“%(role)s”的管辖范围应为：%(levels)s") % {"role": self.get_role_display(), "levels": names}
            )


@track
class Person(models.Model):
    """A person reported (被反映人) or investigated (被审查调查人)."""

    county = models.ForeignKey(County, verbose_name=_("区县"), on_delete=models.PROTECT, related_name="persons")
    township = models.ForeignKey(
        Township,
        verbose_name=_("所在乡镇"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="persons",
        help_text=_("工作单位所在乡镇；县直单位留空"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    name_key = models.CharField(_("姓名检索键"), max_length=50, db_index=True, editable=False)
    unit = models.CharField(_("工作单位"), max_length=100)
    unit_key = models.CharField(_("单位检索键"), max_length=100, db_index=True, editable=False)
    position = models.CharField(_("职务"), max_length=100, blank=True)
    cadre_level = models.CharField(_("干部层级"), max_length=20, choices=CadreLevel.choices)
    political_status = models.CharField(_("政治面貌"), max_length=20, choices=PoliticalStatus.choices)
    is_public_official = models.BooleanField(_("公职人员"), default=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("已合并至"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedManager()
    scope_roles = {"view": "content", "change": "working", "manage": "working"}
    scope_paths = ScopePaths(county="county", township="township")

    class Meta:
        verbose_name = _("被反映人")
        verbose_name_plural = _("被反映人")
        ordering = ["name_key", "id"]
        indexes = [models.Index(fields=["county", "name_key", "unit_key"])]

    def __str__(self):
        return f"{self.name}（{self.unit}）" if self.unit else self.name

    def save(self, *args, **kwargs):
        self.name_key = normalize_name(self.name)
        self.unit_key = normalize_name(self.unit)
        super().save(*args, **kwargs)
