"""Management pages for zones, townships, villages, groups and village rosters.

Everyone signed in reads the part of the jurisdiction in their scope; only roles the
models allow to ``manage`` (administrators) create, edit and deactivate. Anything outside
the user's reach, and every write page for a user who may not write, answers 404.
"""

from .collaboration_zones import (
    ZoneCreateView,
    ZoneDeactivateView,
    ZoneDetailView,
    ZoneListView,
    ZoneReactivateView,
    ZoneUpdateView,
)
from .pages import (
    DETAIL_URLS,
    PAGE_SIZE,
    DetailPage,
    ListPage,
    ServiceActionPage,
    ServiceFormPage,
    can_change,
    crumbs_for,
    detail_url,
)
from .rosters import (
    CommitteeMemberCreateView,
    CommitteeMemberDetailView,
    CommitteeMemberEndView,
    CommitteeMemberUpdateView,
    SupervisorCreateView,
    SupervisorDetailView,
    SupervisorEndView,
    SupervisorListView,
    SupervisorUpdateView,
)
from .townships import (
    TownshipCreateView,
    TownshipDeactivateView,
    TownshipDetailView,
    TownshipListView,
    TownshipMoveView,
    TownshipReactivateView,
    TownshipUpdateView,
)
from .villages import (
    GroupCreateView,
    GroupDeactivateView,
    GroupDetailView,
    GroupReactivateView,
    GroupUpdateView,
    VillageCreateView,
    VillageDeactivateView,
    VillageDetailView,
    VillageListView,
    VillageReactivateView,
    VillageUpdateView,
)

__all__ = [
    "DETAIL_URLS",
    "PAGE_SIZE",
    "CommitteeMemberCreateView",
    "CommitteeMemberDetailView",
    "CommitteeMemberEndView",
    "CommitteeMemberUpdateView",
    "DetailPage",
    "GroupCreateView",
    "GroupDeactivateView",
    "GroupDetailView",
    "GroupReactivateView",
    "GroupUpdateView",
    "ListPage",
    "ServiceActionPage",
    "ServiceFormPage",
    "SupervisorCreateView",
    "SupervisorDetailView",
    "SupervisorEndView",
    "SupervisorListView",
    "SupervisorUpdateView",
    "TownshipCreateView",
    "TownshipDeactivateView",
    "TownshipDetailView",
    "TownshipListView",
    "TownshipMoveView",
    "TownshipReactivateView",
    "TownshipUpdateView",
    "VillageCreateView",
    "VillageDeactivateView",
    "VillageDetailView",
    "VillageListView",
    "VillageReactivateView",
    "VillageUpdateView",
    "ZoneCreateView",
    "ZoneDeactivateView",
    "ZoneDetailView",
    "ZoneListView",
    "ZoneReactivateView",
    "ZoneUpdateView",
    "can_change",
    "crumbs_for",
    "detail_url",
]
