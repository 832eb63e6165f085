"""Writes on the jurisdiction: zones, townships, villages, groups and village rosters.

Web views, the REST API, the admin and the demo seeder all come through here. Every
function is keyword-only and takes the acting ``user``: when given, the target (or the
parent it is created under) must be within the user's ``manage`` reach; ``None`` is for
system jobs (demo data, imports) that act without a signed-in user.
"""

from __future__ import annotations

import datetime
import functools
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.context import acting, current

from .choices import CommitteePosition, DepartmentKind, SupervisorKind, TownshipKind, VillageKind
from .models import (
    County,
    Department,
    Township,
    Village,
    VillageCommitteeMember,
    VillageGroup,
    VillageSupervisor,
    Zone,
    ZoneMembership,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser as User  # people.User, an app above zones


class _Unset:
    def __repr__(self):
        return "UNSET"


# Default of the optional arguments of ``*_update``: the field keeps its value.
UNSET = _Unset()


def _attributed(func):
    """Attribute audit records to ``user`` when no request is already doing so."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        user = kwargs.get("user")
        if user is not None and current().actor is None:
            with acting(user=user, source=current().source):
                return func(*args, **kwargs)
        return func(*args, **kwargs)

    return wrapper


def _today() -> datetime.date:
    return timezone.localdate()


def _check_reach(user, obj: Model, field: str | None = None) -> None:
    """Refuse to act on ``obj`` (or under it) when it is outside the user's manage reach."""
    if user is None:
        return
    if not type(obj).objects.restrict(user, "manage").filter(pk=obj.pk).exists():
        message = _("“%(name)s”不在您的管理范围内。") % {"name": obj}
        raise ValidationError({field: message} if field else message)


def _check_active(obj: Model, field: str, label: str) -> None:
    if not obj.active:
        raise ValidationError({field: _("%(label)s“%(name)s”已停用，不能再使用。") % {"label": label, "name": obj}})


def _check_unique(queryset: QuerySet, field: str, value: str, message: str, exclude: Model | None = None) -> None:
    if exclude is not None and exclude.pk:
        queryset = queryset.exclude(pk=exclude.pk)
    if queryset.filter(**{field: value}).exists():
        raise ValidationError({field: message % {"value": value}})


def _check_not_future(value: datetime.date | None, field: str, label: str) -> None:
    if value and value > _today():
        raise ValidationError({field: _("%(label)s不能晚于今天。") % {"label": label}})


def _set(obj: Model, **values) -> None:
    for name, value in values.items():
        if value is UNSET:
            continue
        if isinstance(value, str):
            value = value.strip()
        setattr(obj, name, value)


# ---------------------------------------------------------------- zones


def _check_zone_roles(zone: Zone) -> None:
    if zone.leader_id is not None and not zone.leader.is_active:
        raise ValidationError({"leader": _("所选组长的账号已停用。")})
    department = zone.coordinating_department
    if department is not None:
        if department.county_id != zone.county_id:
            raise ValidationError({"coordinating_department": _("牵头纪检监察室应为本区县的部门。")})
        if department.kind != DepartmentKind.CASE_OFFICE:
            raise ValidationError({"coordinating_department": _("协作区应由一个纪检监察室牵头，请选择纪检监察室。")})
        if not department.active:
            raise ValidationError({"coordinating_department": _("所选部门已停用。")})


@_attributed
@transaction.atomic
def zone_create(
    *,
    county: County,
    name: str,
    leader: User | None = None,
    coordinating_department: Department | None = None,
    order: int = 0,
    user: User | None,
) -> Zone:
    """Create a collaboration zone in a county; townships join it through ``township_move_zone``."""
    _check_reach(user, county, "county")
    _check_active(county, "county", _("区县"))
    zone = Zone(county=county, name=name.strip(), leader=leader, coordinating_department=coordinating_department)
    zone.order = order
    _check_unique(Zone.objects.filter(county=county), "name", zone.name, _("本区县已有名为“%(value)s”的协作区。"))
    _check_zone_roles(zone)
    zone.full_clean()
    zone.save()
    return zone


@_attributed
@transaction.atomic
def zone_update(
    *,
    zone: Zone,
    name: str | _Unset = UNSET,
    leader: User | _Unset | None = UNSET,
    coordinating_department: Department | _Unset | None = UNSET,
    order: int | _Unset = UNSET,
    user: User | None,
) -> Zone:
    """Change a zone's name, leader, coordinating department or order."""
    _check_reach(user, zone)
    _set(zone, name=name, leader=leader, coordinating_department=coordinating_department, order=order)
    _check_unique(
        Zone.objects.filter(county_id=zone.county_id), "name", zone.name, _("本区县已有名为“%(value)s”的协作区。"), zone
    )
    _check_zone_roles(zone)
    zone.full_clean()
    zone.save()
    return zone


@_attributed
@transaction.atomic
def zone_deactivate(*, zone: Zone, user: User | None) -> Zone:
    """Retire a zone that no longer has member townships."""
    _check_reach(user, zone)
    members = ZoneMembership.objects.current().filter(zone=zone).select_related("township")
    if members:
        names = "、".join(m.township.name for m in members)
        raise ValidationError(
            _("协作区“%(zone)s”还有成员乡镇（%(names)s），请先将这些乡镇调整到其他协作区再停用。")
            % {"zone": zone, "names": names}
        )
    if zone.active:
        zone.active = False
        zone.full_clean()
        zone.save()
    return zone


@_attributed
@transaction.atomic
def zone_reactivate(*, zone: Zone, user: User | None) -> Zone:
    """Bring a retired zone back into use."""
    _check_reach(user, zone)
    if not zone.active:
        zone.active = True
        zone.full_clean()
        zone.save()
    return zone


# ---------------------------------------------------------------- townships


def _check_township_fields(township: Township) -> None:
    others = Township.objects.filter(county_id=township.county_id)
    _check_unique(others, "name", township.name, _("本区县已有名为“%(value)s”的乡镇。"), township)
    _check_unique(others, "slug", township.slug, _("拼音简称“%(value)s”已被本区县其他乡镇使用。"), township)


def _check_zone_for(township: Township, zone: Zone, user: User | None) -> None:
    _check_reach(user, zone, "zone")
    if zone.county_id != township.county_id:
        raise ValidationError({"zone": _("只能加入本区县的协作区。")})
    _check_active(zone, "zone", _("协作区"))


@_attributed
@transaction.atomic
def township_create(
    *,
    county: County,
    name: str,
    slug: str,
    kind: str = TownshipKind.TOWN,
    order: int = 0,
    zone: Zone | None = None,
    joined_on: datetime.date | None = None,
    user: User | None,
) -> Township:
    """Create a township and, when ``zone`` is given, open its membership from ``joined_on`` (default today)."""
    _check_reach(user, county, "county")
    _check_active(county, "county", _("区县"))
    township = Township(county=county, name=name.strip(), slug=slug.strip().lower(), kind=kind, order=order)
    _check_township_fields(township)
    township.full_clean()
    if zone is not None:
        _check_zone_for(township, zone, user)
        _check_not_future(joined_on, "joined_on", _("加入日期"))
    township.save()
    if zone is not None:
        membership = ZoneMembership(zone=zone, township=township, start_date=joined_on or _today())
        membership.full_clean()
        membership.save()
    return township


@_attributed
@transaction.atomic
def township_update(
    *,
    township: Township,
    name: str | _Unset = UNSET,
    slug: str | _Unset = UNSET,
    kind: str | _Unset = UNSET,
    order: int | _Unset = UNSET,
    user: User | None,
) -> Township:
    """Change a township's name, short name, kind or order (its zone changes through ``township_move_zone``)."""
    _check_reach(user, township)
    _set(township, name=name, kind=kind, order=order)
    if slug is not UNSET:
        township.slug = slug.strip().lower()
    _check_township_fields(township)
    township.full_clean()
    township.save()
    return township


@_attributed
@transaction.atomic
def township_deactivate(*, township: Township, on_date: datetime.date | None = None, user: User | None) -> Township:
    """Retire a township without active villages; its zone membership ends on ``on_date`` (default today)."""
    _check_reach(user, township)
    on_date = on_date or _today()
    _check_not_future(on_date, "on_date", _("停用日期"))
    villages = township.villages.filter(active=True).count()
    if villages:
        raise ValidationError(
            _("乡镇“%(name)s”下还有 %(count)d 个在用的村（社区），请先停用或处理这些村后再停用乡镇。")
            % {"name": township, "count": villages}
        )
    membership = ZoneMembership.objects.current().filter(township=township).first()
    if membership is not None:
        if on_date < membership.start_date:
            raise ValidationError(
                {"on_date": _("停用日期不能早于加入现协作区的日期（%(date)s）。") % {"date": membership.start_date}}
            )
        membership.end_date = on_date
        membership.full_clean()
        membership.save()
    if township.active:
        township.active = False
        township.full_clean()
        township.save()
    return township


@_attributed
@transaction.atomic
def township_reactivate(*, township: Township, user: User | None) -> Township:
    """Bring a retired township back into use (then move it into a zone)."""
    _check_reach(user, township)
    if not township.active:
        township.active = True
        township.full_clean()
        township.save()
    return township


@_attributed
@transaction.atomic
def township_move_zone(*, township: Township, zone: Zone, on_date: datetime.date, user: User | None) -> ZoneMembership:
    """Move a township into ``zone`` from ``on_date``, keeping its membership history.

    1. Lock the township row so two moves of the same township queue up.
    2. The current membership ends the day before ``on_date``; a membership that began on
       ``on_date`` itself is a same-day correction and is re-pointed instead.
    3. A new open membership starts on ``on_date``. The database keeps one open
       membership per township (``township_one_current_zone``).
    """
    _check_reach(user, township)
    township = Township.objects.select_for_update().get(pk=township.pk)
    _check_active(township, "township", _("乡镇"))
    _check_zone_for(township, zone, user)
    if on_date is None:
        raise ValidationError({"on_date": _("请填写调整日期。")})
    _check_not_future(on_date, "on_date", _("调整日期"))
    history = ZoneMembership.objects.filter(township=township)
    current_membership = history.filter(end_date__isnull=True).select_related("zone").first()
    if current_membership is not None:
        if current_membership.zone_id == zone.pk:
            raise ValidationError({"zone": _("该乡镇目前已在“%(zone)s”，无需调整。") % {"zone": zone}})
        if on_date < current_membership.start_date:
            raise ValidationError(
                {
                    "on_date": _("调整日期不能早于加入现协作区“%(zone)s”的日期（%(date)s）。")
                    % {"zone": current_membership.zone, "date": current_membership.start_date}
                }
            )
        if on_date == current_membership.start_date:
            current_membership.zone = zone
            current_membership.full_clean()
            current_membership.save()
            return current_membership
        current_membership.end_date = on_date - datetime.timedelta(days=1)
        current_membership.full_clean()
        current_membership.save()
    last_end = history.filter(end_date__isnull=False).order_by("-end_date").values_list("end_date", flat=True).first()
    if current_membership is None and last_end is not None and on_date <= last_end:
        raise ValidationError(
            {"on_date": _("调整日期应晚于上一段成员关系的退出日期（%(date)s）。") % {"date": last_end}}
        )
    membership = ZoneMembership(zone=zone, township=township, start_date=on_date)
    membership.full_clean()
    membership.save()
    return membership


# ---------------------------------------------------------------- villages and groups


@_attributed
@transaction.atomic
def village_create(*, township: Township, name: str, kind: str = VillageKind.VILLAGE, user: User | None) -> Village:
    """Create a village or community under a township."""
    _check_reach(user, township, "township")
    _check_active(township, "township", _("乡镇"))
    village = Village(township=township, name=name.strip(), kind=kind)
    _check_unique(township.villages.all(), "name", village.name, _("本乡镇已有名为“%(value)s”的村（社区）。"))
    village.full_clean()
    village.save()
    return village


@_attributed
@transaction.atomic
def village_update(
    *, village: Village, name: str | _Unset = UNSET, kind: str | _Unset = UNSET, user: User | None
) -> Village:
    """Change a village's name or kind."""
    _check_reach(user, village)
    _set(village, name=name, kind=kind)
    _check_unique(
        Village.objects.filter(township_id=village.township_id),
        "name",
        village.name,
        _("本乡镇已有名为“%(value)s”的村（社区）。"),
        village,
    )
    village.full_clean()
    village.save()
    return village


@_attributed
@transaction.atomic
def village_deactivate(*, village: Village, user: User | None) -> Village:
    """Retire a village whose groups and supervision committee have been wound up."""
    _check_reach(user, village)
    groups = village.groups.filter(active=True).count()
    members = village.committee_members.filter(active=True).count()
    if groups or members:
        raise ValidationError(
            _(
                "“%(name)s”还有 %(groups)d 个在用的村民小组、%(members)d 名在任村监委成员，"
                "请先停用小组并办理成员离任后再停用该村。"
            )
            % {"name": village, "groups": groups, "members": members}
        )
    if village.active:
        village.active = False
        village.full_clean()
        village.save()
    return village


@_attributed
@transaction.atomic
def village_reactivate(*, village: Village, user: User | None) -> Village:
    """Bring a retired village back into use."""
    _check_reach(user, village)
    _check_active(village.township, "township", _("乡镇"))
    if not village.active:
        village.active = True
        village.full_clean()
        village.save()
    return village


@_attributed
@transaction.atomic
def group_create(*, village: Village, name: str, user: User | None) -> VillageGroup:
    """Create a village group (村民小组/社)."""
    _check_reach(user, village, "village")
    _check_active(village, "village", _("村（社区）"))
    group = VillageGroup(village=village, name=name.strip())
    _check_unique(village.groups.all(), "name", group.name, _("本村已有名为“%(value)s”的村民小组。"))
    group.full_clean()
    group.save()
    return group


@_attributed
@transaction.atomic
def group_update(*, group: VillageGroup, name: str | _Unset = UNSET, user: User | None) -> VillageGroup:
    """Rename a village group."""
    _check_reach(user, group)
    _set(group, name=name)
    _check_unique(
        VillageGroup.objects.filter(village_id=group.village_id),
        "name",
        group.name,
        _("本村已有名为“%(value)s”的村民小组。"),
        group,
    )
    group.full_clean()
    group.save()
    return group


@_attributed
@transaction.atomic
def group_deactivate(*, group: VillageGroup, user: User | None) -> VillageGroup:
    """Retire a village group that has no supervisor in office."""
    _check_reach(user, group)
    active = group.supervisors.filter(active=True).count()
    if active:
        raise ValidationError(
            _("“%(name)s”还有 %(count)d 名在任监督员，请先办理离任后再停用该小组。") % {"name": group, "count": active}
        )
    if group.active:
        group.active = False
        group.full_clean()
        group.save()
    return group


@_attributed
@transaction.atomic
def group_reactivate(*, group: VillageGroup, user: User | None) -> VillageGroup:
    """Bring a retired village group back into use."""
    _check_reach(user, group)
    _check_active(group.village, "village", _("村（社区）"))
    if not group.active:
        group.active = True
        group.full_clean()
        group.save()
    return group


# ---------------------------------------------------------------- rosters


def _check_appointment_dates(appointed_on: datetime.date | None, ended_on: datetime.date | None = None) -> None:
    if appointed_on is None:
        raise ValidationError({"appointed_on": _("请填写任职日期。")})
    _check_not_future(appointed_on, "appointed_on", _("任职日期"))
    if ended_on is not None:
        _check_not_future(ended_on, "ended_on", _("离任日期"))
        if ended_on < appointed_on:
            raise ValidationError({"ended_on": _("离任日期不能早于任职日期（%(date)s）。") % {"date": appointed_on}})


def _check_account(model, account, exclude: Model | None = None) -> None:
    if account is None:
        return
    if not account.is_active:
        raise ValidationError({"account": _("所选系统账号已停用。")})
    clash = model.objects.filter(user=account)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise ValidationError({"account": _("该系统账号已关联其他人员。")})


def _check_group_room(group: VillageGroup, exclude: VillageSupervisor | None = None) -> None:
    """Hold the 1–3 rule: lock the group, then count who is in office."""
    VillageGroup.objects.select_for_update().filter(pk=group.pk).first()
    in_office = VillageSupervisor.objects.filter(group=group, active=True)
    if exclude is not None and exclude.pk:
        in_office = in_office.exclude(pk=exclude.pk)
    names = list(in_office.order_by("appointed_on", "pk").values_list("name", flat=True))
    if len(names) >= VillageSupervisor.MAX_ACTIVE_PER_GROUP:
        raise ValidationError(
            {
                "group": _(
                    "“%(group)s”已有 %(count)d 名在任监督员（%(names)s），每个村民小组最多 %(max)d 名；"
                    "请先为其中一人办理离任。"
                )
                % {
                    "group": group,
                    "count": len(names),
                    "names": "、".join(names),
                    "max": VillageSupervisor.MAX_ACTIVE_PER_GROUP,
                }
            }
        )


@_attributed
@transaction.atomic
def supervisor_appoint(
    *,
    group: VillageGroup,
    name: str,
    appointed_on: datetime.date,
    phone: str = "",
    kind: str = SupervisorKind.INTEGRITY,
    account: User | None = None,
    user: User | None,
) -> VillageSupervisor:
    """Appoint a village supervisor (廉情监督员) to a group that has fewer than three in office."""
    _check_reach(user, group, "group")
    _check_active(group, "group", _("村民小组"))
    _check_appointment_dates(appointed_on)
    _check_account(VillageSupervisor, account)
    supervisor = VillageSupervisor(
        group=group, name=name.strip(), phone=phone.strip(), appointed_on=appointed_on, kind=kind, user=account
    )
    supervisor.full_clean()
    _check_group_room(group)
    supervisor.save()
    return supervisor


@_attributed
@transaction.atomic
def supervisor_update(
    *,
    supervisor: VillageSupervisor,
    name: str | _Unset = UNSET,
    phone: str | _Unset = UNSET,
    kind: str | _Unset = UNSET,
    appointed_on: datetime.date | _Unset = UNSET,
    group: VillageGroup | _Unset = UNSET,
    account: User | _Unset | None = UNSET,
    user: User | None,
) -> VillageSupervisor:
    """Correct a supervisor's details or move them to another group (which must have room)."""
    _check_reach(user, supervisor)
    if group is not UNSET and group.pk != supervisor.group_id:
        _check_reach(user, group, "group")
        _check_active(group, "group", _("村民小组"))
        if supervisor.active:
            _check_group_room(group, exclude=supervisor)
    if account is not UNSET:
        _check_account(VillageSupervisor, account, exclude=supervisor)
        supervisor.user = account
    _set(supervisor, name=name, phone=phone, kind=kind, appointed_on=appointed_on, group=group)
    _check_appointment_dates(supervisor.appointed_on, supervisor.ended_on)
    supervisor.full_clean()
    supervisor.save()
    return supervisor


@_attributed
@transaction.atomic
def supervisor_end(*, supervisor: VillageSupervisor, ended_on: datetime.date, user: User | None) -> VillageSupervisor:
    """End a supervisor's term on ``ended_on``; the record stays on the roster as history."""
    _check_reach(user, supervisor)
    if not supervisor.active:
        raise ValidationError(_("“%(name)s”已于 %(date)s 离任。") % {"name": supervisor, "date": supervisor.ended_on})
    if ended_on is None:
        raise ValidationError({"ended_on": _("请填写离任日期。")})
    _check_appointment_dates(supervisor.appointed_on, ended_on)
    supervisor.ended_on = ended_on
    supervisor.active = False
    supervisor.full_clean()
    supervisor.save()
    return supervisor


def _check_one_director(village: Village, position: str, exclude: VillageCommitteeMember | None = None) -> None:
    if position != CommitteePosition.DIRECTOR:
        return
    Village.objects.select_for_update().filter(pk=village.pk).first()
    directors = VillageCommitteeMember.objects.filter(village=village, position=CommitteePosition.DIRECTOR, active=True)
    if exclude is not None and exclude.pk:
        directors = directors.exclude(pk=exclude.pk)
    director = directors.first()
    if director is not None:
        raise ValidationError(
            {
                "position": _("“%(village)s”已有在任村监委主任%(name)s，请先为其办理离任或改任委员。")
                % {"village": village, "name": director.name}
            }
        )


@_attributed
@transaction.atomic
def committee_member_appoint(
    *,
    village: Village,
    name: str,
    position: str,
    appointed_on: datetime.date,
    phone: str = "",
    account: User | None = None,
    user: User | None,
) -> VillageCommitteeMember:
    """Appoint a member of the village supervision committee (one director in office per village)."""
    _check_reach(user, village, "village")
    _check_active(village, "village", _("村（社区）"))
    _check_appointment_dates(appointed_on)
    _check_account(VillageCommitteeMember, account)
    member = VillageCommitteeMember(
        village=village, name=name.strip(), position=position, phone=phone.strip(), appointed_on=appointed_on
    )
    member.user = account
    _check_one_director(village, position)
    member.full_clean()
    member.save()
    return member


@_attributed
@transaction.atomic
def committee_member_update(
    *,
    member: VillageCommitteeMember,
    name: str | _Unset = UNSET,
    position: str | _Unset = UNSET,
    phone: str | _Unset = UNSET,
    appointed_on: datetime.date | _Unset = UNSET,
    account: User | _Unset | None = UNSET,
    user: User | None,
) -> VillageCommitteeMember:
    """Correct a committee member's details or change their position."""
    _check_reach(user, member)
    if account is not UNSET:
        _check_account(VillageCommitteeMember, account, exclude=member)
        member.user = account
    _set(member, name=name, position=position, phone=phone, appointed_on=appointed_on)
    _check_appointment_dates(member.appointed_on, member.ended_on)
    if member.active:
        _check_one_director(member.village, member.position, exclude=member)
    member.full_clean()
    member.save()
    return member


@_attributed
@transaction.atomic
def committee_member_end(
    *, member: VillageCommitteeMember, ended_on: datetime.date, user: User | None
) -> VillageCommitteeMember:
    """End a committee member's term on ``ended_on``; the record stays as history."""
    _check_reach(user, member)
    if not member.active:
        raise ValidationError(_("“%(name)s”已于 %(date)s 离任。") % {"name": member.name, "date": member.ended_on})
    if ended_on is None:
        raise ValidationError({"ended_on": _("请填写离任日期。")})
    _check_appointment_dates(member.appointed_on, ended_on)
    member.ended_on = ended_on
    member.active = False
    member.full_clean()
    member.save()
    return member
