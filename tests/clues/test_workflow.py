"""The clue lifecycle: every legal transition, and the illegal ones refused with a message."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clues import services
from clues.choices import ClueCategory, ClueResult, ClueStatus, ClueStep, DisposalMethod, EventKind, HandlingMode
from clues.models import Clue, ClueDisposal

from .factories import assigned, disposing, register, signed

pytestmark = pytest.mark.django_db


def kinds(clue):
    return list(clue.events.order_by("at", "id").values_list("kind", flat=True))


def test_register_numbers_and_records_timeline(world):
    clue = register(world)
    year = datetime.date.today().year
    assert clue.number == f"XS{year}620101-0001"
    assert clue.status == ClueStatus.REGISTERED
    assert clue.subjects.get().person.name == "王建国"
    assert [pt.code for pt in clue.problem_types.all()] == ["false_claims"]
    assert kinds(clue) == [EventKind.REGISTER]
    event = clue.events.get()
    assert event.actor == world.petition and event.to_status == ClueStatus.REGISTERED
    second = register(world)
    assert second.number == f"XS{year}620101-0002"


def test_numbers_are_per_county(world):
    register(world)
    other = register(world, user=world.outsider, township=world.tb, village=world.vb)
    assert other.number.endswith("620102-0001")


def test_inquiry_accepted_path_to_close_off(world):
    clue = disposing(world, DisposalMethod.INQUIRY, decided_on=datetime.date(2025, 3, 5))
    assert clue.status == ClueStatus.DISPOSING and clue.disposal_method == DisposalMethod.INQUIRY
    services.clue_record_step(clue=clue, user=world.officer, step=ClueStep.INQUIRY_HELD, on=datetime.date(2025, 3, 6))
    assert clue.reply_due == datetime.date(2025, 3, 27)
    services.clue_record_step(
        clue=clue, user=world.officer, step=ClueStep.REPLY_RECEIVED, on=datetime.date(2025, 3, 20)
    )
    assert clue.inquiry_conclusion_due == datetime.date(2025, 4, 21)  # 30 days → Sat 19 Apr → Mon 21 Apr
    services.clue_conclude(
        clue=clue, user=world.officer, result=ClueResult.ACCEPTED, concluded_on=datetime.date(2025, 4, 1)
    )
    assert clue.status == ClueStatus.CONCLUDED and clue.concluded_on == datetime.date(2025, 4, 1)
    services.clue_close_off(clue=clue, user=world.officer, closed_on=datetime.date(2025, 4, 2))
    clue.refresh_from_db()
    assert clue.status == ClueStatus.CLOSED
    assert kinds(clue) == [
        EventKind.REGISTER,
        EventKind.ASSIGN,
        EventKind.SIGN,
        EventKind.DISPOSE,
        EventKind.STEP,
        EventKind.STEP,
        EventKind.CONCLUDE,
        EventKind.CLOSE_OFF,
    ]
    disposal = ClueDisposal.objects.get(clue=clue)
    assert disposal.result == ClueResult.ACCEPTED and disposal.ended_on == datetime.date(2025, 4, 1)


def test_inquiry_not_accepted_switches_to_verification(world):
    clue = disposing(world, DisposalMethod.INQUIRY, decided_on=datetime.date(2025, 3, 5))
    services.clue_conclude(
        clue=clue, user=world.officer, result=ClueResult.TO_VERIFICATION, concluded_on=datetime.date(2025, 3, 20)
    )
    assert clue.status == ClueStatus.DISPOSING
    assert clue.disposal_method == DisposalMethod.VERIFICATION
    assert clue.decided_on == datetime.date(2025, 3, 20)
    rows = list(ClueDisposal.objects.filter(clue=clue).values_list("method", "result", "ended_on"))
    assert rows == [
        (DisposalMethod.INQUIRY, ClueResult.TO_VERIFICATION, datetime.date(2025, 3, 20)),
        (DisposalMethod.VERIFICATION, "", None),
    ]
    services.clue_record_step(clue=clue, user=world.officer, step=ClueStep.PLAN_APPROVED, on=datetime.date(2025, 3, 21))
    assert clue.verification_due == datetime.date(2025, 5, 7)  # 30 working days, 清明 and 五一 off
    services.clue_record_step(
        clue=clue, user=world.officer, step=ClueStep.REPORT_SUBMITTED, on=datetime.date(2025, 4, 30)
    )
    services.clue_conclude(
        clue=clue,
        user=world.officer,
        result=ClueResult.CLOSED,
        close_reason="untrue",
        concluded_on=datetime.date(2025, 5, 6),
    )
    assert clue.status == ClueStatus.CONCLUDED and clue.close_reason == "untrue"
    switch = clue.events.filter(kind=EventKind.DISPOSE).order_by("at", "id").last()
    assert switch.data["method"] == DisposalMethod.VERIFICATION
    assert switch.data["result"] == ClueResult.TO_VERIFICATION  # the timeline says why the method changed


def test_verification_to_hold_then_review_and_redispose(world):
    clue = disposing(world, DisposalMethod.VERIFICATION, decided_on=datetime.date(2025, 3, 5))
    with pytest.raises(ValidationError) as exc:
        services.clue_conclude(
            clue=clue, user=world.officer, result=ClueResult.TO_HOLD, concluded_on=datetime.date(2025, 3, 10)
        )
    assert "hold_reason" in exc.value.message_dict
    services.clue_conclude(
        clue=clue,
        user=world.officer,
        result=ClueResult.TO_HOLD,
        concluded_on=datetime.date(2025, 3, 10),
        hold_reason="关键证人外出务工",
        hold_review_on=datetime.date(2025, 6, 10),
    )
    assert clue.disposal_method == DisposalMethod.HOLD and clue.hold_review_on == datetime.date(2025, 6, 10)
    services.clue_record_step(
        clue=clue,
        user=world.officer,
        step=ClueStep.HOLD_REVIEWED,
        on=datetime.date(2025, 6, 10),
        next_review_on=datetime.date(2025, 9, 10),
    )
    assert clue.hold_review_on == datetime.date(2025, 9, 10)
    services.clue_dispose(
        clue=clue,
        user=world.officer,
        method=DisposalMethod.INQUIRY,
        decided_on=datetime.date(2025, 9, 10),
        inquiry_form="talk",
    )
    assert clue.disposal_method == DisposalMethod.INQUIRY and clue.hold_review_on is None
    services.clue_record_step(clue=clue, user=world.officer, step=ClueStep.INQUIRY_HELD, on=datetime.date(2025, 9, 12))
    services.clue_conclude(
        clue=clue, user=world.officer, result=ClueResult.CRITICISM, concluded_on=datetime.date(2025, 9, 15)
    )
    assert clue.status == ClueStatus.CONCLUDED and clue.result == ClueResult.CRITICISM
    assert ClueDisposal.objects.filter(clue=clue).count() == 3


def test_close_method_concludes_at_once(world):
    clue = disposing(world, DisposalMethod.CLOSE, decided_on=datetime.date(2025, 3, 5))
    assert clue.status == ClueStatus.CONCLUDED
    assert clue.result == ClueResult.CLOSED and clue.concluded_on == datetime.date(2025, 3, 5)
    assert kinds(clue)[-2:] == [EventKind.DISPOSE, EventKind.CONCLUDE]


def test_appeal_is_answered_without_disposal_method(world):
    clue = signed(world, register(world, category=ClueCategory.APPEAL))
    with pytest.raises(ValidationError, match="检举控告"):
        services.clue_dispose(clue=clue, user=world.officer, method=DisposalMethod.INQUIRY, decided_on=clue.received_on)
    services.clue_conclude(
        clue=clue, user=world.officer, result=ClueResult.ANSWERED, concluded_on=datetime.date(2025, 3, 10)
    )
    assert clue.status == ClueStatus.CONCLUDED and clue.disposal_method == ""


def test_forward_out_of_jurisdiction(world):
    clue = register(world)
    services.clue_assign(
        clue=clue,
        user=world.petition,
        handling_mode=HandlingMode.FORWARD,
        receiving_body="县信访局",
        assigned_on=datetime.date(2025, 3, 4),
    )
    assert clue.sign_due == datetime.date(2025, 3, 11)  # 5 working days for 转办
    services.clue_conclude(
        clue=clue, user=world.petition, result=ClueResult.FORWARDED, concluded_on=datetime.date(2025, 3, 5)
    )
    assert clue.status == ClueStatus.CONCLUDED


def test_mark_duplicate_links_and_concludes(world):
    original = register(world)
    dup = register(world, received_on=datetime.date(2025, 3, 10))
    services.clue_mark_duplicate(clue=dup, user=world.petition, original=original, note="同一事项重复来信")
    dup.refresh_from_db()
    assert dup.is_duplicate and dup.duplicate_of == original and dup.status == ClueStatus.CONCLUDED
    assert original.events.filter(kind=EventKind.DUPLICATE).exists()
    assert list(Clue.objects.counted()) == [original]
    with pytest.raises(ValidationError):
        services.clue_mark_duplicate(clue=original, user=world.petition, original=original)


# Every action from every state: the legal ones succeed and leave one timeline line, the illegal
# ones are refused with a Chinese message and change nothing. "signed" is 已分办 after 签收.
SIGNED = "signed"


def _at(world, state):
    if state == ClueStatus.REGISTERED:
        return register(world)
    if state == ClueStatus.ASSIGNED:
        return assigned(world)
    if state == SIGNED:
        return signed(world)
    if state == ClueStatus.DISPOSING:
        return disposing(world, DisposalMethod.VERIFICATION)
    clue = disposing(world, DisposalMethod.CLOSE)
    if state == ClueStatus.CLOSED:
        services.clue_close_off(clue=clue, user=world.officer)
    return clue


def _attachment():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("补充材料.txt", "补充材料".encode(), content_type="text/plain")


ACTIONS = {
    "update": lambda w, c: services.clue_update(clue=c, user=w.officer, summary="改"),
    "assign": lambda w, c: services.clue_assign(
        clue=c, user=w.officer, handling_mode="self", receiving_department=w.dept, assignee=w.officer
    ),
    "sign": lambda w, c: services.clue_sign(clue=c, user=w.officer),
    "dispose": lambda w, c: services.clue_dispose(
        clue=c, user=w.officer, method="inquiry", decided_on=datetime.date.today()
    ),
    "record_step": lambda w, c: services.clue_record_step(
        clue=c, user=w.officer, step="plan_approved", on=datetime.date.today()
    ),
    "conclude": lambda w, c: services.clue_conclude(
        clue=c, user=w.officer, result="closed", close_reason="untrue", concluded_on=datetime.date.today()
    ),
    "close_off": lambda w, c: services.clue_close_off(clue=c, user=w.officer),
    "mark_duplicate": lambda w, c: services.clue_mark_duplicate(
        clue=c, user=w.officer, original=register(w, received_on=c.received_on), note="重复来信"
    ),
    "attach": lambda w, c: services.clue_attach(clue=c, user=w.officer, files=[_attachment()]),
}
LEGAL = {
    ClueStatus.REGISTERED: {"update", "assign", "mark_duplicate", "attach"},
    ClueStatus.ASSIGNED: {"assign", "sign", "mark_duplicate", "attach"},
    SIGNED: {"dispose", "mark_duplicate", "attach"},
    ClueStatus.DISPOSING: {"record_step", "conclude", "mark_duplicate", "attach"},
    ClueStatus.CONCLUDED: {"close_off", "attach"},
    ClueStatus.CLOSED: set(),
}


@pytest.mark.parametrize("state", list(LEGAL))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_transition_table(world, state, action):
    clue = _at(world, state)
    status = clue.status
    before = clue.events.count()
    if action in LEGAL[state]:
        ACTIONS[action](world, clue)
        assert clue.events.count() == before + 1
        assert action in services.TRANSITIONS
        return
    with pytest.raises(ValidationError) as exc:
        ACTIONS[action](world, clue)
    message = " ".join(exc.value.messages)
    assert any(ch >= "\u4e00" for ch in message), message
    assert clue.events.count() == before
    assert Clue.objects.get(pk=clue.pk).status == status


def test_only_the_receiving_unit_signs(world):
    from people.roles import Role
    from tests.factories import UserFactory, grant

    # Sent to 第一纪检监察室 with 承办人 officer: the petition desk that sent it may not sign.
    clue = assigned(world)
    with pytest.raises(PermissionDenied, match="承办单位或承办人"):
        services.clue_sign(clue=clue, user=world.petition)
    assert "sign" not in services.allowed_actions(clue, world.petition)
    colleague = UserFactory(username="dept-colleague", department=world.dept)
    grant(colleague, Role.CASE_OFFICER, county=world.county)
    assert "sign" in services.allowed_actions(clue, colleague)
    services.clue_sign(clue=clue, user=colleague)
    assert Clue.objects.get(pk=clue.pk).signed_by == colleague

    # Handed down (交办) to 庆坪镇: its township officer signs, another township's may not.
    clue = register(world)
    services.clue_assign(
        clue=clue,
        user=world.petition,
        handling_mode="assign_down",
        receiving_township=world.t2,
        assignee=world.officer,
        assigned_on=clue.received_on,
        report_back_due=clue.received_on + datetime.timedelta(days=30),
    )
    with pytest.raises(PermissionDenied):
        services.clue_sign(clue=clue, user=world.tw1)
    services.clue_sign(clue=clue, user=world.tw2)

    # Sent to a zone: its zone leader signs.
    clue = register(world)
    services.clue_assign(
        clue=clue, user=world.petition, handling_mode="self", receiving_zone=world.zone1, assignee=world.officer
    )
    with pytest.raises(PermissionDenied):
        services.clue_sign(clue=clue, user=world.zone2_leader)
    services.clue_sign(clue=clue, user=world.zone1_leader)

    # Forwarded to an outside body: the desk that sent it records the receipt.
    clue = register(world)
    services.clue_assign(clue=clue, user=world.petition, handling_mode="forward", receiving_body="县信访局")
    services.clue_sign(clue=clue, user=world.petition)
    assert clue.is_signed


def test_dispose_before_sign_is_refused(world):
    clue = assigned(world)
    with pytest.raises(ValidationError, match="签收"):
        services.clue_dispose(clue=clue, user=world.officer, method="inquiry", decided_on=clue.received_on)


def test_reassign_after_sign_is_refused(world):
    clue = signed(world)
    with pytest.raises(ValidationError, match="已被签收"):
        services.clue_assign(
            clue=clue, user=world.officer, handling_mode="self", receiving_department=world.dept, assignee=world.officer
        )


def test_wrong_result_for_method_is_refused(world):
    clue = disposing(world, DisposalMethod.INQUIRY)
    with pytest.raises(ValidationError) as exc:
        services.clue_conclude(
            clue=clue, user=world.officer, result=ClueResult.FILE_CASE, concluded_on=clue.received_on
        )
    assert "result" in exc.value.message_dict


def test_step_of_other_method_is_refused(world):
    clue = disposing(world, DisposalMethod.INQUIRY)
    with pytest.raises(ValidationError, match="初步核实"):
        services.clue_record_step(clue=clue, user=world.officer, step=ClueStep.PLAN_APPROVED, on=clue.received_on)


def test_auditor_and_outsider_cannot_act(world):
    clue = register(world)
    for user in (world.auditor, world.outsider, world.vs2, world.tw1):
        with pytest.raises(PermissionDenied):
            services.clue_assign(
                clue=clue, user=user, handling_mode="self", receiving_department=world.dept, assignee=world.officer
            )


def test_township_officer_handles_own_township(world):
    clue = register(world, user=world.tw2)
    services.clue_assign(
        clue=clue, user=world.tw2, handling_mode="self", receiving_township=world.t2, assignee=world.tw2
    )
    services.clue_sign(clue=clue, user=world.tw2)
    assert clue.is_signed


def test_assignee_out_of_scope_is_refused(world):
    clue = register(world)
    with pytest.raises(ValidationError) as exc:
        services.clue_assign(
            clue=clue, user=world.petition, handling_mode="self", receiving_township=world.t2, assignee=world.tw1
        )
    assert "assignee" in exc.value.message_dict
    assert Clue.objects.get(pk=clue.pk).status == ClueStatus.REGISTERED


def test_village_supervisor_registers_only_own_village(world):
    clue = register(world, user=world.vs2, source="village_supervisor")
    assert clue.registered_by == world.vs2
    with pytest.raises(PermissionDenied):
        register(world, user=world.vs2, township=world.t1, village=world.v1)


def test_allowed_actions_follow_the_table(world):
    clue = register(world)
    assert services.allowed_actions(clue, world.officer) >= {"assign", "update", "mark_duplicate"}
    assert services.allowed_actions(clue, world.auditor) == set()
    assigned(world, clue)
    assert "sign" in services.allowed_actions(clue, world.officer)
    assert "dispose" not in services.allowed_actions(clue, world.officer)


def test_history_recorded_as_of_its_day(world):
    """The demo seeder (or a paper ledger entered later) records steps on the day they happened."""
    from django.utils import timezone

    clue = assigned(world)
    with services.as_of(datetime.date(2025, 3, 4)):
        services.clue_sign(clue=clue, user=world.officer)
    with services.as_of(datetime.date(2025, 3, 5)):
        services.clue_dispose(clue=clue, user=world.officer, method="inquiry", decided_on=datetime.date(2025, 3, 5))
    assert timezone.localdate(clue.signed_at) == datetime.date(2025, 3, 4)
    sign, dispose = clue.events.filter(kind__in=["sign", "dispose"]).order_by("at")
    assert timezone.localdate(sign.at) == datetime.date(2025, 3, 4)
    assert timezone.localdate(dispose.at) == datetime.date(2025, 3, 5)
    with pytest.raises(ValueError), services.as_of(timezone.localdate() + datetime.timedelta(days=1)):
        pass
    # Outside the block, steps are stamped now again.
    services.clue_record_step(clue=clue, user=world.officer, step="inquiry_held", on=datetime.date(2025, 3, 6))
    assert timezone.localdate(clue.events.latest("at").at) == timezone.localdate()


def test_named_reporter_is_told_once_of_acceptance_and_once_of_the_result(world):
    clue = signed(world, register(world, is_anonymous=False, reporter={"name": "李明远"}))
    services.clue_record_step(clue=clue, user=world.petition, step="reporter_accept_notified", on=clue.received_on)
    with pytest.raises(ValidationError, match="已于 2025-03-03 告知举报人受理情况"):
        services.clue_record_step(clue=clue, user=world.petition, step="reporter_accept_notified", on=clue.received_on)
    with pytest.raises(ValidationError, match="办结后才能告知"):
        services.clue_record_step(clue=clue, user=world.petition, step="reporter_result_notified", on=clue.received_on)
    services.clue_dispose(
        clue=clue, user=world.officer, method="close", decided_on=clue.received_on, close_reason="untrue"
    )
    services.clue_record_step(clue=clue, user=world.petition, step="reporter_result_notified", on=clue.received_on)
    with pytest.raises(ValidationError, match="告知举报人办理结果"):
        services.clue_record_step(clue=clue, user=world.petition, step="reporter_result_notified", on=clue.received_on)
    assert clue.events.filter(kind="notify").count() == 2
