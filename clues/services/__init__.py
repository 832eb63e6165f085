"""Writes on problem clues. Views, API, admin actions and the demo seeder all come through here.

Interface (all keyword-only, ``@transaction.atomic``; errors are ``ValidationError`` with
Chinese messages keyed by field, or ``PermissionDenied`` when the user may not act):

- ``clue_register(*, user, received_on, category, source, domain, summary, persons, problem_types,
  county=None, channel="", is_anonymous=True, reporter=None, township=None, village=None,
  amount=None, description="", attachments=(), registered_at=None) -> Clue``
  ``persons``: list of dicts, each either ``{"person": Person, ...snapshot overrides}`` (link an
  existing person) or ``{"name", "unit", "position", "cadre_level", "political_status",
  "is_public_official"}`` (create one inline). ``reporter``: dict ``name, phone, id_number,
  address`` (required when ``is_anonymous`` is false). ``problem_types``: ProblemType rows or codes.
  ``attachments``: uploaded files (checked by content, see ``clues.attachments``).
- ``clue_update(*, clue, user, **same fields as register except county/attachments) -> Clue``
  (only while 已登记; omitted arguments keep their value).
- ``clue_assign(*, clue, user, handling_mode, assignee=None, receiving_department=None,
  receiving_township=None, receiving_zone=None, receiving_body="", assigned_on=None,
  report_back_due=None, note="")`` — registered → assigned (or re-assign while not signed).
- ``clue_sign(*, clue, user, note="")`` — the receiver signs for an assigned clue (``can_sign``:
  the assignee or a working user of the receiving department, township or zone).
- ``clue_dispose(*, clue, user, method, decided_on, decided_by=None, inquiry_form="",
  hold_reason="", hold_review_on=None, close_reason="", note="")`` — signed → 处置中; 予以了结
  concludes at once; a 暂存待查 clue may be disposed again on review.
- ``clue_record_step(*, clue, user, step, on, note="", next_review_on=None)`` — ``ClueStep``:
  谈话/发函, 收到书面说明, 初核方案审批, 初核情况报告, 暂存复查, 告知举报人受理/结果.
- ``clue_conclude(*, clue, user, result, concluded_on, result_note="", close_reason="",
  hold_reason="", hold_review_on=None, case_approver=None)`` — results per method in
  ``choices.RESULTS_BY_METHOD``; 不予采信转初步核实 / 暂存待查 switch the method instead;
  立案审查调查 files the case and 第一种形态 results record their measures through the
  hooks the cases app installs (``clues.case_hooks``).
- ``clue_close_off(*, clue, user, closed_on=None, note="")`` — concluded → closed (销号).
- ``clue_mark_duplicate(*, clue, user, original, note="")`` — kept, linked, concluded as 重复件.
- ``clue_attach(*, clue, user, files) -> list[ClueAttachment]``.
- ``person_merge(*, source, target, user) -> Person`` — moves every clue link to ``target``.
- ``allowed_actions(clue, user) -> set[str]`` — which of assign/sign/dispose/record_step/
  conclude/close_off/mark_duplicate/update/attach/notify the user may do now (for buttons).
- ``check_transition(clue, action)`` — the one table of allowed transitions.
- ``as_of(day)`` — context manager for recording history (the demo seeder): the steps taken inside
  are stamped on ``day`` on the timeline (and signed that day), not at the moment of entry.

The parts: ``transitions`` (the table), ``permissions`` (who may act), ``registration``,
``handling`` (assign to record_step), ``conclusion`` (conclude, close off, duplicates),
``files`` (attachments), ``persons``; ``timeline`` and ``checks`` are shared by them.
"""

from .. import deadlines
from .checks import FK_FIELDS
from .conclusion import clue_close_off, clue_conclude, clue_mark_duplicate
from .files import clue_attach
from .handling import clue_assign, clue_dispose, clue_record_step, clue_sign
from .permissions import allowed_actions, can_change, can_register, can_sign, identity_visible
from .persons import person_create, person_merge
from .registration import CONFIDENTIAL_VALUE, SNAPSHOT_FIELDS, UPDATABLE, clue_register, clue_update
from .timeline import as_of
from .transitions import ACTION_LABELS, TRANSITIONS, check_transition


def recompute_deadlines(years: set[int]) -> None:
    """Calendar hook: recompute open clue deadlines in ``years`` when their calendar changes."""
    deadlines.recompute_open_deadlines(set(years))


__all__ = [
    "ACTION_LABELS",
    "CONFIDENTIAL_VALUE",
    "FK_FIELDS",
    "SNAPSHOT_FIELDS",
    "TRANSITIONS",
    "UPDATABLE",
    "allowed_actions",
    "as_of",
    "can_change",
    "can_register",
    "can_sign",
    "check_transition",
    "clue_assign",
    "clue_attach",
    "clue_close_off",
    "clue_conclude",
    "clue_dispose",
    "clue_mark_duplicate",
    "clue_record_step",
    "clue_register",
    "clue_sign",
    "clue_update",
    "identity_visible",
    "person_create",
    "person_merge",
    "recompute_deadlines",
]
