"""Passwords are hashed with Argon2; the language menu switches the interface to English and back."""

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import override_settings

from config.settings import base
from tests.factories import UserFactory


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2():
    """The test settings use a fast hasher; the real ones put Argon2 first."""
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        user = UserFactory(username="hashed")
        user.set_password("a long passphrase 清风")
        user.save()
        user.refresh_from_db()
        assert user.password.startswith("argon2$argon2id$")
        assert identify_hasher(user.password).algorithm == "argon2"
        assert user.check_password("a long passphrase 清风")


@pytest.mark.django_db
def test_an_older_hash_is_upgraded_to_argon2_at_sign_in(client):
    with override_settings(PASSWORD_HASHERS=list(reversed(base.PASSWORD_HASHERS))):
        user = UserFactory(username="legacy")
        user.set_password("pw-legacy-123")
        user.save()
    assert user.password.startswith("pbkdf2_sha256$")
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        assert client.login(username="legacy", password="pw-legacy-123")
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


def test_settings_speak_chinese_first_in_shanghai():
    assert base.LANGUAGE_CODE == "zh-hans"
    assert base.TIME_ZONE == "Asia/Shanghai"
    assert [code for code, _name in base.LANGUAGES] == ["zh-hans", "en"]
    assert "django.middleware.locale.LocaleMiddleware" in base.MIDDLEWARE


@pytest.mark.django_db
def test_language_menu_switches_to_english_and_back(client, world):
    client.force_login(world.tw2)
    home = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in home
    assert 'action="/i18n/setlang/"' in home
    assert 'name="language" value="en"' in home

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/zones/townships/"})
    assert response.status_code == 302
    assert response["Location"] == "/zones/townships/"
    assert client.cookies["django_language"].value == "en"
    assert '<html lang="en">' in client.get("/zones/townships/").content.decode()

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert '<html lang="zh-hans">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_language_switch_refuses_a_foreign_next(client, world):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"
