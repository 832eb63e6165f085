import pytest

from cases import demo
from cases.choices import CaseStatus, MeasureType, Queue
from cases.models import Case, Measure
from cases.selectors import queue_counts
from zones.models import Township

pytestmark = pytest.mark.django_db


def test_demo_cases_cover_every_township_measure_type_and_queue(demo_ctx):
    demo.seed(demo_ctx)
    cases = Case.objects.filter(county=demo_ctx.county)
    assert set(cases.values_list("township", flat=True)) == set(
        Township.objects.filter(county=demo_ctx.county).values_list("pk", flat=True)
    )
    assert set(Measure.objects.values_list("measure_type", flat=True)) == set(MeasureType.values)
    assert {CaseStatus.INVESTIGATING, CaseStatus.REVIEWING, CaseStatus.CONCLUDED} <= set(
        cases.values_list("status", flat=True)
    )
    concluded = cases.filter(status=CaseStatus.CONCLUDED)
    assert concluded.filter(recovered_amount__gt=0, returned_amount__gt=0).exists()
    counts = dict(queue_counts(user=demo_ctx.users["leader"], today=demo_ctx.today))
    assert counts[Queue.INVESTIGATION] >= 2 and counts[Queue.REVIEW] >= 1 and counts[Queue.PROBATION] >= 1
    extended = cases.filter(extension__isnull=False).select_related("extension")
    assert extended and all(c.investigation_due == c.extension.new_due for c in extended)
    filed = cases.values_list("filed_on", flat=True)
    assert (demo_ctx.today - min(filed)).days > 365


def test_demo_seeding_twice_adds_nothing(demo_ctx):
    demo.seed(demo_ctx)
    before = (Case.objects.count(), Measure.objects.count())
    demo.seed(demo_ctx)
    assert (Case.objects.count(), Measure.objects.count()) == before
