from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("案件审查调查")

    def ready(self):
        from clues.case_hooks import register_case_hooks
        from people.context_processors import register_nav
        from people.views import register_home_panel

        from . import selectors, services
        from .models import CASE_READERS
        from .views import home_panel

        register_nav(_("案件"), "cases:case_list", "folder2-open", roles=CASE_READERS, order=20)
        register_nav(_("廉洁意见"), "cases:integrity_search", "shield-check", roles=CASE_READERS, order=25)
        register_home_panel(home_panel)
        # The clue desk reaches cases only through these hooks (cases build on clues).
        register_case_hooks(
            file_case=services.case_file_from_clue,
            record_measures=services.measures_from_clue,
            cases_of_clue=selectors.cases_of_clue,
            cases_of_person=selectors.cases_for_person,
        )
        from core.calendar import register_recompute

        register_recompute(services.recompute_deadlines)
