"""Enumerations of DOMAIN.md §3 (cases, measures, the four forms)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    FILED = "filed", _("已立案")
    INVESTIGATING = "investigating", _("审查调查中")
    REVIEWING = "reviewing", _("审理中")
    DECIDED = "decided", _("已作出处理决定")
    CONCLUDED = "concluded", _("已结案")


OPEN_STATUSES = (CaseStatus.FILED, CaseStatus.INVESTIGATING, CaseStatus.REVIEWING, CaseStatus.DECIDED)
INVESTIGATION_STATUSES = (CaseStatus.FILED, CaseStatus.INVESTIGATING)


class CaseAction(models.TextChoices):
    """Workflow steps; :data:`TRANSITIONS` says from which status each is allowed."""

    START = "start", _("开始审查调查")
    SEND_TO_REVIEW = "send_to_review", _("移送审理")
    RETURN_FOR_INVESTIGATION = "return_for_investigation", _("退回补充调查")
    DECIDE = "decide", _("作出处理决定")
    CONCLUDE = "conclude", _("结案")


TRANSITIONS = {
    CaseAction.START: ((CaseStatus.FILED,), CaseStatus.INVESTIGATING),
    CaseAction.SEND_TO_REVIEW: ((CaseStatus.FILED, CaseStatus.INVESTIGATING), CaseStatus.REVIEWING),
    CaseAction.RETURN_FOR_INVESTIGATION: ((CaseStatus.REVIEWING,), CaseStatus.INVESTIGATING),
    CaseAction.DECIDE: ((CaseStatus.REVIEWING,), CaseStatus.DECIDED),
    CaseAction.CONCLUDE: ((CaseStatus.DECIDED,), CaseStatus.CONCLUDED),
}


class CaseEventKind(models.TextChoices):
    FILE = "file", _("立案")
    START = "start", _("开始审查调查")
    EXTEND = "extend", _("延长审查调查期限")
    SEND_TO_REVIEW = "send_to_review", _("移送审理")
    RETURN_FOR_INVESTIGATION = "return_for_investigation", _("退回补充调查")
    DECIDE = "decide", _("作出处理决定")
    CONCLUDE = "conclude", _("结案")
    PERSON_ADD = "person_add", _("增加被审查调查人")
    PERSON_REMOVE = "person_remove", _("移除被审查调查人")
    MEASURE_ADD = "measure_add", _("记录处理措施")
    MEASURE_EXECUTE = "measure_execute", _("处分执行")
    MEASURE_REMOVE = "measure_remove", _("撤销处理措施记录")
    AMOUNTS = "amounts", _("更新涉案金额")
    UPDATE = "update", _("修改案件信息")


class MeasureType(models.TextChoices):
    PARTY = "party", _("党纪处分")
    GOVERNMENT = "government", _("政务处分")
    ORGANISATIONAL = "organisational", _("组织处理")
    JUDICIAL = "judicial", _("移送司法机关")


class MeasureKind(models.TextChoices):
    # 党纪处分
    PARTY_WARNING = "party_warning", _("党内警告")
    PARTY_SERIOUS_WARNING = "party_serious_warning", _("党内严重警告")
    PARTY_REMOVAL = "party_removal", _("撤销党内职务")
    PARTY_PROBATION = "party_probation", _("留党察看")
    PARTY_EXPULSION = "party_expulsion", _("开除党籍")
    # 政务处分
    GOV_WARNING = "gov_warning", _("政务警告")
    GOV_DEMERIT = "gov_demerit", _("记过")
    GOV_MAJOR_DEMERIT = "gov_major_demerit", _("记大过")
    GOV_DEMOTION = "gov_demotion", _("降级")
    GOV_DISMISSAL = "gov_dismissal", _("撤职")
    GOV_EXPULSION = "gov_expulsion", _("开除")
    # 组织处理
    ORG_TALK_REMINDER = "org_talk_reminder", _("谈话提醒")
    ORG_CRITICISM = "org_criticism", _("批评教育")
    ORG_SELF_EXAMINATION = "org_self_examination", _("责令检查")
    ORG_WRITTEN_SELF_CRITICISM = "org_written_self_criticism", _("责令书面检讨")
    ORG_ADMONITION = "org_admonition", _("诫勉")
    ORG_CIRCULATED_CRITICISM = "org_circulated_criticism", _("通报批评")
    ORG_OTHER_LIGHT = "org_other_light", _("其他组织处理（线索处置）")
    ORG_SUSPENSION = "org_suspension", _("停职检查")
    ORG_POSITION_ADJUSTMENT = "org_position_adjustment", _("调整职务")
    ORG_ORDERED_RESIGNATION = "org_ordered_resignation", _("责令辞职")
    ORG_DEMOTION = "org_demotion", _("降职")
    ORG_REMOVAL = "org_removal", _("免职")
    # 移送司法机关
    JUDICIAL_TRANSFER = "judicial_transfer", _("移送检察机关")


class Form(models.IntegerChoices):
    """四种形态."""

    FIRST = 1, _("第一种形态")
    SECOND = 2, _("第二种形态")
    THIRD = 3, _("第三种形态")
    FOURTH = 4, _("第四种形态")


_K = MeasureKind
MEASURE_TYPE_OF = {
    **dict.fromkeys(
        (_K.PARTY_WARNING, _K.PARTY_SERIOUS_WARNING, _K.PARTY_REMOVAL, _K.PARTY_PROBATION, _K.PARTY_EXPULSION),
        MeasureType.PARTY,
    ),
    **dict.fromkeys(
        (_K.GOV_WARNING, _K.GOV_DEMERIT, _K.GOV_MAJOR_DEMERIT, _K.GOV_DEMOTION, _K.GOV_DISMISSAL, _K.GOV_EXPULSION),
        MeasureType.GOVERNMENT,
    ),
    **dict.fromkeys(
        (
            _K.ORG_TALK_REMINDER,
            _K.ORG_CRITICISM,
            _K.ORG_SELF_EXAMINATION,
            _K.ORG_WRITTEN_SELF_CRITICISM,
            _K.ORG_ADMONITION,
            _K.ORG_CIRCULATED_CRITICISM,
            _K.ORG_OTHER_LIGHT,
            _K.ORG_SUSPENSION,
            _K.ORG_POSITION_ADJUSTMENT,
            _K.ORG_ORDERED_RESIGNATION,
            _K.ORG_DEMOTION,
            _K.ORG_REMOVAL,
        ),
        MeasureType.ORGANISATIONAL,
    ),
    _K.JUDICIAL_TRANSFER: MeasureType.JUDICIAL,
}

# DOMAIN.md §3: the four forms of supervision, by measure.
FORM_OF = {
    **dict.fromkeys(
        (
            _K.ORG_TALK_REMINDER,
            _K.ORG_CRITICISM,
            _K.ORG_SELF_EXAMINATION,
            _K.ORG_WRITTEN_SELF_CRITICISM,
            _K.ORG_ADMONITION,
            _K.ORG_CIRCULATED_CRITICISM,
            _K.ORG_OTHER_LIGHT,
        ),
        Form.FIRST,
    ),
    **dict.fromkeys(
        (
            _K.PARTY_WARNING,
            _K.PARTY_SERIOUS_WARNING,
            _K.GOV_WARNING,
            _K.GOV_DEMERIT,
            _K.GOV_MAJOR_DEMERIT,
            _K.ORG_SUSPENSION,
            _K.ORG_POSITION_ADJUSTMENT,
            _K.ORG_ORDERED_RESIGNATION,
            _K.ORG_DEMOTION,
            _K.ORG_REMOVAL,
        ),
        Form.SECOND,
    ),
    **dict.fromkeys(
        (
            _K.PARTY_REMOVAL,
            _K.PARTY_PROBATION,
            _K.PARTY_EXPULSION,
            _K.GOV_DEMOTION,
            _K.GOV_DISMISSAL,
            _K.GOV_EXPULSION,
        ),
        Form.THIRD,
    ),
    _K.JUDICIAL_TRANSFER: Form.FOURTH,
}

# Influence periods in months from the decision date (DOMAIN.md §3). 留党察看 depends on the
# probation recorded (1 or 2 years); 开除党籍 is the 5 years before re-admission may be considered.
INFLUENCE_MONTHS = {
    _K.PARTY_WARNING: 12,
    _K.PARTY_SERIOUS_WARNING: 18,
    _K.PARTY_REMOVAL: 24,
    _K.PARTY_EXPULSION: 60,
    _K.GOV_WARNING: 6,
    _K.GOV_DEMERIT: 12,
    _K.GOV_MAJOR_DEMERIT: 18,
    _K.GOV_DEMOTION: 24,
    _K.GOV_DISMISSAL: 24,
}
# 政务开除 has no end: the person leaves public service for good.
PERMANENT_KINDS = frozenset({_K.GOV_EXPULSION})
SANCTION_TYPES = frozenset({MeasureType.PARTY, MeasureType.GOVERNMENT})

# Measures a clue may conclude with (no case): the first form, and organisational handling.
CLUE_MEASURE_KINDS = frozenset(k for k, t in MEASURE_TYPE_OF.items() if t == MeasureType.ORGANISATIONAL)

# The clues app's first-form results (clues.choices.ClueResult values) and the measure each means.
CLUE_RESULT_KIND = {
    "reminder": _K.ORG_TALK_REMINDER,
    "criticism": _K.ORG_CRITICISM,
    "self_examination": _K.ORG_SELF_EXAMINATION,
    "admonition": _K.ORG_ADMONITION,
    "organizational": _K.ORG_OTHER_LIGHT,
}


def kinds_of_type(measure_type: str) -> list[str]:
    return [k for k, t in MEASURE_TYPE_OF.items() if t == measure_type]


class Queue(models.TextChoices):
    """The case queues of DOMAIN.md §2 (``?queue=<key>`` on the ledger)."""

    INVESTIGATION = "investigation", _("审查调查到期")
    REVIEW = "review", _("审理到期")
    EXECUTION = "execution", _("处分执行")
    PROBATION = "probation", _("留党察看到期")
