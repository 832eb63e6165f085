"""Accounts API: token sign-in, the signed-in user, and user management for administrators."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, status
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import AuditAction
from audit.tracking import record
from core.api import SignInRateThrottle
from people import selectors, services
from people.models import RoleAssignment, User
from people.roles import MANAGE_ROLES
from people.scopes import scope_for
from zones.api.base import ScopedViewSet, call_service, not_found
from zones.models import County, Township, Zone

from . import serializers
from .filters import UserApiFilter

ASSIGNMENT_RELATED = ("county", "zone", "township", "village__township")


class TokenView(APIView):
    """Exchange a username and password for an API token (``Authorization: Token <token>``)."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    # Guessing passwords: a few tries a minute per client address (429 beyond).
    throttle_classes = [SignInRateThrottle]
    throttle_scope = "auth-token"
    serializer_class = serializers.TokenRequestSerializer

    @extend_schema(
        summary=gettext_lazy("获取 API 令牌"),
        description=gettext_lazy(
            "用用户名和密码换取令牌，之后在请求头中带 Authorization: Token <令牌>。登录成功与失败都记入审计日志。"
        ),
        tags=["auth"],
        request=serializers.TokenRequestSerializer,
        responses={
            200: serializers.TokenSerializer,
            400: OpenApiResponse(description=gettext_lazy("用户名或密码错误")),
            429: OpenApiResponse(description=gettext_lazy("尝试次数过多，请稍后再试")),
        },
    )
    def post(self, request):
        serializer = self.serializer_class(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token, _created = Token.objects.get_or_create(user=user)
        record(action=AuditAction.LOGIN, obj=user, user=user, detail=_("通过 API 获取令牌"))
        return Response({"token": token.key})


class MeView(APIView):
    """The signed-in user: profile, roles with their scopes, and the jurisdiction they reach."""

    @extend_schema(
        summary=gettext_lazy("当前用户"),
        description=gettext_lazy("当前登录用户的资料、各角色及其管辖范围，以及可见的区县、协作区、乡镇编号。"),
        tags=["auth"],
        responses=serializers.MeSerializer,
    )
    def get(self, request):
        assignments = RoleAssignment.objects.select_related(*ASSIGNMENT_RELATED)
        me = (
            User.objects.select_related("department")
            .prefetch_related(Prefetch("role_assignments", queryset=assignments))
            .get(pk=request.user.pk)
        )
        me.reach = {
            "counties": list(County.objects.restrict(request.user, "view").values_list("pk", flat=True)),
            "zones": list(Zone.objects.restrict(request.user, "view").values_list("pk", flat=True)),
            "townships": list(Township.objects.restrict(request.user, "view").values_list("pk", flat=True)),
        }
        return Response(serializers.MeSerializer(me, context={"request": request}).data)


class IsAdministrator(permissions.IsAuthenticated):
    message = gettext_lazy("仅系统管理员可以管理用户。")

    def has_permission(self, request, view):
        return super().has_permission(request, view) and scope_for(request.user).has_role(*MANAGE_ROLES)


@extend_schema(
    tags=["users"],
    description=gettext_lazy(
        "仅系统管理员可用，且只能管理其管辖范围内的账号。资料用 PUT/PATCH 修改；角色、停用、重置密码各有专门操作。"
    ),
)
@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("用户列表"), tags=["users"]),
    retrieve=extend_schema(summary=gettext_lazy("用户详情"), tags=["users"]),
    create=extend_schema(
        summary=gettext_lazy("新建用户"),
        tags=["users"],
        request=serializers.UserCreateSerializer,
        responses={201: serializers.UserSerializer},
    ),
    update=extend_schema(summary=gettext_lazy("修改用户资料"), tags=["users"]),
    partial_update=extend_schema(summary=gettext_lazy("修改用户资料（部分）"), tags=["users"]),
)
class UserViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Accounts, for administrators only; an account outside the administrator's county answers 404."""

    queryset = User.objects.none()
    permission_classes = [IsAdministrator]
    serializer_class = serializers.UserSerializer
    filterset_class = UserApiFilter
    ordering_fields = ["username", "real_name", "date_joined", "last_login"]
    write_actions = frozenset(
        {"update", "partial_update", "deactivate", "reactivate", "set_password", "assign_role", "revoke_role"}
    )

    def get_queryset(self):
        assignments = RoleAssignment.objects.select_related(*ASSIGNMENT_RELATED)
        return (
            User.objects.restrict(self.request.user, "view")
            .select_related("department")
            .prefetch_related(Prefetch("role_assignments", queryset=assignments))
            .order_by("username")
        )

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.UserCreateSerializer
        return super().get_serializer_class()

    def _respond(self, user, status_code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=user.pk)
        return Response(
            serializers.UserSerializer(fresh, context=self.get_serializer_context()).data, status=status_code
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        roles = data.pop("roles", [])
        with transaction.atomic():
            user = call_service(services.user_create, **data)
            role_errors = {}  # keyed by position, as DRF reports a nested list's field errors
            for index, role in enumerate(roles):
                try:
                    call_service(services.role_assign, user=user, actor=request.user, **role)
                except exceptions.ValidationError as exc:
                    role_errors[index] = exc.detail
            if role_errors:  # nothing is kept: the user is rolled back with the roles
                raise exceptions.ValidationError({"roles": role_errors})
        return self._respond(user, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        target = self.get_object()
        serializer = self.get_serializer(target, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        fields = {name: getattr(target, name) for name in ("real_name", "phone", "department", "unit", "email")}
        fields.update(serializer.validated_data)
        call_service(services.user_update, user=target, **fields)
        return self._respond(target)

    @extend_schema(summary=gettext_lazy("停用账号"), tags=["users"], request=None, responses=serializers.UserSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        target = self.get_object()
        call_service(services.user_deactivate, user=target, actor=request.user)
        return self._respond(target)

    @extend_schema(summary=gettext_lazy("启用账号"), tags=["users"], request=None, responses=serializers.UserSerializer)
    @action(detail=True, methods=["post"])
    def reactivate(self, request, pk=None):
        target = self.get_object()
        call_service(services.user_reactivate, user=target)
        return self._respond(target)

    @extend_schema(
        summary=gettext_lazy("重置密码"),
        tags=["users"],
        request=serializers.PasswordSerializer,
        responses={204: None},
    )
    @action(detail=True, methods=["post"], url_path="password")
    def set_password(self, request, pk=None):
        target = self.get_object()
        serializer = serializers.PasswordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            call_service(services.user_set_password, user=target, password=serializer.validated_data["password"])
        except exceptions.ValidationError as exc:
            detail = exc.detail
            if isinstance(detail, dict) and "new_password1" in detail:
                detail["password"] = detail.pop("new_password1")
            raise exceptions.ValidationError(detail) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary=gettext_lazy("授予角色"),
        tags=["users"],
        request=serializers.RoleAssignmentInputSerializer,
        responses={201: serializers.RoleAssignmentSerializer},
    )
    @action(detail=True, methods=["post"], url_path="roles")
    def assign_role(self, request, pk=None):
        target = self.get_object()
        serializer = serializers.RoleAssignmentInputSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        assignment = call_service(services.role_assign, user=target, actor=request.user, **serializer.validated_data)
        return Response(serializers.RoleAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary=gettext_lazy("撤销角色"), tags=["users"], request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"roles/(?P<assignment_id>\d+)")
    def revoke_role(self, request, pk=None, assignment_id=None):
        target = self.get_object()
        queryset = selectors.assignment_get_queryset(user=request.user).filter(user=target)
        assignment = queryset.filter(pk=assignment_id).first()
        if assignment is None:
            raise not_found()
        call_service(services.role_revoke, assignment=assignment, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
