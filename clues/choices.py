"""Enumerations of DOMAIN.md §2 (problem clues), Chinese labels for users, English values in code."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClueCategory(models.TextChoices):
    ACCUSATION = "accusation", _("检举控告")
    APPEAL = "appeal", _("申诉")
    SUGGESTION = "suggestion", _("批评建议")


class ClueSource(models.TextChoices):
    PETITION = "petition", _("信访举报")
    QR_CODE = "qr_code", _("扫码举报")
    VILLAGE_SUPERVISOR = "village_supervisor", _("村级监督员报告")
    INSPECTION_TOUR = "inspection_tour", _("巡视巡察移交")
    SUPERVISION = "supervision", _("监督检查发现")
    AUDIT = "audit", _("审计移交")
    HIGHER_ASSIGNED = "higher_assigned", _("上级交办")
    DEPARTMENT_TRANSFER = "department_transfer", _("其他部门移送")
    CASE_FOUND = "case_found", _("审查调查中发现")
    MEDIA = "media", _("媒体/舆情")
    OTHER = "other", _("其他")


class ClueChannel(models.TextChoices):
    LETTER = "letter", _("来信")
    VISIT = "visit", _("来访")
    PHONE = "phone", _("电话")
    ONLINE = "online", _("网络")
    QR = "qr", _("扫码")
    OTHER = "other", _("其他")


class ClueDomain(models.TextChoices):
    RURAL_REVITALIZATION = "rural_revitalization", _("乡村振兴/巩固脱贫")
    SUBSIDIES = "subsidies", _("惠民惠农补贴")
    COLLECTIVE_ASSETS = "collective_assets", _("农村集体“三资”")
    CONSTRUCTION = "construction", _("工程项目建设")
    RELOCATION = "relocation", _("易地扶贫搬迁")
    DRINKING_WATER = "drinking_water", _("饮水安全")
    LIVING_ENVIRONMENT = "living_environment", _("农村人居环境")
    MEDICAL = "medical", _("医疗保障")
    SOCIAL_SECURITY = "social_security", _("社会保障(养老)")
    EDUCATION = "education", _("教育")
    ECOLOGY = "ecology", _("生态环保")
    FARMLAND = "farmland", _("耕地保护")
    BUSINESS = "business", _("营商环境")
    OTHER = "other", _("其他")


class ProblemTypeCode(models.TextChoices):
    """The rows of the ``ProblemType`` table (seeded by a data migration)."""

    EMBEZZLEMENT = "embezzlement", _("贪污侵占")
    WITHHOLDING = "withholding", _("截留挪用")
    FALSE_CLAIMS = "false_claims", _("虚报冒领")
    FAVORITISM = "favoritism", _("优亲厚友")
    EXTORTION = "extortion", _("吃拿卡要")
    FUND_MISUSE = "fund_misuse", _("违规借用/使用资金")
    FORMALISM = "formalism", _("形式主义官僚主义(弄虚作假、不作为、慢作为、乱作为)")
    DERELICTION = "dereliction", _("失职失责/监管不到位")
    EIGHT_RULES = "eight_rules", _("违反中央八项规定精神")
    VILLAGE_BULLY = "village_bully", _("村霸/涉黑涉恶")
    OTHER = "other", _("其他")


class ClueStatus(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    ASSIGNED = "assigned", _("已分办")
    DISPOSING = "disposing", _("处置中")
    CONCLUDED = "concluded", _("已办结")
    CLOSED = "closed", _("已销号")


OPEN_STATUSES = (ClueStatus.REGISTERED, ClueStatus.ASSIGNED, ClueStatus.DISPOSING)


class HandlingMode(models.TextChoices):
    SELF = "self", _("自办")
    FORWARD = "forward", _("转办")
    ASSIGN_DOWN = "assign_down", _("交办")
    SUPERVISE = "supervise", _("督办")
    ASSIST = "assist", _("协办")


class DisposalMethod(models.TextChoices):
    INQUIRY = "inquiry", _("谈话函询")
    VERIFICATION = "verification", _("初步核实")
    HOLD = "hold", _("暂存待查")
    CLOSE = "close", _("予以了结")


class InquiryForm(models.TextChoices):
    TALK = "talk", _("谈话")
    LETTER = "letter", _("函询")


class ClueResult(models.TextChoices):
    """Results of the disposal methods; :data:`RESULTS_BY_METHOD` says which fits which."""

    ACCEPTED = "accepted", _("采信了结")
    TO_VERIFICATION = "to_verification", _("不予采信转初步核实")
    REMINDER = "reminder", _("谈话提醒")
    CRITICISM = "criticism", _("批评教育")
    SELF_EXAMINATION = "self_examination", _("责令检查")
    ADMONITION = "admonition", _("诫勉")
    ORGANIZATIONAL = "organizational", _("组织处理")
    FILE_CASE = "file_case", _("立案审查调查")
    CLOSED = "closed", _("予以了结")
    TRANSFER = "transfer", _("移送有关单位处理")
    TO_HOLD = "to_hold", _("暂存待查")
    ANSWERED = "answered", _("已答复")
    FORWARDED = "forwarded", _("已转办")
    DUPLICATE = "duplicate", _("重复件，并入原件")


# Results that switch the clue to another method instead of concluding it.
SWITCHING_RESULTS = {
    ClueResult.TO_VERIFICATION: DisposalMethod.VERIFICATION,
    ClueResult.TO_HOLD: DisposalMethod.HOLD,
}
# Results that are first-form measures (第一种形态) on the persons reported.
FIRST_FORM_RESULTS = frozenset(
    {
        ClueResult.REMINDER,
        ClueResult.CRITICISM,
        ClueResult.SELF_EXAMINATION,
        ClueResult.ADMONITION,
        ClueResult.ORGANIZATIONAL,
    }
)
RESULTS_BY_METHOD = {
    DisposalMethod.INQUIRY: (
        ClueResult.ACCEPTED,
        ClueResult.TO_VERIFICATION,
        ClueResult.REMINDER,
        ClueResult.CRITICISM,
        ClueResult.SELF_EXAMINATION,
        ClueResult.ADMONITION,
        ClueResult.ORGANIZATIONAL,
    ),
    DisposalMethod.VERIFICATION: (
        ClueResult.FILE_CASE,
        ClueResult.CLOSED,
        ClueResult.REMINDER,
        ClueResult.CRITICISM,
        ClueResult.ORGANIZATIONAL,
        ClueResult.TRANSFER,
        ClueResult.TO_HOLD,
    ),
    DisposalMethod.HOLD: (ClueResult.CLOSED,),
    DisposalMethod.CLOSE: (ClueResult.CLOSED,),
}
# Results of clues that never get a disposal method (申诉/批评建议 answered, 转办 out of jurisdiction).
RESULTS_WITHOUT_METHOD = (ClueResult.ANSWERED, ClueResult.FORWARDED)


class CloseReason(models.TextChoices):
    UNTRUE = "untrue", _("反映失实")
    MINOR_CORRECTED = "minor_corrected", _("问题轻微已纠正")
    UNVERIFIABLE = "unverifiable", _("无法查证")
    OUTSIDE_JURISDICTION = "outside_jurisdiction", _("不属于受理范围")
    OTHER = "other", _("其他")


class ClueStep(models.TextChoices):
    """Steps recorded by ``clue_record_step`` (each belongs to one method)."""

    INQUIRY_HELD = "inquiry_held", _("谈话/发函")
    REPLY_RECEIVED = "reply_received", _("收到书面说明")
    PLAN_APPROVED = "plan_approved", _("初核方案审批")
    REPORT_SUBMITTED = "report_submitted", _("初核情况报告")
    HOLD_REVIEWED = "hold_reviewed", _("暂存复查")
    REPORTER_ACCEPT_NOTIFIED = "reporter_accept_notified", _("告知实名举报人受理")
    REPORTER_RESULT_NOTIFIED = "reporter_result_notified", _("告知实名举报人结果")


STEP_METHOD = {
    ClueStep.INQUIRY_HELD: DisposalMethod.INQUIRY,
    ClueStep.REPLY_RECEIVED: DisposalMethod.INQUIRY,
    ClueStep.PLAN_APPROVED: DisposalMethod.VERIFICATION,
    ClueStep.REPORT_SUBMITTED: DisposalMethod.VERIFICATION,
    ClueStep.HOLD_REVIEWED: DisposalMethod.HOLD,
}


class EventKind(models.TextChoices):
    REGISTER = "register", _("登记")
    UPDATE = "update", _("修改")
    ASSIGN = "assign", _("分办")
    SIGN = "sign", _("签收")
    DISPOSE = "dispose", _("确定处置方式")
    STEP = "step", _("办理步骤")
    CONCLUDE = "conclude", _("办结")
    CLOSE_OFF = "close_off", _("销号")
    DUPLICATE = "duplicate", _("标记重复件")
    ATTACH = "attach", _("上传附件")
    NOTIFY = "notify", _("告知举报人")
    CASE = "case", _("移送立案")
    PERSON_MERGE = "person_merge", _("合并被反映人")


class OverdueQueue(models.TextChoices):
    """The overdue queues of DOMAIN.md §2 owned by the clues app (``?overdue=true&queue=<key>``)."""

    ASSIGN = "assign", _("待分办")
    SIGN = "sign", _("待签收")
    PETITION = "petition", _("信访办理")
    INQUIRY = "inquiry", _("谈话函询")
    VERIFICATION = "verification", _("初步核实")
    HOLD = "hold", _("暂存待查到期")
    REPORTER = "reporter", _("实名举报告知")
