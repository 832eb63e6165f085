import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from clues import services
from tests.factories import PersonFactory

LIST = reverse("clues:clue_list")
EXPORT = reverse("clues:clue_export")


@pytest.mark.django_db
def test_ledger_filters_by_township_status_search_and_mine(client, world, make_clue):
    a = make_clue(summary="清源镇城关村低保优亲厚友")
    b = make_clue(township=world.t2, village=world.v2, summary="庆坪镇老王沟村工程款")
    services.clue_assign(
        clue=b, user=world.officer, handling_mode="self", receiving_department=world.dept, assignee=world.officer
    )
    client.force_login(world.officer)
    html = client.get(LIST).content.decode()
    assert a.number in html and b.number in html
    html = client.get(LIST, {"township": world.t2.pk}).content.decode()
    assert b.number in html and a.number not in html
    html = client.get(LIST, {"status": "assigned"}).content.decode()
    assert b.number in html and a.number not in html
    html = client.get(LIST, {"q": "优亲厚友"}).content.decode()
    assert a.number in html and b.number not in html
    html = client.get(LIST, {"mine": "true"}).content.decode()
    assert b.number in html and a.number not in html


@pytest.mark.django_db
def test_ledger_shows_overdue_queue_counts_and_filters_a_queue(client, world, make_clue, today):
    late = make_clue(received_on=today - datetime.timedelta(days=20))
    fresh = make_clue(received_on=today)
    client.force_login(world.petition)
    html = client.get(LIST).content.decode()
    assert "逾期·待分办" in html
    html = client.get(LIST, {"overdue": "true", "queue": "assign"}).content.decode()
    assert late.number in html and fresh.number not in html
    assert "待分办逾期" in html


@pytest.mark.django_db
def test_ledger_scope_hides_other_townships_and_counties(client, world, make_clue):
    mine = make_clue()
    other = make_clue(township=world.t2, village=world.v2)
    client.force_login(world.tw1)
    html = client.get(LIST).content.decode()
    assert mine.number in html and other.number not in html
    client.force_login(world.outsider)
    html = client.get(LIST).content.decode()
    assert mine.number not in html and other.number not in html


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["admin", "nobody"])
def test_ledger_is_404_for_users_without_content_roles(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(LIST).status_code == 404
    assert client.get(EXPORT).status_code == 404


@pytest.mark.django_db
def test_invalid_filter_shows_message_not_error(client, world, make_clue):
    make_clue()
    client.force_login(world.petition)
    response = client.get(LIST, {"received_from": "2024-99-99"})
    assert response.status_code == 200
    assert "筛选条件有误" in response.content.decode()


def _rows(make_clue, world, n):
    for i in range(n):
        make_clue(
            persons=[
                {"name": f"李{i}", "unit": "城关村委会", "cadre_level": "other", "political_status": "non_member"},
                {"name": f"赵{i}", "unit": "城关村委会", "cadre_level": "section", "political_status": "party_member"},
            ],
            problem_types=["withholding", "favoritism"],
        )


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50])
def test_ledger_query_budget_does_not_grow_with_rows(client, world, make_clue, count, django_assert_max_num_queries):
    _rows(make_clue, world, count)
    client.force_login(world.petition)
    with django_assert_max_num_queries(20):
        response = client.get(LIST, {"page_size": 50})
    assert response.content.decode().count('class="font-monospace"') == min(count, 50)


