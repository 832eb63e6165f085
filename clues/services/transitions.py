"""The one table of allowed transitions, and the check every clue service makes against it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..choices import ClueCategory, ClueStatus, DisposalMethod, HandlingMode
from ..models import Clue

# The one table of allowed transitions: action → (statuses it may start from, status it leads to).
# ``None`` as target keeps the status. Conditions beyond the status live in ``_check_conditions``.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "update": ((ClueStatus.REGISTERED,), None),
    "assign": ((ClueStatus.REGISTERED, ClueStatus.ASSIGNED), ClueStatus.ASSIGNED),
    "sign": ((ClueStatus.ASSIGNED,), None),
    "dispose": ((ClueStatus.ASSIGNED, ClueStatus.DISPOSING), ClueStatus.DISPOSING),
    "record_step": ((ClueStatus.DISPOSING,), None),
    "conclude": ((ClueStatus.ASSIGNED, ClueStatus.DISPOSING), ClueStatus.CONCLUDED),
    "close_off": ((ClueStatus.CONCLUDED,), ClueStatus.CLOSED),
    "mark_duplicate": ((ClueStatus.REGISTERED, ClueStatus.ASSIGNED, ClueStatus.DISPOSING), ClueStatus.CONCLUDED),
    "attach": ((ClueStatus.REGISTERED, ClueStatus.ASSIGNED, ClueStatus.DISPOSING, ClueStatus.CONCLUDED), None),
    "notify": (tuple(ClueStatus.values), None),
}


ACTION_LABELS = {
    "update": _("修改登记信息"),
    "assign": _("分办"),
    "sign": _("签收"),
    "dispose": _("确定处置方式"),
    "record_step": _("登记办理步骤"),
    "conclude": _("办结"),
    "close_off": _("销号"),
    "mark_duplicate": _("标记为重复件"),
    "attach": _("上传附件"),
    "notify": _("登记告知举报人"),
}


def _label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def _condition_error(clue: Clue, action: str) -> str | None:
    """Why ``action`` cannot happen now, beyond the status table (``None`` when it can)."""
    if action == "assign" and clue.status == ClueStatus.ASSIGNED and clue.is_signed:
        return _("线索已被签收，不能再改派。")
    if action == "dispose":
        if clue.category != ClueCategory.ACCUSATION:
            return _("只有“检举控告”类信访件按问题线索处置；申诉、批评建议请直接办结答复。")
        if clue.status == ClueStatus.ASSIGNED and not clue.is_signed:
            return _("线索尚未签收，签收后才能确定处置方式。")
        if clue.status == ClueStatus.DISPOSING and clue.disposal_method != DisposalMethod.HOLD:
            return _("线索正在按“%(method)s”处置，只有暂存待查的线索复查后可以重新确定处置方式。") % {
                "method": clue.get_disposal_method_display()
            }
    if (
        action == "conclude"
        and clue.status == ClueStatus.ASSIGNED
        and clue.handling_mode != HandlingMode.FORWARD
        and not clue.is_signed
    ):
        return _("线索尚未签收，不能办结。")
    if action == "record_step" and not clue.disposal_method:
        return _("线索尚未确定处置方式。")
    if action == "notify" and clue.is_anonymous:
        return _("匿名举报无需告知举报人。")
    return None


def check_transition(clue: Clue, action: str) -> str | None:
    """Refuse ``action`` on ``clue`` with a Chinese message unless the transition table allows it."""
    sources, target = TRANSITIONS[action]
    if clue.status not in sources:
        raise ValidationError(
            _("线索 %(number)s 当前状态为“%(status)s”，不能%(action)s。")
            % {"number": clue.number, "status": clue.get_status_display(), "action": _label(action)}
        )
    error = _condition_error(clue, action)
    if error:
        raise ValidationError(error)
    return target
