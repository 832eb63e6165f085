"""The demo county: each app contributes a seeder, run in this order by ``seed_demo``."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field


def demo_seeders():
    """``seed(ctx: DemoContext) -> None`` of every installed app with a ``demo`` module, in INSTALLED_APPS order."""
    from importlib import import_module

    from django.apps import apps
    from django.utils.module_loading import module_has_submodule

    modules = [
        import_module(f"{config.name}.demo")
        for config in apps.get_app_configs()
        if module_has_submodule(config.module, "demo")
    ]
    # core.demo (this registry) has no seeder of its own.
    return [module.seed for module in modules if hasattr(module, "seed")]


DEMO_PASSWORD = "qingfeng-demo"  # noqa: S105 - documented demo password, never loaded in production


@dataclass
class DemoContext:
    today: datetime.date
    rng: random.Random
    county: object = None
    zones: list = field(default_factory=list)
    townships: dict = field(default_factory=dict)  # slug -> Township
    users: dict = field(default_factory=dict)  # username -> User
    extra: dict = field(default_factory=dict)
