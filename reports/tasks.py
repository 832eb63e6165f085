"""Worker tasks: thin, they take ids and call the services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def build_report(build_id: int) -> None:
    """Build one requested workbook."""
    services.report_build_run(build_id=build_id)


@shared_task
def build_previous_quarter_reports() -> list[int]:
    """At the start of each quarter: the previous quarter's county reports, officers notified."""
    return [b.pk for b in services.build_previous_quarter_reports()]
