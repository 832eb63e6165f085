"""Sign-in, failed sign-in and sign-out go into the audit log."""

from django.contrib.auth import get_user_model, user_logged_in, user_logged_out, user_login_failed
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext as _

from .models import AuditAction
from .tracking import record


def on_logged_in(sender, request, user, **kwargs):
    record(action=AuditAction.LOGIN, obj=user, user=user)


def on_logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    if isinstance(user, LazyObject):  # request.user: record the real model instance
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    record(action=AuditAction.LOGOUT, obj=user, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    """Record the username tried (never the password) and the account it names, if any."""
    User = get_user_model()
    username = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")[:150]
    account = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first() if username else None
    record(action=AuditAction.LOGIN_FAILED, obj=account, detail=_("尝试的用户名：%(name)s") % {"name": username})


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="audit-login")
    user_logged_out.connect(on_logged_out, dispatch_uid="audit-logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit-login-failed")
