from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("案件审查调查")

    def ready(self):
        from . import services

        try:
            from core.calendar import register_recompute
        except ImportError:  # the working-day calendar lands separately
            return
        register_recompute(services.recompute_deadlines)
