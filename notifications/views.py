from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from . import selectors, services

PAGE_SIZE = 30


class NotificationListView(LoginRequiredMixin, TemplateView):
    template_name = "notifications/notification_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        show = self.request.GET.get("show", "")
        unread = {"unread": True, "read": False}.get(show)
        queryset = selectors.notification_list(user=self.request.user, unread=unread)
        page = Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("page"))
        ctx.update(page_obj=page, notifications=page.object_list, show=show, query=f"show={show}" if show else "")
        return ctx


class NotificationOpenView(LoginRequiredMixin, View):
    """Mark one of my notifications read and go to what it is about (POST)."""

    def post(self, request, pk):
        notification = get_object_or_404(selectors.notification_list(user=request.user), pk=pk)
        services.notification_mark_read(notification=notification, user=request.user)
        target = notification.url if request.POST.get("open") else request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return HttpResponseRedirect(target)
        return HttpResponseRedirect(reverse("notifications:list"))


class NotificationReadAllView(LoginRequiredMixin, View):
    def post(self, request):
        count = services.notification_mark_all_read(user=request.user)
        messages.success(request, _("已将 %(n)d 条消息标为已读。") % {"n": count})
        return HttpResponseRedirect(reverse("notifications:list"))
