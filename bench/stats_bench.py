"""Time ``reports.selectors.stats`` and a workbook build on a large generated county.

Runs in a throwaway test database (Django's test-database creation: ``test_<name>``,
destroyed at the end), so it never touches real data::

    python bench/stats_bench.py                       # SQLite, 100,000 clues
    python bench/stats_bench.py --clues 300000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qf_reports python bench/stats_bench.py

Rows are inserted with ``bulk_create`` on the base managers (no audit records), in the
proportions of DOMAIN.md §7: per clue about 0.3 cases, 0.3 persons with measures, 0.5
rectification items.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


# A few of the county total's figures, printed after each stats() run.
KEY_FIGURES = ("clues_received", "cases_filed", "cases_concluded", "form_total", "funds_recovered", "items_overdue")


def timed(label: str, fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    elapsed = time.perf_counter() - start
    print(f"{label:<48} {elapsed:8.2f} s", flush=True)
    return result


def generate(n_clues: int, seed: int = 7) -> dict:
    """A county of 5 zones × 4 townships with ``n_clues`` clues over two years and their cases, measures, items."""
    from cases.choices import FORM_OF, MEASURE_TYPE_OF
    from cases.models import Case, CasePerson, Measure
    from clues.choices import ClueSource, DisposalMethod
    from clues.models import Clue
    from people.choices import CadreLevel
    from people.models import Person, User
    from rectification.models import Item, Letter
    from zones.models import County, Township, Zone, ZoneMembership

    rng = random.Random(seed)
    today = datetime.date.today()
    start = today - datetime.timedelta(days=730)
    county = County._base_manager.create(name="基准县", code="629999")
    user = User.objects.create(username="bench", real_name="基准")
    townships = []
    for z in range(5):
        zone = Zone._base_manager.create(county=county, name=f"第{z + 1}协作区", order=z)
        for t in range(4):
            township = Township._base_manager.create(
                county=county, name=f"基准{z}{t}镇", slug=f"b{z}{t}", order=z * 4 + t
            )
            ZoneMembership._base_manager.create(zone=zone, township=township, start_date=start)
            townships.append(township)

    def day():
        return start + datetime.timedelta(days=rng.randrange(730))

    sources = ClueSource.values
    methods = DisposalMethod.values
    batch = []
    for i in range(n_clues):
        received = day()
        decided = received + datetime.timedelta(days=rng.randrange(1, 30)) if rng.random() < 0.8 else None
        batch.append(
            Clue(
                county=county,
                number=f"XS-B-{i:07d}",
                received_on=received,
                source=rng.choice(sources),
                domain="subsidies",
                township=rng.choice(townships) if rng.random() < 0.95 else None,
                summary=f"基准线索{i}",
                is_duplicate=False,
                disposal_method=rng.choice(methods) if decided else "",
                decided_on=min(decided, today) if decided else None,
                status="disposing" if decided else "registered",
            )
        )
        if len(batch) == 5000:
            Clue._base_manager.bulk_create(batch)
            batch = []
    Clue._base_manager.bulk_create(batch)

    n_cases = n_clues * 3 // 10
    cases = []
    for i in range(n_cases):
        filed = day()
        concluded = filed + datetime.timedelta(days=rng.randrange(30, 200))
        cases.append(
            Case(
                county=county,
                number=f"LA-B-{i:07d}",
                title=f"基准案件{i}",
                filed_on=filed,
                approver=user,
                township=rng.choice(townships),
                investigation_due=filed + datetime.timedelta(days=90),
                concluded_on=concluded if concluded <= today else None,
                status="concluded" if concluded <= today else "investigating",
                recovered_amount=Decimal(rng.randrange(0, 5_000_000)) / 100,
                returned_amount=Decimal(rng.randrange(0, 2_000_000)) / 100,
            )
        )
    Case._base_manager.bulk_create(cases, batch_size=5000)
    persons = [
        Person(
            county=county,
            name=f"人员{i}",
            name_key=f"人员{i}",
            unit="某村",
            unit_key="某村",
            cadre_level=rng.choice(CadreLevel.values),
            political_status="party_member",
            is_public_official=True,
        )
        for i in range(n_cases)
    ]
    Person._base_manager.bulk_create(persons, batch_size=5000)
    kinds = list(MEASURE_TYPE_OF)
    links, measures = [], []
    for case, person in zip(cases, persons, strict=True):
        kind = rng.choice(kinds)
        decided = case.filed_on + datetime.timedelta(days=rng.randrange(10, 90))
        links.append(CasePerson(case=case, person=person, form=FORM_OF[kind], form_decided_on=decided))
    CasePerson._base_manager.bulk_create(links, batch_size=5000)
    for link in links:
        kind = rng.choice(kinds)
        measures.append(
            Measure(
                county=county,
                township=link.case.township,
                person=link.person,
                case_person=link,
                kind=kind,
                measure_type=MEASURE_TYPE_OF[kind],
                form=FORM_OF[kind],
                decided_on=link.form_decided_on,
            )
        )
    Measure._base_manager.bulk_create(measures, batch_size=5000)

    letters = []
    for i in range(n_clues // 10):
        township = rng.choice(townships)
        letters.append(
            Letter(
                county=county,
                number=f"ZG-B-{i:07d}",
                subject=f"基准整改{i}",
                unit_kind="township",
                addressee_township=township,
                township=township,
                approver=user,
                issued_by=user,
                issued_on=day(),
            )
        )
    Letter._base_manager.bulk_create(letters, batch_size=5000)
    items = []
    for letter in letters:
        for seq in range(1, 6):
            due = letter.issued_on + datetime.timedelta(days=rng.randrange(10, 90))
            closed = due + datetime.timedelta(days=rng.randrange(-20, 40)) if rng.random() < 0.7 else None
            closed = closed if closed and letter.issued_on <= closed <= today else None
            items.append(
                Item(
                    letter=letter,
                    seq=seq,
                    description="基准问题",
                    responsible_person="某人",
                    due_on=due,
                    status="closed" if closed else "rectifying",
                    closed_on=closed,
                )
            )
    Item._base_manager.bulk_create(items, batch_size=5000)
    return {"county": county, "cases": n_cases, "items": len(items)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clues", type=int, default=100_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from reports.periods import Period
    from reports.scopes import build_scope
    from reports.selectors import ledgers, stats
    from reports.workbook import write_workbook

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
        data = timed(f"generate {args.clues:,} clues and the rest", generate, args.clues)
        print(f"  cases {data['cases']:,}, persons with measures {data['cases']:,}, items {data['items']:,}")
        if connection.vendor == "postgresql":
            # Fresh bulk inserts have no planner statistics until autovacuum gets to them.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        today = datetime.date.today()
        county = build_scope("county", data["county"].pk)
        zone = build_scope("zone", county.groups[0].id)
        quarter = Period.previous_quarter(today)
        year = Period(today - datetime.timedelta(days=364), today)
        for label, period, scope in (
            ("stats(): county, one quarter", quarter, county),
            ("stats(): county, last 12 months", year, county),
            ("stats(): zone, last 12 months", year, zone),
        ):
            with CaptureQueriesContext(connection) as queries:
                result = timed(label, stats, period=period, scope=scope)
            slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
            print(f"  {len(queries.captured_queries)} queries, slowest {slowest['time']} s: {slowest['sql'][:90]}…")
            total = result.total.values
            print("  " + "，".join(f"{result.by_key[k].short_label} {total[k]}" for k in KEY_FIGURES))
        with tempfile.TemporaryDirectory() as tmp:
            for label, period in (
                ("workbook: county, one quarter", quarter),
                ("workbook: county, last 12 months", year),
            ):
                path = Path(tmp) / "bench.xlsx"

                def build(period=period, path=path):
                    s = stats(period=period, scope=county)
                    write_workbook(path, stats=s, ledgers=ledgers(period=period, scope=county))

                with CaptureQueriesContext(connection) as queries:
                    timed(label, build)
                slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
                print(
                    f"  {path.stat().st_size / 1e6:.1f} MB, {len(queries.captured_queries)} queries,"
                    f" slowest {slowest['time']} s: {slowest['sql'][:90]}…"
                )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
