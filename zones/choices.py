from django.db import models
from django.utils.translation import gettext_lazy as _


class TownshipKind(models.TextChoices):
    TOWN = "town", _("镇")
    TOWNSHIP = "township", _("乡")
    SUBDISTRICT = "subdistrict", _("街道")


class VillageKind(models.TextChoices):
    VILLAGE = "village", _("村")
    COMMUNITY = "community", _("社区")


class DepartmentKind(models.TextChoices):
    CASE_OFFICE = "case_office", _("纪检监察室")
    CASE_MANAGEMENT = "case_management", _("案件监督管理室")
    PETITION = "petition", _("信访室")
    REVIEW = "review", _("案件审理室")
    OTHER = "other", _("其他部门")


class CommitteePosition(models.TextChoices):
    DIRECTOR = "director", _("村监委主任")
    MEMBER = "member", _("村监委委员")


class SupervisorKind(models.TextChoices):
    INTEGRITY = "integrity", _("廉情监督员")
    GRID = "grid", _("网格监督员")
    VOLUNTEER = "volunteer", _("廉政义务监督员")
