"""Record every create, update and delete of tracked models, with before/after values.

Model signals catch ``save()`` and ``delete()``; :class:`AuditedQuerySet` catches the
queryset bulk paths (``update``, ``bulk_create``, ``bulk_update``) that skip signals.
"""

from __future__ import annotations

import datetime
import decimal
import uuid

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .context import current

_tracked: dict[type[models.Model], set[str]] = {}
# The ``detail`` of rows changed by a queryset ``update()``/``bulk_update()`` (stored text, so not translated).
BULK_UPDATE = "批量修改"


def _value(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or None
    return value


def _same(a, b) -> bool:
    """Equal, counting an empty file or text as equal to no value (a FieldFile reads "" or None)."""
    return a == b or (a in (None, "") and b in (None, ""))


def _fields(model) -> list[models.Field]:
    excluded = _tracked.get(model, set())
    return [f for f in model._meta.concrete_fields if f.name not in excluded]


def snapshot(instance) -> dict:
    return {f.attname: _value(getattr(instance, f.attname)) for f in _fields(type(instance))}


def _write(action: str, instance, changes: dict, detail: str = "") -> None:
    record(action=action, obj=instance, changes=changes, detail=detail)


def _pre_save(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding or instance.pk is None:
        instance._audit_before = None
        return
    before = type(instance)._base_manager.filter(pk=instance.pk).values(*[f.attname for f in _fields(sender)]).first()
    instance._audit_before = {k: _value(v) for k, v in before.items()} if before else None


def _post_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    after = snapshot(instance)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        _write("create", instance, {k: [None, v] for k, v in after.items() if v not in (None, "")})
        return
    diff = {k: [before.get(k), v] for k, v in after.items() if not _same(before.get(k), v)}
    if diff:
        _write("update", instance, diff)


def _post_delete(sender, instance, **kwargs):
    _write("delete", instance, {k: [v, None] for k, v in snapshot(instance).items() if v not in (None, "")})


def _m2m_changed(sender, instance, action, pk_set, model, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or not isinstance(instance, tuple(_tracked)):
        return
    field = next(
        (f.name for f in type(instance)._meta.many_to_many if f.remote_field.through is sender),
        sender._meta.model_name,
    )
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    _write("update", instance, {field: {verb: sorted(pk_set or [])}})


def track(model: type[models.Model] | None = None, *, exclude: tuple[str, ...] = ()):
    """Register ``model`` with the audit trail (a class decorator, bare or with ``exclude``)."""
    if model is None:
        return lambda cls: track(cls, exclude=exclude)
    _tracked[model] = set(exclude)
    uid = f"audit-{model._meta.label}"
    pre_save.connect(_pre_save, sender=model, dispatch_uid=uid + "-pre")
    post_save.connect(_post_save, sender=model, dispatch_uid=uid + "-post")
    post_delete.connect(_post_delete, sender=model, dispatch_uid=uid + "-del")
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(_m2m_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}-m2m-{field.name}")
    return model


def is_tracked(model) -> bool:
    return model in _tracked


class AuditedQuerySet(models.QuerySet):
    """QuerySet whose bulk writes leave the same audit records as ``save()`` does."""

    def update(self, **kwargs):
        if not is_tracked(self.model):
            return super().update(**kwargs)
        names = [f.attname for f in _fields(self.model)]
        before = {row["pk"]: row for row in self.values("pk", *names)}
        count = super().update(**kwargs)
        if before:
            for obj in self.model._base_manager.filter(pk__in=before):
                old = {k: _value(v) for k, v in before[obj.pk].items() if k != "pk"}
                new = snapshot(obj)
                diff = {k: [old.get(k), v] for k, v in new.items() if not _same(old.get(k), v)}
                if diff:
                    _write("update", obj, diff, detail=BULK_UPDATE)
        return count

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if is_tracked(self.model):
            for obj in created:
                if obj.pk is not None:
                    _write("create", obj, {k: [None, v] for k, v in snapshot(obj).items() if v not in (None, "")})
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        if not is_tracked(self.model):
            return super().bulk_update(objs, fields, *args, **kwargs)
        return self.filter(pk__in=[o.pk for o in objs])._audited_bulk_update(objs, fields, *args, **kwargs)

    def _audited_bulk_update(self, objs, fields, *args, **kwargs):
        attnames = [self.model._meta.get_field(f).attname for f in fields]
        before = {row["pk"]: row for row in self.values("pk", *attnames)}
        count = super().bulk_update(objs, fields, *args, **kwargs)
        for obj in objs:
            old = before.get(obj.pk, {})
            diff = {
                a: [_value(old.get(a)), _value(getattr(obj, a))]
                for a in attnames
                if _value(old.get(a)) != _value(getattr(obj, a))
            }
            if diff:
                _write("update", obj, diff, detail=BULK_UPDATE)
        return count


def record(*, action: str, obj=None, detail: str = "", changes: dict | None = None, user=None) -> None:
    """Record an explicit event: a sensitive read, an export, a login."""
    from django.contrib.contenttypes.models import ContentType

    from .models import AuditEvent

    ctx = current()
    actor = user if user is not None else ctx.actor
    AuditEvent.objects.create(
        actor=actor,
        actor_name=(actor.get_full_name() or actor.get_username())[:150] if actor else "",
        action=action,
        content_type=ContentType.objects.get_for_model(type(obj)) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=changes or {},
        detail=detail[:500],
        source=ctx.source,
        ip=ctx.ip,
        path=ctx.path,
    )
