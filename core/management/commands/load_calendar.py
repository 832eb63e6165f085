from django.core.management.base import BaseCommand
from django.db import transaction

from core import calendar
from core.calendar_seed import load_from_library
from core.models import CalendarDay, CalendarYear


class Command(BaseCommand):
    help = "Enter the official holiday calendars the chinesecalendar package knows and the database does not."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int, help="only these years")

    def handle(self, *args, years, **options):
        with transaction.atomic():
            added = load_from_library(CalendarYear, CalendarDay, years=set(years) or None)
        if added:
            calendar.bump_version()
            calendar.recompute(set(added))
        self.stdout.write(f"entered {len(added)} year(s): {', '.join(map(str, added)) or '-'}")
