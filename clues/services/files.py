"""Storing a clue's attachments, and removing the stored files again when a service fails."""

from __future__ import annotations

import contextvars
import functools

from django.db import transaction
from django.db.models import Sum

from people.models import User

from ..attachments import check_upload
from ..choices import EventKind
from ..models import Clue, ClueAttachment
from .permissions import _require_change
from .timeline import _event
from .transitions import check_transition


def _store_attachments(clue: Clue, files, user: User) -> list[ClueAttachment]:
    """Check every file first, then store them; files written before a failure are removed."""
    files = [f for f in (files or []) if f]
    if not files:
        return []
    stored = ClueAttachment.objects.filter(clue=clue).aggregate(total=Sum("size"))["total"] or 0
    checked = []
    for upload in files:
        result = check_upload(upload, already_stored=stored)
        stored += result.size
        checked.append((upload, result))
    created: list[ClueAttachment] = []
    try:
        for upload, result in checked:
            attachment = ClueAttachment(
                clue=clue,
                original_name=(getattr(upload, "name", "") or "")[-200:] or "file",
                kind=result.kind,
                content_type=result.content_type,
                size=result.size,
                sha256=result.sha256,
                uploaded_by=user,
            )
            upload.seek(0)
            attachment.file.save("upload", upload, save=False)
            created.append(attachment)
            attachment.full_clean(exclude=["clue", "uploaded_by"])
            attachment.save()
    except Exception:
        for attachment in created:
            attachment.file.delete(save=False)
        raise
    pending = _PENDING_FILES.get()
    if pending is not None:
        pending.extend((a.file.storage, a.file.name) for a in created)
    return created


# Files written by the running service; removed again when the service fails (see ``_removes_files_on_error``).
_PENDING_FILES: contextvars.ContextVar[list | None] = contextvars.ContextVar("clue_pending_files", default=None)


def _removes_files_on_error(func):
    """Delete attachment files stored by ``func`` when it raises, so a refused form leaves no orphans."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        token = _PENDING_FILES.set([])
        try:
            return func(*args, **kwargs)
        except BaseException:
            for storage, name in _PENDING_FILES.get() or []:
                storage.delete(name)
            raise
        finally:
            _PENDING_FILES.reset(token)

    return wrapper


@_removes_files_on_error
@transaction.atomic
def clue_attach(*, clue: Clue, user: User, files) -> list[ClueAttachment]:
    """Add attachments to a clue that is not yet closed off."""
    check_transition(clue, "attach")
    _require_change(clue, user, "attach")
    created = _store_attachments(clue, files, user)
    if created:
        _event(
            clue,
            kind=EventKind.ATTACH,
            user=user,
            from_status=clue.status,
            note="、".join(a.original_name for a in created),
            data={"attachments": [a.pk for a in created]},
        )
    return created
