from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import AUDIT_ROLES, MANAGE_ROLES
from .scopes import scope_for

# (label, url name, icon, roles that see it; None = everyone signed in)
NAVIGATION = [
    (_("首页"), "home", "house", None),
    (_("协作区"), "zones:zone_list", "diagram-3", None),
    (_("乡镇"), "zones:township_list", "building", None),
    (_("村（社区）"), "zones:village_list", "houses", None),
    (_("村级监督员"), "zones:supervisor_list", "person-badge", None),
    (_("审计日志"), "audit:event_list", "journal-text", AUDIT_ROLES),
    (_("用户管理"), "people:user_list", "people", MANAGE_ROLES),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = scope_for(user)
    items = []
    for label, name, icon, roles in NAVIGATION:
        if roles is not None and not scope.has_role(*roles):
            continue
        url = reverse(name)
        active = request.path == url if name == "home" else request.path.startswith(url)
        items.append({"label": label, "url": url, "icon": icon, "active": active})
    return {"nav_items": items, "user_scope": scope}
