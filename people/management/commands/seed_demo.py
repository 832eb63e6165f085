"""``python manage.py seed_demo``: build the demo county (渭源县) with every app's demo data.

It lives with people because it lists the demo logins; every app's seeder is found by
``core.demo.demo_seeders`` (each app's ``demo`` module), so it imports no app above people.
"""

from __future__ import annotations

import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from audit.context import acting
from core.demo import DEMO_PASSWORD, DemoContext, demo_seeders

SEED = 20240521  # fixed: the same demo county on every machine
# What the summary counts, where the app is installed.
SUMMARY_MODELS = [
    "zones.Township",
    "zones.Zone",
    "zones.Village",
    "zones.VillageGroup",
    "zones.VillageSupervisor",
    "people.User",
    "clues.Clue",
    "cases.Case",
    "cases.Measure",
    "rectification.Letter",
    "rectification.Item",
    "notifications.Notification",
]


class Command(BaseCommand):
    help = "载入演示数据（渭源县），可重复执行 / Load the demo county (idempotent; refused in production)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--logins", action="store_true", help="只列出演示账号，不写入数据 / Only print the demo logins."
        )

    def handle(self, *args, logins=False, **options):
        if not settings.QINGFENG_ALLOW_DEMO:
            raise CommandError(
                "生产模式下不允许载入演示数据（QINGFENG_ALLOW_DEMO 未开启）。"
                " / Demo data is never loaded in production mode (QINGFENG_ALLOW_DEMO is off)."
            )
        if logins:
            self._print_logins()
            return
        ctx = DemoContext(today=timezone.localdate(), rng=random.Random(SEED))
        started = time.monotonic()
        with acting(source="seed_demo"):
            for seed in demo_seeders():
                t0 = time.monotonic()
                with transaction.atomic():
                    seed(ctx)
                if options["verbosity"] > 1:
                    self.stdout.write(f"  {seed.__module__}: {time.monotonic() - t0:.2f}s")
        self._print_summary(ctx, time.monotonic() - started)

    def _print_summary(self, ctx, seconds: float) -> None:
        from django.apps import apps

        counts = []
        for label in SUMMARY_MODELS:
            try:
                model = apps.get_model(label)
            except LookupError:
                continue
            counts.append(f"{model._meta.verbose_name_plural} {model._default_manager.count()}")
        self.stdout.write(self.style.SUCCESS(f"演示数据就绪：{ctx.county}（{seconds:.1f} 秒）"))
        self.stdout.write("，".join(counts))

    def _print_logins(self) -> None:
        from people.demo import demo_accounts
        from zones.demo import COUNTY_CODE
        from zones.models import County

        county = County.objects.filter(code=COUNTY_CODE).first()
        if county is None:
            raise CommandError("尚未载入演示数据，请先运行 seed_demo。 / Run seed_demo first.")
        rows = demo_accounts(county)
        width = max(len(username) for username, _role, _scope in rows)
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）/ Demo logins (password {DEMO_PASSWORD}):")
        for username, role, scope in rows:
            self.stdout.write(f"  {username:<{width}}  {role} · {scope}")
