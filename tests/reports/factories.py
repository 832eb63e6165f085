"""Records for the statistics tests, made through the other apps' services where they allow past dates.

Clues are created directly (as the cases tests do): their registration service stamps today's
deadlines; what statistics read is only the dates, township, source, method and duplicate flag.
"""

import datetime
import itertools
from decimal import Decimal

from cases import services as case_services
from clues.models import Clue
from rectification import services as rect_services
from rectification.models import Item
from tests.factories import PersonFactory

_seq = itertools.count(1)
D = datetime.date


def clue(
    world,
    *,
    township,
    received_on,
    source="petition",
    duplicate_of=None,
    method="",
    decided_on=None,
    county=None,
    summary="反映村干部优亲厚友问题",
    category="accusation",
):
    return Clue.objects.create(
        county=county or (township.county if township else world.county),
        number=f"XS-R-{next(_seq):05d}",
        received_on=received_on,
        source=source,
        domain="subsidies",
        township=township,
        summary=summary,
        category=category,
        is_duplicate=duplicate_of is not None,
        duplicate_of=duplicate_of,
        status="disposing" if method else "registered",
        disposal_method=method,
        decided_on=decided_on,
    )


def person(world, *, name, cadre_level="section", member=True, official=True):
    return PersonFactory(
        county=world.county,
        name=name,
        cadre_level=cadre_level,
        political_status="party_member" if member else "non_member",
        is_public_official=official,
    )


def case(world, *, township, filed_on, persons=(), title="某某涉嫌截留惠农补贴问题"):
    return case_services.case_file(
        county=world.county,
        title=title,
        filed_on=filed_on,
        approver=world.leader,
        user=world.officer,
        township=township,
        persons=persons,
    )


def measure(world, case_obj, who, kind, decided_on):
    cp = case_obj.persons.get(person=who)
    return case_services.measure_record(case_person=cp, kind=kind, decided_on=decided_on, user=world.officer)


def conclude(world, case_obj, *, decided_on, concluded_on, recovered="0", returned="0"):
    case_services.case_start(case=case_obj, user=world.officer)
    case_services.case_send_to_review(case=case_obj, user=world.officer, received_on=decided_on)
    case_services.case_decide(case=case_obj, user=world.officer, review_concluded_on=decided_on, decided_on=decided_on)
    return case_services.case_conclude(
        case=case_obj,
        user=world.officer,
        concluded_on=concluded_on,
        recovered_amount=Decimal(recovered),
        returned_amount=Decimal(returned),
    )


def letter(world, *, issued_on, items, township=None, department=None):
    """A letter issued through the service; ``items`` are (due_on, closed_on or None)."""
    issued = rect_services.letter_issue(
        county=world.county,
        kind="supervision",
        subject="关于惠民惠农补贴发放问题的整改督办",
        issued_on=issued_on,
        approver=world.leader,
        user=world.officer,
        addressee_township=township,
        addressee_department=department,
        items=[
            rect_services.ItemInput(
                description=f"问题{i + 1}", responsible_person="王某 村支书", due_on=due, finding="监督检查发现"
            )
            for i, (due, _closed) in enumerate(items)
        ],
    )
    for item, (_due, closed) in zip(issued.items.order_by("seq"), items, strict=True):
        if closed is not None:
            # Close-off stamps today; history needs its own date.
            Item.objects.filter(pk=item.pk).update(status="closed", closed_on=closed)
    return issued
