"""User management for administrators: accounts, passwords and role assignments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.forms import apply_errors

from . import selectors, services
from .forms import PasswordResetForm, RoleAssignmentForm, UserCreateForm, UserUpdateForm
from .roles import AUDIT_ROLES, MANAGE_ROLES, ROLE_LEVELS
from .scopes import scope_for

PAGE_SIZE = 50


class AdminRequiredMixin(LoginRequiredMixin):
    """Only administrators; everyone else is told the page does not exist."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scope_for(request.user).has_role(*MANAGE_ROLES):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_target(self, action: str = "change"):
        queryset = selectors.user_get_queryset(user=self.request.user, action=action)
        return get_object_or_404(queryset, pk=self.kwargs["pk"])


class UserListView(AdminRequiredMixin, TemplateView):
    template_name = "people/user_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filterset = selectors.user_list(user=self.request.user, filters=self.request.GET)
        queryset = filterset.qs if not filterset.is_bound or filterset.is_valid() else filterset.queryset.none()
        page = Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx.update(filter=filterset, page_obj=page, users=page.object_list, query=query.urlencode())
        return ctx


class UserCreateView(AdminRequiredMixin, View):
    template_name = "people/user_form.html"

    def get(self, request):
        return self.render(UserCreateForm(user=request.user))

    def post(self, request):
        form = UserCreateForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.user_create(
                    username=data["username"],
                    real_name=data["real_name"],
                    password=data["password1"],
                    phone=data["phone"],
                    department=data["department"],
                    unit=data["unit"],
                    email=data["email"],
                )
            except ValidationError as exc:
                apply_errors(form, exc, rename={"password": "password1"})
            else:
                messages.success(request, _("已创建用户“%(name)s”，请为其分配角色。") % {"name": created})
                return HttpResponseRedirect(reverse("people:user_detail", args=[created.pk]))
        return self.render(form)

    def render(self, form):
        return render(self.request, self.template_name, {"form": form, "title": _("新建用户")})


class UserDetailView(AdminRequiredMixin, TemplateView):
    template_name = "people/user_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        target = self.get_target("view")
        ctx.update(
            target=target,
            assignments=target.role_assignments.all(),
            role_form=kwargs.get("role_form") or RoleAssignmentForm(user=self.request.user),
            role_levels={role: sorted(levels) for role, levels in ROLE_LEVELS.items()},
            can_audit=scope_for(self.request.user).has_role(*AUDIT_ROLES),
        )
        return ctx


class UserUpdateView(AdminRequiredMixin, View):
    template_name = "people/user_form.html"

    def get(self, request, pk):
        target = self.get_target()
        return self.render(target, UserUpdateForm(instance=target, user=request.user))

    def post(self, request, pk):
        target = self.get_target()
        form = UserUpdateForm(request.POST, instance=target, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.user_update(
                    user=target,
                    real_name=data["real_name"],
                    phone=data["phone"],
                    department=data["department"],
                    unit=data["unit"],
                    email=data["email"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已保存用户“%(name)s”的资料。") % {"name": target})
                return HttpResponseRedirect(reverse("people:user_detail", args=[target.pk]))
        return self.render(target, form)

    def render(self, target, form):
        title = _("编辑用户：%(name)s") % {"name": target.username}
        return render(self.request, self.template_name, {"form": form, "target": target, "title": title})


class UserPasswordView(AdminRequiredMixin, View):
    template_name = "people/user_password.html"

    def get(self, request, pk):
        return self.render(self.get_target(), PasswordResetForm())

    def post(self, request, pk):
        target = self.get_target()
        form = PasswordResetForm(request.POST)
        if form.is_valid():
            try:
                services.user_set_password(user=target, password=form.cleaned_data["new_password1"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已重置“%(name)s”的密码，请当面或电话告知本人。") % {"name": target})
                return HttpResponseRedirect(reverse("people:user_detail", args=[target.pk]))
        return self.render(target, form)

    def render(self, target, form):
        return render(self.request, self.template_name, {"form": form, "target": target})


class UserActivationView(AdminRequiredMixin, View):
    """POST only: deactivate or reactivate an account."""

    activate = False

    def post(self, request, pk):
        target = self.get_target()
        try:
            if self.activate:
                services.user_reactivate(user=target)
                messages.success(request, _("已启用账号“%(name)s”。") % {"name": target})
            else:
                services.user_deactivate(user=target, actor=request.user)
                messages.success(request, _("已停用账号“%(name)s”，该用户将无法登录。") % {"name": target})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(reverse("people:user_detail", args=[target.pk]))


class RoleAssignView(AdminRequiredMixin, View):
    """POST only: add a role assignment; errors re-render the user page with the typed choice."""

    def post(self, request, pk):
        target = self.get_target()
        form = RoleAssignmentForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                assignment = services.role_assign(
                    user=target, role=form.cleaned_data["role"], actor=request.user, **form.scope()
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已授予角色：%(role)s") % {"role": assignment})
                return HttpResponseRedirect(reverse("people:user_detail", args=[target.pk]))
        view = UserDetailView(request=request, kwargs={"pk": pk})
        ctx = view.get_context_data(role_form=form)
        return render(request, UserDetailView.template_name, ctx)


class RoleRevokeView(AdminRequiredMixin, View):
    """POST only: withdraw one role assignment."""

    def post(self, request, pk):
        assignment = get_object_or_404(selectors.assignment_get_queryset(user=request.user), pk=pk)
        target_pk = assignment.user_id
        label = str(assignment)
        try:
            services.role_revoke(assignment=assignment, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已撤销角色：%(role)s") % {"role": label})
        return HttpResponseRedirect(reverse("people:user_detail", args=[target_pk]))
