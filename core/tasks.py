from celery import shared_task
from django.utils import timezone

from . import calendar


@shared_task(acks_late=True)
def recompute_deadlines(years: list[int]) -> None:
    """Recompute open deadlines in ``years`` after their official calendar was entered."""
    calendar.recompute(set(years))


@shared_task(acks_late=True)
def recompute_provisional_deadlines() -> None:
    """Daily: refresh deadlines of this year and the next (catches calendars loaded outside the admin)."""
    today = timezone.localdate()
    calendar.recompute({today.year, today.year + 1})
