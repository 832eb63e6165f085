"""Persons reported (被反映人): add one, merge duplicate records."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from people.models import Person, User
from people.roles import WORKING_ROLES
from people.scopes import scope_for
from zones.models import County, Township

from ..choices import EventKind
from ..models import ClueSubject
from .checks import _clean_text
from .permissions import _reaches
from .timeline import _event


@transaction.atomic
def person_merge(*, source: Person, target: Person, user: User) -> Person:
    """Merge a duplicate person record into ``target``: every clue link moves, the source is kept as merged."""
    if source.pk == target.pk:
        raise ValidationError({"target": _("不能与自身合并")})
    if source.county_id != target.county_id:
        raise ValidationError({"target": _("只能合并同一区县的被反映人")})
    if target.merged_into_id:
        raise ValidationError({"target": _("目标人员已被合并到其他人员，请选择最终人员")})
    if source.merged_into_id:
        raise ValidationError({"source": _("该人员已合并过")})
    allowed = Person.objects.restrict(user, "change").filter(pk__in=[source.pk, target.pk]).count()
    if allowed != 2:
        raise PermissionDenied(_("您无权合并这两名人员。"))
    links = list(ClueSubject.objects.filter(person=source).select_related("clue"))
    already = set(ClueSubject.objects.filter(person=target).values_list("clue_id", flat=True))
    for link in links:
        if link.clue_id in already:
            link.delete()
        else:
            link.person = target
            link.save(update_fields=["person"])
        _event(
            link.clue,
            kind=EventKind.PERSON_MERGE,
            user=user,
            from_status=link.clue.status,
            note=_("被反映人“%(source)s”合并至“%(target)s”") % {"source": source, "target": target},
            data={"source": source.pk, "target": target.pk},
        )
    moved_from = list(Person.objects.filter(merged_into=source))
    for person in moved_from:
        person.merged_into = target
        person.save(update_fields=["merged_into"])
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    return target


@transaction.atomic
def person_create(
    *,
    user: User,
    name: str,
    unit: str,
    cadre_level: str,
    political_status: str,
    position: str = "",
    is_public_official: bool = False,
    township: Township | None = None,
    county: County | None = None,
) -> Person:
    """Add a person reported (被反映人) in a county the user works in."""
    if county is None and township is not None:
        county = township.county
    if county is None:
        reach = scope_for(user).reach(WORKING_ROLES)
        if len(reach.counties) == 1:
            county = County.objects.get(pk=next(iter(reach.counties)))
    if county is None:
        raise ValidationError({"township": _("请选择被反映人所在乡镇")})
    if not _reaches(user, WORKING_ROLES, county_id=county.pk, township_id=township.pk if township else None):
        raise PermissionDenied(_("您无权在该区县（乡镇）新增人员。"))
    person = Person(
        county=county,
        township=township,
        name=_clean_text(name),
        unit=_clean_text(unit),
        position=_clean_text(position),
        cadre_level=cadre_level,
        political_status=political_status,
        is_public_official=is_public_official,
    )
    person.full_clean()
    person.save()
    return person
