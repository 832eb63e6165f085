from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "rectification"
    verbose_name = _("整改督办")

    def ready(self):
        from notifications.reminders import register_source
        from people.context_processors import register_nav
        from people.views import register_home_panel

        from .reminders import item_reminders
        from .views import home_panel

        register_source(item_reminders)
        register_nav(_("整改督办"), "rectification:letter_list", "clipboard-check", order=30)
        register_nav(_("整改台账"), "rectification:item_list", "list-check", order=31)
        register_home_panel(home_panel)
