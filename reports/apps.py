from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("统计报表")

    def ready(self):
        from people.context_processors import register_nav

        from .scopes import STATS_ROLES

        register_nav(_("统计分析"), "reports:dashboard", "bar-chart", roles=STATS_ROLES, order=40)
        register_nav(_("统计报表"), "reports:build_list", "file-earmark-spreadsheet", roles=STATS_ROLES, order=45)
