"""The demo county: each app contributes a seeder, run in this order by ``seed_demo``."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

# Dotted paths of ``seed(ctx: DemoContext) -> None`` functions, in dependency order.
DEMO_SEEDERS = [
    "zones.demo.seed",
    "people.demo.seed",
]

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
