"""What every API viewset shares: the scoped queryset is the only door, writes go through services.

- ``get_queryset`` is the model's ``restrict(user, "view")``: anything outside it answers 404.
- A write on an object the user may see but not ``manage`` answers 403; creating needs the
  ``manage`` role for the model (the parent's scope is checked by the serializer's querysets).
- Services raise Django ``ValidationError``; :func:`call_service` turns it into a 400 with
  field-keyed Chinese messages (``{"detail", "errors"}`` through ``core.api.exception_handler``).
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.settings import api_settings

from core.scoping import scope_for


def call_service(service, /, **kwargs):
    """Run a service; its validation errors become a DRF 400 keyed like the serializer."""
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        errors = serializers.as_serializer_error(exc)
        if NON_FIELD_ERRORS in errors:
            errors[api_settings.NON_FIELD_ERRORS_KEY] = errors.pop(NON_FIELD_ERRORS)
        raise exceptions.ValidationError(errors) from exc


NOT_FOUND = _("记录不存在，或不在您的管辖范围内。")


def not_found() -> exceptions.NotFound:
    """The one 404 answer: the same whether the row does not exist or is outside scope."""
    return exceptions.NotFound(NOT_FOUND)


class ScopedWritePermission(permissions.IsAuthenticated):
    """Reads for any signed-in user (the queryset scopes them); creating needs the model's manage role."""

    message = _("您没有执行该操作的权限。")

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method in permissions.SAFE_METHODS or view.detail:
            return True
        return scope_for(request.user).allows(view.get_scope_model(), "manage")


class ScopedViewSet(viewsets.GenericViewSet):
    """Base for resource viewsets: scoped reads, 404 outside scope, 403 for writes without manage scope."""

    permission_classes = [ScopedWritePermission]
    scope_model = None
    # Actions that change the object and so need it in the user's ``manage`` scope.
    write_actions = frozenset({"update", "partial_update", "destroy"})

    def get_scope_model(self):
        return self.scope_model or self.queryset.model

    def get_object(self):
        try:
            obj = super().get_object()  # from the view-scoped queryset: 404 outside scope
        except Http404 as exc:
            raise not_found() from exc
        if self.action in self.write_actions:
            self.check_manage(obj)
        return obj

    def check_manage(self, obj) -> None:
        model = type(obj)
        if not model.objects.restrict(self.request.user, "manage").filter(pk=obj.pk).exists():
            raise exceptions.PermissionDenied(_("您可以查看该记录，但没有修改它的权限。"))


class ServiceWriteMixin:
    """``create``/``update`` that validate with the serializer, then call the named service.

    ``create_service`` gets ``user=`` plus the validated fields; ``update_service`` gets the
    object as ``instance_kwarg`` plus only the fields sent (partial updates leave the rest).
    The answer is the object re-read through the scoped queryset, as the list shows it.
    """

    services_module = None
    create_service: str = ""
    update_service: str = ""
    instance_kwarg: str = ""
    create_serializer_class = None

    def service(self, name: str):
        return getattr(self.services_module, name)

    def to_service_kwargs(self, data: dict) -> dict:
        return dict(data)

    def respond(self, obj, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=obj.pk)
        serializer = self.serializer_class(fresh, context=self.get_serializer_context())
        return Response(serializer.data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer_class = self.create_serializer_class or self.get_serializer_class()
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        kwargs = self.to_service_kwargs(serializer.validated_data)
        obj = call_service(self.service(self.create_service), user=request.user, **kwargs)
        return self.respond(obj, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        obj = self.get_object()
        serializer = self.get_serializer(obj, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        kwargs = self.to_service_kwargs(serializer.validated_data)
        call_service(self.service(self.update_service), user=request.user, **{self.instance_kwarg: obj}, **kwargs)
        return self.respond(obj)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def run_action(self, service_name: str, obj, **kwargs) -> Response:
        """A workflow step on one object (deactivate, end a term…), answered with the object."""
        call_service(self.service(service_name), user=self.request.user, **{self.instance_kwarg: obj}, **kwargs)
        return self.respond(obj)
