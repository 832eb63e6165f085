"""Demo report builds for the demo county: last quarter's county report (as the scheduler makes it) and zone 1's.

Built right here through the services (no worker needed), so the report page lists finished
workbooks to download. Skipped when the county already has builds.
"""

from __future__ import annotations

from .choices import ReportKind, ScopeLevel
from .models import ReportBuild
from .periods import Period
from .scopes import build_scope


def seed(ctx) -> None:
    """Build last quarter's county workbook and zone 1's year to date once."""
    from . import services

    if ctx.county is None or ReportBuild.objects.filter(county=ctx.county).exists():
        return
    last_quarter = Period.previous_quarter(ctx.today)
    requests = [(ReportKind.QUARTERLY, last_quarter, build_scope(ScopeLevel.COUNTY, ctx.county.pk), None)]
    zone1 = ctx.users.get("zone1")
    if ctx.zones and zone1 is not None:
        zone = ctx.zones[0]
        requests.append(
            (ReportKind.QUARTERLY, Period.year_to_date(ctx.today), build_scope(ScopeLevel.ZONE, zone.pk), zone1)
        )
    for kind, period, scope, user in requests:
        build = services.report_request(kind=kind, period=period, scope=scope, user=user, enqueue=False)
        services.report_build_run(build_id=build.pk)
