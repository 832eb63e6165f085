"""A service's validation errors shown on the form that fed it."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def apply_errors(form, exc: ValidationError, rename: dict[str, str] | None = None) -> list[str]:
    """Put a service's errors on the form's fields; return the ones no field takes."""
    rename = rename or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return []
    leftover = []
    for field, errors in exc.message_dict.items():
        field = rename.get(field, field)
        if field in form.fields:
            form.add_error(field, errors)
        elif field == "__leftover__":
            leftover.extend(errors)
        else:
            form.add_error(None, errors)
    return leftover
