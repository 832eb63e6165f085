"""API conventions: pagination, the error envelope ``{"detail", "errors"}``, the sign-in throttle."""

import math
import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, pagination, throttling
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from audit.http import client_ip

# Django's get_object_or_404() says "No Case matches the given query." — English, and it
# names the model. Such a 404 becomes DRF's plain, translated "未找到。".
_DJANGO_NOT_FOUND = re.compile(r"^No \w+ matches the given query\.$")


class Pagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


class SignInRateThrottle(throttling.ScopedRateThrottle):
    """Limits ``POST /api/auth/token/`` per client address (``throttle_scope`` on the view).

    The counts live in the default cache — Redis, or ``var/cache`` when embedded — so every
    web process shares them. The rate is read on each request from
    ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``, not frozen at import time.
    """

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_ip(request) or "unknown"


def _not_found(exc: Http404) -> exceptions.NotFound:
    message = str(exc.args[0]) if exc.args else ""
    if not message or _DJANGO_NOT_FOUND.match(message):
        return exceptions.NotFound()
    return exceptions.NotFound(message)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(getattr(exc, "message_dict", None) or {"non_field_errors": exc.messages})
    elif isinstance(exc, Http404):
        exc = _not_found(exc)
    elif isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        # DRF's own wording reads awkwardly in Chinese; the Retry-After header stays.
        message = _("尝试次数过多，请在 %(seconds)d 秒后再试。") % {"seconds": math.ceil(exc.wait)}
        exc.detail = exceptions.ErrorDetail(message, code=exc.default_code)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {"detail": _("提交的数据有误，请检查标注的字段。"), "errors": errors}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": response.data["detail"], "errors": {}}
    return response


class ScopedFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend that hands the user to the FilterSet (its choices are scoped)."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs["user"] = request.user
        return kwargs
