"""Who may do what on a clue: register, handle, sign for it, see the reporter's identity."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from people.models import User
from people.roles import IDENTITY_ROLES, WORKING_ROLES, Role
from people.scopes import scope_for
from zones.models import County, Township, Village

from ..choices import HandlingMode
from ..models import Clue
from .transitions import TRANSITIONS, check_transition


def _reaches(user: User, roles, *, county_id, township_id, village_id=None) -> bool:
    reach = scope_for(user).reach(roles)
    if reach.everything:
        return True
    if county_id in reach.counties or (township_id and township_id in reach.townships):
        return True
    return bool(village_id and village_id in reach.villages)


def can_register(user: User, *, county: County, township: Township | None, village: Village | None) -> bool:
    """Working roles register in their scope; a village supervisor only for their own village."""
    if _reaches(
        user, WORKING_ROLES, county_id=county.pk, township_id=township.pk if township else None, village_id=None
    ):
        return True
    supervisor = {Role.VILLAGE_SUPERVISOR}
    return bool(village and _reaches(user, supervisor, county_id=None, township_id=None, village_id=village.pk))


def can_change(clue: Clue, user: User) -> bool:
    """``user`` may handle ``clue``: a working role reaching its county, township or receiving township."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    reach = scope_for(user).reach(WORKING_ROLES)
    return (
        reach.everything
        or clue.county_id in reach.counties
        or bool(clue.township_id and clue.township_id in reach.townships)
        or bool(clue.receiving_township_id and clue.receiving_township_id in reach.townships)
    )


def identity_visible(clue: Clue, user: User) -> bool:
    """DOMAIN.md §1: petition officers and leaders in scope, and the case officer assigned to the clue."""
    if clue.is_anonymous or not user or not user.is_authenticated or not user.is_active:
        return False
    if clue.assignee_id == user.pk and scope_for(user).has_role(Role.CASE_OFFICER):
        return True
    return _reaches(user, IDENTITY_ROLES, county_id=clue.county_id, township_id=clue.township_id)


def can_sign(clue: Clue, user: User) -> bool:
    """签收 is the receiving unit's: the assignee, or a working user of the receiving department,
    township or zone. A clue sent to an outside body (转办/督办 外单位) is signed for by the desk
    that sent it, recording the receipt it got back."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if clue.assignee_id and clue.assignee_id == user.pk:
        return True
    if not can_change(clue, user):
        return False
    if not (clue.receiving_department_id or clue.receiving_township_id or clue.receiving_zone_id):
        return True
    if clue.receiving_department_id and user.department_id == clue.receiving_department_id:
        return True
    reach = scope_for(user).reach(WORKING_ROLES)
    if clue.receiving_township_id and clue.receiving_township_id in reach.townships:
        return True
    if clue.receiving_zone_id:
        return user.role_assignments.filter(zone_id=clue.receiving_zone_id, role__in=WORKING_ROLES).exists()
    return False


def _require_change(clue: Clue, user: User, action: str) -> None:
    if action == "sign":
        if not can_sign(clue, user):
            raise PermissionDenied(_("只有承办单位或承办人可以签收此线索。"))
        return
    if action == "notify":
        if not identity_visible(clue, user):
            raise PermissionDenied(_("只有能查看举报人身份的人员可以登记告知情况。"))
        return
    if not can_change(clue, user):
        raise PermissionDenied(_("您无权办理此线索。"))


def allowed_actions(clue: Clue, user: User) -> set[str]:
    """The actions ``user`` may take on ``clue`` now (for the detail page's buttons and the API)."""
    result = set()
    for action in TRANSITIONS:
        try:
            check_transition(clue, action)
            _require_change(clue, user, action)
        except (ValidationError, PermissionDenied):
            continue
        result.add(action)
    if "sign" in result and clue.handling_mode == HandlingMode.FORWARD and clue.is_signed:
        result.discard("sign")
    if "sign" in result and clue.is_signed:
        result.discard("sign")
    return result
