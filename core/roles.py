"""Roles of DOMAIN.md §1 and what each may do: the vocabulary of the scoping door (``scope_roles``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    LEADER = "leader", _("委领导")
    ZONE_LEADER = "zone_leader", _("协作区组长")
    CASE_OFFICER = "case_officer", _("纪检监察室")
    PETITION_OFFICER = "petition_officer", _("信访室")
    TOWNSHIP_OFFICER = "township_officer", _("乡镇纪委")
    VILLAGE_SUPERVISOR = "village_supervisor", _("村级监督员")
    AUDITOR = "auditor", _("只读审计")


class ScopeLevel(models.TextChoices):
    ALL = "all", _("全部")
    COUNTY = "county", _("区县")
    ZONE = "zone", _("协作区")
    TOWNSHIP = "township", _("乡镇")
    VILLAGE = "village", _("村")


ALL_ROLES = frozenset(Role.values)
# Roles that read case content (clues, cases, letters). The administrator configures but
# sees no case content unless also given one of these.
CONTENT_ROLES = ALL_ROLES - {Role.ADMIN}
# Roles that register and handle content in their scope.
WORKING_ROLES = frozenset(
    {Role.LEADER, Role.ZONE_LEADER, Role.CASE_OFFICER, Role.PETITION_OFFICER, Role.TOWNSHIP_OFFICER}
)
# Roles that may see a reporter's identity on every clue in scope (the assigned case
# officer sees it on their own clues too; that rule lives with the clue).
IDENTITY_ROLES = frozenset({Role.LEADER, Role.PETITION_OFFICER})
AUDIT_ROLES = frozenset({Role.LEADER, Role.AUDITOR})
MANAGE_ROLES = frozenset({Role.ADMIN})

# Named role sets a model's ``scope_roles`` may refer to.
ROLE_SETS = {
    "any": ALL_ROLES,
    "content": CONTENT_ROLES,
    "working": WORKING_ROLES,
    "identity": IDENTITY_ROLES,
    "audit": AUDIT_ROLES,
    "admin": MANAGE_ROLES,
}

# The widest level each role may be given.
ROLE_LEVELS = {
    Role.ADMIN: {ScopeLevel.ALL, ScopeLevel.COUNTY},
    Role.LEADER: {ScopeLevel.COUNTY},
    Role.ZONE_LEADER: {ScopeLevel.ZONE},
    Role.CASE_OFFICER: {ScopeLevel.COUNTY, ScopeLevel.ZONE},
    Role.PETITION_OFFICER: {ScopeLevel.COUNTY},
    Role.TOWNSHIP_OFFICER: {ScopeLevel.TOWNSHIP},
    Role.VILLAGE_SUPERVISOR: {ScopeLevel.VILLAGE},
    Role.AUDITOR: {ScopeLevel.COUNTY},
}
