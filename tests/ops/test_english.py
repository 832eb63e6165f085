"""The second locale: English pages, and a compiled catalogue that matches its source."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _po_entries(path: Path) -> list[dict]:
    """msgid / msgid_plural / msgstr[n] of every entry, with their flags (a small reader)."""
    entries, entry, key = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry or {"flags": "", "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] += line
            continue
        if line.startswith("#"):
            continue
        match = re.match(r'^(msgid|msgid_plural|msgstr)(?:\[(\d+)\])? (".*")$', line)
        value = eval(match.group(3) if match else line)  # noqa: S307 - a C string literal from our own file
        if match:
            key = (match.group(1), int(match.group(2) or 0))
            if key[0] == "msgstr":
                entry["msgstr"][key[1]] = value
            else:
                entry[key[0]] = value
        elif key[0] == "msgstr":
            entry["msgstr"][key[1]] += value
        else:
            entry[key[0]] += value
    return [e for e in entries if e.get("msgid")]


@pytest.fixture(scope="module")
def entries():
    return _po_entries(PO)


def test_the_catalogue_is_complete_and_nothing_is_fuzzy(entries):
    assert len(entries) > 1000
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not fuzzy, fuzzy[:10]
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    assert not untranslated, f"{len(untranslated)} strings without English, e.g. {untranslated[:5]}"


def test_english_has_no_chinese_left_but_in_examples_of_names(entries):
    """Examples such as “e.g. 庆坪镇” keep a real Chinese name; nothing else stays Chinese."""
    leftover = [
        (e["msgid"], text)
        for e in entries
        for text in e["msgstr"].values()
        if CJK.search(text) and not re.search(r"e\.g\.|“某某”|（清风）|清风\)", text)
    ]
    assert not leftover, leftover[:10]


def test_the_committed_mo_matches_the_po(entries):
    """The .mo is committed (no gettext needed to run); it must say what the .po says."""
    with MO.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    for entry in entries:
        if "msgid_plural" in entry:
            for index, text in entry["msgstr"].items():
                assert catalog.get((entry["msgid"], index)) == text, entry["msgid"]
        else:
            assert catalog.get(entry["msgid"]) == entry["msgstr"][0], entry["msgid"]


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.django_db
def test_login_page_in_english(english):
    html = english.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in html
    assert "<title>Sign in · Qingfeng</title>" in html
    for text in ("Username", "Password", "Discipline inspection clue and case management", "简体中文"):
        assert text in html, text
    assert not CJK.search(re.sub(r"简体中文", "", re.sub(r"<[^>]+>", " ", html))), "Chinese text left on the page"


@pytest.mark.django_db
def test_wrong_password_message_in_english(english, world):
    response = english.post("/accounts/login/", {"username": "tw-qingping", "password": "wrong"})
    assert "Wrong username or password; please try again." in response.content.decode()


@pytest.mark.django_db
def test_home_page_in_english(english, world):
    english.force_login(world.zone1_leader)
    html = english.get("/").content.decode()
    assert "<title>Home · Qingfeng</title>" in html
    for text in ("Hello, zone1", "Zone leader", "Master data", "Collaboration zone", "Language", "Sign out"):
        assert text in html, text
    for chinese in ("首页", "您好", "基础数据", "退出登录", "语言"):
        assert chinese not in html, chinese


@pytest.mark.django_db
def test_zone_pages_in_english(english, world):
    english.force_login(world.admin)
    html = english.get("/zones/townships/").content.decode()
    for text in ("New township", "Township name or pinyin", "Filter", "Clear"):
        assert text in html, text
    assert "已" not in re.sub(r"<[^>]+>", " ", html).replace(world.t1.name, "")


@pytest.mark.django_db
def test_chinese_stays_the_default(client, world):
    client.force_login(world.zone1_leader)
    html = client.get("/").content.decode()
    assert "<title>首页 · 清风</title>" in html
    assert "基础数据" in html