@pytest.mark.django_db
def test_export_has_chinese_headers_formula_safe_text_and_is_audited(client, world, make_clue):
    make_clue(
        summary='=HYPERLINK("http://x")恶意公式',
        persons=[{"name": "@张三", "unit": "+城关村", "cadre_level": "other", "political_status": "non_member"}],
    )
    make_clue(township=world.t2, village=world.v2, summary="-庆坪镇线索")
    make_clue(is_anonymous=False, reporter={"name": "李秀英", "phone": "13909321234"}, summary="实名线索")
    client.force_login(world.petition)
    response = client.get(EXPORT, {"township": world.t1.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in ws[1]]
    assert header[:3] == ["编号", "受理日期", "信访举报分类"]
    assert ws.freeze_panes == "A2"
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == 2
    summaries = {r[13].value: r[13] for r in rows}
    cell = summaries['=HYPERLINK("http://x")恶意公式']
    assert cell.data_type == "s"
    persons = next(r[6] for r in rows if r[6].value.startswith("@"))
    assert persons.data_type == "s"
    assert isinstance(rows[0][1].value, datetime.datetime | datetime.date)
    text = str([[c.value for c in r] for r in rows])
    assert "李秀英" not in text and "已保密" in text
    assert "-庆坪镇线索" not in text
    event = AuditEvent.objects.get(action="export", actor=world.petition)
    assert "2" in event.detail


@pytest.mark.django_db
def test_export_query_budget(client, world, make_clue, django_assert_max_num_queries):
    _rows(make_clue, world, 30)
    client.force_login(world.petition)
    with django_assert_max_num_queries(20):
        assert client.get(EXPORT).status_code == 200


@pytest.mark.django_db
def test_person_page_lists_clues_and_outsider_gets_404(client, world, make_clue, django_assert_max_num_queries):
    person = PersonFactory(county=world.county, township=world.t1, name="张德明", unit="城关村村民委员会")
    first = make_clue(persons=[{"person": person, "position": "村委会主任"}])
    second = make_clue(persons=[{"person": person}])
    client.force_login(world.officer)
    url = reverse("clues:person_detail", args=[person.pk])
    with django_assert_max_num_queries(25):
        html = client.get(url).content.decode()
    assert first.number in html and second.number in html and "村委会主任" in html
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_person_merge_moves_clues_to_the_kept_record(client, world, make_clue):
    kept = PersonFactory(county=world.county, township=world.t1, name="张德明", unit="城关村村民委员会")
    dup = PersonFactory(county=world.county, township=world.t1, name="张 德明", unit="城关村委会")
    clue = make_clue(persons=[{"person": dup}])
    client.force_login(world.officer)
    url = reverse("clues:person_detail", args=[dup.pk])
    assert "合并重复的人员记录" in client.get(url).content.decode()
    response = client.post(url, {"target": kept.pk})
    assert response.status_code == 302
    dup.refresh_from_db()
    assert dup.merged_into == kept
    assert clue.subjects.get().person == kept
    client.force_login(world.auditor)
    assert client.post(url, {"target": kept.pk}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["petition", "officer", "auditor"])
def test_search_and_lists_never_reveal_the_reporter(client, world, make_clue, persona):
    """The reporter's identity is not searchable and not shown in the ledger, the API list or the export,
    not even to the petition office (it sees the identity on the clue page, audit-logged)."""
    clue = make_clue(
        is_anonymous=False,
        reporter={"name": "欧阳明远", "phone": "13912345678", "id_number": "", "address": "城关村七社"},
    )
    client.force_login(getattr(world, persona))
    audited = AuditEvent.objects.filter(action="view_identity").count()
    assert clue.number not in client.get(LIST, {"q": "欧阳明远"}).content.decode()
    assert client.get("/api/clues/", {"q": "13912345678"}).json()["count"] == 0
    html = client.get(LIST).content.decode()
    listed = client.get("/api/clues/").json()["results"]
    assert clue.number in html and [row["reporter"] for row in listed] == ["已保密"]
    workbook = load_workbook(io.BytesIO(client.get(EXPORT).content))
    cells = " ".join(str(c.value) for row in workbook.active.iter_rows() for c in row if c.value is not None)
    for text in (html, str(listed), cells):
        assert "欧阳明远" not in text and "13912345678" not in text and "城关村七社" not in text
    assert "实名（已保密）" in cells
    assert AuditEvent.objects.filter(action="view_identity").count() == audited
