from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("用户与人员")

    def ready(self):
        from audit.selectors import register_reader_rule
        from core.scoping import register_scope_resolver

        from .roles import AUDIT_ROLES
        from .scopes import scope_for

        # The apps below people reach a user's roles through these hooks, never by importing people.
        register_scope_resolver(scope_for)
        register_reader_rule(lambda user: scope_for(user).has_role(*AUDIT_ROLES))
