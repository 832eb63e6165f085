"""The roles, re-exported for the apps above people: they live in :mod:`core.roles` (zones needs them too)."""

from core.roles import (
    ALL_ROLES,
    AUDIT_ROLES,
    CONTENT_ROLES,
    IDENTITY_ROLES,
    MANAGE_ROLES,
    ROLE_LEVELS,
    ROLE_SETS,
    WORKING_ROLES,
    Role,
    ScopeLevel,
)

__all__ = [
    "ALL_ROLES",
    "AUDIT_ROLES",
    "CONTENT_ROLES",
    "IDENTITY_ROLES",
    "MANAGE_ROLES",
    "ROLE_LEVELS",
    "ROLE_SETS",
    "WORKING_ROLES",
    "Role",
    "ScopeLevel",
]
