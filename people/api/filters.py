"""FilterSets of the accounts API, reusing the user management page's filters."""

import django_filters
from django.utils.translation import gettext_lazy as _

from people.filters import UserFilter


class UserApiFilter(UserFilter):
    """The management list's filters (q, role, zone, township, is_active) plus the department.

    Zone and township are plain ids here: the queryset is already scoped, so an id outside
    the administrator's reach matches nobody.
    """

    zone = django_filters.NumberFilter(label=_("协作区"), method="filter_zone")
    township = django_filters.NumberFilter(label=_("乡镇"), method="filter_township")
    department = django_filters.NumberFilter(label=_("所在部门"), field_name="department_id")

    class Meta(UserFilter.Meta):
        fields = [*UserFilter.Meta.fields, "department"]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix, user=getattr(request, "user", None))
