from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CluesConfig(AppConfig):
    name = "clues"
    verbose_name = _("问题线索")

    def ready(self):
        from core.calendar import register_recompute
        from notifications.reminders import register_source
        from people.context_processors import register_nav
        from people.roles import CONTENT_ROLES, WORKING_ROLES
        from people.views import register_home_panel

        from .reminders import clue_reminders
        from .selectors import home_panel
        from .services import recompute_deadlines

        register_nav(_("问题线索"), "clues:clue_list", "inbox", roles=CONTENT_ROLES, order=10)
        register_nav(_("登记线索"), "clues:clue_create", "pencil-square", roles=WORKING_ROLES, order=11)
        register_home_panel(home_panel)
        register_source(clue_reminders)  # clue deadlines share the one reminder scheduler
        register_recompute(recompute_deadlines)
