import pytest
from django.core.exceptions import ValidationError

from reports.scopes import BUILD_ROLES, ScopeNotFound, default_scope, parse_scope, scope_choices


def keys(user, roles=None):
    return [c["key"] for c in (scope_choices(user, roles) if roles else scope_choices(user))]


def test_county_scope_groups_townships_by_zone(world):
    scope = parse_scope(f"county:{world.county.pk}", world.leader)
    assert [(g.name, [t.name for t in g.townships]) for g in scope.groups] == [
        ("第一协作区", ["清源镇", "庆坪镇"]),
        ("第二协作区", ["会川镇"]),
    ]
    assert scope.label == "甲县"
    assert scope.key == f"county:{world.county.pk}"


def test_zone_leader_reads_own_zone_and_its_townships(world):
    scope = parse_scope(f"zone:{world.zone1.pk}", world.zone1_leader)
    assert scope.township_ids == [world.t1.pk, world.t2.pk]
    assert parse_scope(f"township:{world.t2.pk}", world.zone1_leader).label == "甲县 · 庆坪镇"


@pytest.mark.parametrize(
    "raw",
    ["county:{county}", "zone:{zone2}", "township:{t3}", "township:{tb}", "county:{other}", "zone:999999"],
)
def test_zone_leader_cannot_ask_for_the_county_another_zone_or_unknown_ids(world, raw):
    raw = raw.format(
        county=world.county.pk, zone2=world.zone2.pk, t3=world.t3.pk, tb=world.tb.pk, other=world.other_county.pk
    )
    with pytest.raises(ScopeNotFound):
        parse_scope(raw, world.zone1_leader)


@pytest.mark.parametrize("raw", ["county", "county:", "region:1", "zone:abc", "zone:-1", "township:1:2"])
def test_malformed_scopes_are_a_chinese_field_error(world, raw):
    with pytest.raises(ValidationError) as info:
        parse_scope(raw, world.leader)
    assert "统计范围应为" in info.value.message_dict["scope"][0]


def test_default_scope_is_the_widest_the_user_reads(world):
    assert default_scope(world.leader).key == f"county:{world.county.pk}"
    assert default_scope(world.zone1_leader).key == f"zone:{world.zone1.pk}"
    assert default_scope(world.tw2).key == f"township:{world.t2.pk}"
    assert parse_scope("", world.zone2_leader).key == f"zone:{world.zone2.pk}"


def test_personas_see_the_scopes_of_their_jurisdiction_only(world):
    w = world
    county = [f"county:{w.county.pk}", f"zone:{w.zone1.pk}", f"zone:{w.zone2.pk}"] + [
        f"township:{t.pk}" for t in (w.t1, w.t2, w.t3)
    ]
    for persona in (w.leader, w.officer, w.petition, w.auditor):
        assert keys(persona) == county
    assert keys(w.zone1_leader) == [f"zone:{w.zone1.pk}", f"township:{w.t1.pk}", f"township:{w.t2.pk}"]
    assert keys(w.tw3) == [f"township:{w.t3.pk}"]
    assert keys(w.outsider) == [f"township:{w.tb.pk}"]
    for persona in (w.admin, w.vs2, w.nobody):
        assert keys(persona) == []
        assert default_scope(persona) is None


def test_township_officer_cannot_read_the_zone_of_their_township(world):
    with pytest.raises(ScopeNotFound):
        parse_scope(f"zone:{world.zone1.pk}", world.tw1)


def test_petition_officer_reads_statistics_but_does_not_build_workbooks(world):
    assert keys(world.petition, BUILD_ROLES) == []
    with pytest.raises(ScopeNotFound):
        parse_scope(f"county:{world.county.pk}", world.petition, roles=BUILD_ROLES)


def test_township_officer_alone_in_a_zone_still_cannot_read_the_zone(world):
    # 会川镇 is zone 2's only township: the officer reaches all of it, yet a zone is read by zone roles only.
    assert keys(world.tw3) == [f"township:{world.t3.pk}"]
    with pytest.raises(ScopeNotFound):
        parse_scope(f"zone:{world.zone2.pk}", world.tw3)
