from django.db import models
from django.utils.translation import gettext_lazy as _


class CadreLevel(models.TextChoices):
    PROVINCIAL = "provincial", _("省部级")
    BUREAU = "bureau", _("厅局级")
    COUNTY = "county", _("县处级")
    SECTION = "section", _("乡科级")
    GENERAL = "general", _("一般干部")
    OTHER = "other", _("农村、企业等其他人员")


class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "party_member", _("中共党员")
    NON_MEMBER = "non_member", _("非党员")
