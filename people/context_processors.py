from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import AUDIT_ROLES, MANAGE_ROLES
from .scopes import scope_for


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    icon: str
    roles: frozenset | None = None  # None: everyone signed in
    order: int = 50
    group: str | None = None  # entries sharing a group render as one dropdown


# Apps add their entries from ``AppConfig.ready()`` through :func:`register_nav`.
NAVIGATION: list[NavEntry] = []


def register_nav(label, url_name, icon, *, roles=None, order=50, group=None) -> None:
    if any(e.url_name == url_name for e in NAVIGATION):
        return
    NAVIGATION.append(NavEntry(label, url_name, icon, frozenset(roles) if roles else None, order, group))
    NAVIGATION.sort(key=lambda e: e.order)


register_nav(_("首页"), "home", "house", order=0)
register_nav(_("协作区"), "zones:zone_list", "diagram-3", order=80, group=_("基础数据"))
register_nav(_("乡镇"), "zones:township_list", "building", order=81, group=_("基础数据"))
register_nav(_("村（社区）"), "zones:village_list", "houses", order=82, group=_("基础数据"))
register_nav(_("村级监督员"), "zones:supervisor_list", "person-badge", order=83, group=_("基础数据"))
register_nav(_("审计日志"), "audit:event_list", "journal-text", roles=AUDIT_ROLES, order=90, group=_("系统"))
register_nav(_("用户管理"), "people:user_list", "people", roles=MANAGE_ROLES, order=91, group=_("系统"))


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = scope_for(user)
    items: list[dict] = []
    groups: dict[str, dict] = {}
    entries = []
    for entry in NAVIGATION:
        if entry.roles is not None and not scope.has_role(*entry.roles):
            continue
        url = reverse(entry.url_name)
        matches = request.path == url if entry.url_name == "home" else request.path.startswith(url)
        entries.append((entry, url, len(url) if matches else -1))
    # Only the most specific match is current: /cases/integrity/ is 廉洁意见, not also 案件 (/cases/).
    best = max((length for _entry, _url, length in entries), default=-1)
    for entry, url, length in entries:
        active = length >= 0 and length == best
        link = {"label": entry.label, "url": url, "icon": entry.icon, "active": active}
        if entry.group is None:
            items.append(link)
            continue
        group = groups.get(str(entry.group))
        if group is None:
            group = groups[str(entry.group)] = {"label": entry.group, "children": [], "active": False}
            items.append(group)
        group["children"].append(link)
        group["active"] |= active
    return {"nav_items": items, "user_scope": scope}
