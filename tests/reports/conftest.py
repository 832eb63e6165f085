import datetime

import pytest

from . import factories as f

D = datetime.date


@pytest.fixture
def q2_data(world):
    """Records around 2025 Q2 in every township of county A, one in county B, and some last year."""
    w = world
    c1 = f.clue(
        w,
        township=w.t1,
        received_on=D(2025, 4, 10),
        source="petition",
        method="verification",
        decided_on=D(2025, 4, 15),
    )
    f.clue(w, township=w.t1, received_on=D(2025, 5, 20), source="qr_code")
    f.clue(w, township=w.t1, received_on=D(2025, 5, 1), duplicate_of=c1)  # duplicate: not counted
    f.clue(w, township=w.t1, received_on=D(2025, 3, 31))  # Q1
    f.clue(w, township=w.t1, received_on=D(2025, 5, 2), category="appeal")  # an appeal: answered, not a clue
    f.clue(
        w, township=w.t2, received_on=D(2025, 6, 30), source="supervision", method="inquiry", decided_on=D(2025, 7, 1)
    )
    f.clue(w, township=w.t3, received_on=D(2024, 5, 5))  # last year's Q2
    f.clue(w, township=None, received_on=D(2025, 4, 2), source="audit")  # a county department
    f.clue(w, township=w.tb, received_on=D(2025, 4, 10))  # county B: never in county A's figures

    p1 = f.person(w, name="李一", cadre_level="section")
    p2 = f.person(w, name="王二", cadre_level="other", member=False, official=False)
    p3 = f.person(w, name="赵三", cadre_level="general")
    a = f.case(w, township=w.t1, filed_on=D(2025, 4, 20), persons=[p1, p2])
    f.measure(w, a, p1, "party_warning", D(2025, 5, 10))
    f.measure(w, a, p1, "gov_demerit", D(2025, 5, 10))
    f.measure(w, a, p2, "org_criticism", D(2025, 5, 12))
    f.conclude(w, a, decided_on=D(2025, 6, 10), concluded_on=D(2025, 6, 15), recovered="12345.67", returned="5000")
    b = f.case(w, township=w.t2, filed_on=D(2025, 3, 1), persons=[p3])
    f.measure(w, b, p3, "party_expulsion", D(2025, 4, 30))
    f.measure(w, b, p3, "judicial_transfer", D(2025, 4, 30))
    f.case(w, township=w.t3, filed_on=D(2025, 7, 5), persons=[])

    f.letter(w, township=w.t1, issued_on=D(2025, 4, 8), items=[(D(2025, 5, 8), D(2025, 5, 30)), (D(2025, 6, 1), None)])
    f.letter(w, township=w.t3, issued_on=D(2025, 1, 15), items=[(D(2025, 3, 1), D(2025, 7, 10))])
    f.letter(w, department=w.dept, issued_on=D(2025, 5, 5), items=[(D(2025, 12, 31), None)])
    return w


@pytest.fixture
def reports_worker(celery_worker_app):
    """The shared real worker (a fixture of its own so the reports tests read alike)."""
    return celery_worker_app
