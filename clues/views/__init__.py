"""The clue desk in the browser: registration, the clue page with its workflow, the ledger and its export."""

from .access import ContentMixin, WorkingMixin
from .actions import ACTION_FORMS, DONE_MESSAGES, SERVICES, ClueActionView, refusal
from .detail import (
    ASSIGNEE_ROLES,
    EVENT_ICONS,
    AttachmentDownloadView,
    ClueDetailView,
    approver_choices,
    assignee_choices,
    deadline_rows,
    event_details,
    linked_cases,
    result_choices,
    step_choices,
)
from .errors import apply_errors
from .export import EXPORT_COLUMNS, EXPORT_LIMIT, ledger_workbook, overdue_flags
from .ledger import DEFAULT_PAGE_SIZE, PAGE_SIZES, SORT_COLUMNS, ClueExportView, ClueListView, filtered
from .persons import PersonDetailView, merge_candidates
from .registration import (
    ClueCreateView,
    DuplicateCheckView,
    PersonSearchView,
    VillageOptionsView,
    register_county,
    register_townships,
)

__all__ = [
    "ACTION_FORMS",
    "ASSIGNEE_ROLES",
    "DEFAULT_PAGE_SIZE",
    "DONE_MESSAGES",
    "EVENT_ICONS",
    "EXPORT_COLUMNS",
    "EXPORT_LIMIT",
    "PAGE_SIZES",
    "SERVICES",
    "SORT_COLUMNS",
    "AttachmentDownloadView",
    "ClueActionView",
    "ClueCreateView",
    "ClueDetailView",
    "ClueExportView",
    "ClueListView",
    "ContentMixin",
    "DuplicateCheckView",
    "PersonDetailView",
    "PersonSearchView",
    "VillageOptionsView",
    "WorkingMixin",
    "apply_errors",
    "approver_choices",
    "assignee_choices",
    "deadline_rows",
    "event_details",
    "filtered",
    "ledger_workbook",
    "linked_cases",
    "merge_candidates",
    "overdue_flags",
    "refusal",
    "register_county",
    "register_townships",
    "result_choices",
    "step_choices",
]
