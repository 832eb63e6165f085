"""Who is acting: the request (web/API) or an explicit actor (tasks, commands)."""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass

from .http import client_ip


@dataclass
class AuditContext:
    request: object | None = None
    user: object | None = None
    source: str = "system"

    @property
    def actor(self):
        user = self.user
        if user is None and self.request is not None:
            user = getattr(self.request, "user", None)
        if user is not None and getattr(user, "is_authenticated", False):
            return user
        return None

    @property
    def ip(self) -> str | None:
        if self.request is None:
            return None
        return client_ip(self.request)

    @property
    def path(self) -> str:
        return getattr(self.request, "path", "")[:300] if self.request is not None else ""


_current: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar("qingfeng_audit", default=None)


def current() -> AuditContext:
    return _current.get() or AuditContext()


@contextmanager
def acting(*, request=None, user=None, source: str = "web"):
    """Attribute every audit record inside the block to this request or user."""
    token = _current.set(AuditContext(request=request, user=user, source=source))
    try:
        yield
    finally:
        _current.reset(token)
