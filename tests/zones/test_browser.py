"""The jurisdiction pages in a real Chromium: an administrator builds and changes a zone end to end."""

import datetime

import pytest
from django.utils import timezone

from zones.models import Township, Village, VillageCommitteeMember, VillageGroup, VillageSupervisor, Zone

pytestmark = pytest.mark.browser


def test_admin_builds_a_zone_moves_a_township_and_keeps_the_roster(zones_page, world):
    page = zones_page
    page.login(world.admin)
    today = timezone.localdate()

    # A new zone for 甲县.
    page.goto(f"{page.base}/zones/")
    page.get_by_role("link", name="新建协作区").click()
    page.select_option("select[name=county]", label="甲县")
    page.fill("input[name=name]", "第三协作区")
    page.select_option("select[name=coordinating_department]", label="第一纪检监察室")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"{page.base}/zones/*/")
    zone3 = Zone.objects.get(name="第三协作区")
    assert page.locator("h1").inner_text().strip().startswith("第三协作区")

    # A member township created from the zone page.
    page.get_by_role("link", name="新建成员乡镇").click()
    page.fill("input[name=name]", "北寨镇")
    page.fill("input[name=slug]", "beizhai")
    page.fill("input[name=joined_on]", "2024-01-01")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"{page.base}/zones/townships/*/")
    beizhai = Township.objects.get(slug="beizhai")
    assert beizhai.zone_memberships.get().zone == zone3

    # Moved to 第一协作区 today: the history keeps both, with dates.
    yesterday = today - datetime.timedelta(days=1)
    page.get_by_role("link", name="调整协作区").click()
    page.select_option("select[name=zone]", label="第一协作区")
    page.fill("input[name=on_date]", today.isoformat())
    page.get_by_role("button", name="确认调整").click()
    page.wait_for_url(f"{page.base}/zones/townships/{beizhai.pk}/")
    history = list(beizhai.zone_memberships.order_by("start_date").values_list("zone__name", "start_date", "end_date"))
    assert history == [("第三协作区", datetime.date(2024, 1, 1), yesterday), ("第一协作区", today, None)]
    body = page.locator("main").inner_text()
    assert "第三协作区" in body
    assert "第一协作区" in body

    # A village, a group, a supervisor and a committee member.
    page.get_by_role("link", name="新建村（社区）").click()
    page.fill("input[name=name]", "红旗村")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"{page.base}/zones/villages/*/")
    village = Village.objects.get(name="红旗村", township=beizhai)

    page.get_by_role("link", name="新建村民小组").click()
    page.fill("input[name=name]", "一社")
    page.get_by_role("button", name="保存").click()
    group = VillageGroup.objects.get(village=village, name="一社")
    page.goto(f"{page.base}/zones/groups/{group.pk}/")
    page.get_by_role("link", name="任命监督员").first.click()
    page.fill("input[name=name]", "马小梅")
    page.fill("input[name=phone]", "13900001111")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"{page.base}/zones/groups/{group.pk}/")
    supervisor = VillageSupervisor.objects.get(name="马小梅")
    assert supervisor.group == group
    assert "马小梅" in page.locator("main").inner_text()

    page.goto(f"{page.base}/zones/villages/{village.pk}/")
    page.get_by_role("link", name="任命成员").click()
    page.fill("input[name=name]", "赵主任")
    page.select_option("select[name=position]", label="村监委主任")
    page.get_by_role("button", name="保存").click()
    assert VillageCommitteeMember.objects.get(name="赵主任").village == village

    # Edit the supervisor's phone, then end the term.
    page.goto(f"{page.base}/zones/supervisors/{supervisor.pk}/")
    page.get_by_role("link", name="编辑").click()
    page.fill("input[name=phone]", "13900002222")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"{page.base}/zones/**")
    supervisor.refresh_from_db()
    assert supervisor.phone == "13900002222"
    page.goto(f"{page.base}/zones/supervisors/{supervisor.pk}/")
    page.get_by_role("link", name="办理离任").click()
    page.get_by_role("button", name="确认离任").click()
    page.wait_for_url(f"{page.base}/zones/**")
    supervisor.refresh_from_db()
    assert not supervisor.active
    assert supervisor.ended_on == today

    # With nobody left in office the group can be deactivated (the confirm dialog is accepted).
    page.goto(f"{page.base}/zones/groups/{group.pk}/")
    page.get_by_role("button", name="停用").click()
    page.wait_for_load_state()
    group.refresh_from_db()
    assert not group.active

    # Lists: search and filter.
    page.goto(f"{page.base}/zones/townships/")
    page.fill("input[name=q]", "北寨")
    page.get_by_role("button", name="筛选").click()
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert "北寨镇" in rows.first.inner_text()
    page.goto(f"{page.base}/zones/supervisors/")
    page.fill("input[name=q]", "马小梅")
    page.select_option("select[name=active]", label="已离任")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**/zones/supervisors/?*")
    assert "马小梅" in page.locator("table tbody").inner_text()
    page.select_option("select[name=active]", label="在任")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**active=true*")
    assert "马小梅" not in page.locator("table tbody").inner_text()
