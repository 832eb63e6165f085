"""Django admin covers every model of the project's apps, and speaks Chinese."""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

from people.roles import Role
from tests.factories import UserFactory, grant

CJK = re.compile(r"[\u4e00-\u9fff]")
PROJECT_APPS = list(settings.LOCAL_APPS)
PROJECT_MODELS = sorted(
    (model for app in PROJECT_APPS for model in apps.get_app_config(app).get_models()),
    key=lambda m: m._meta.label,
)
# Field labels that are names of standards, the same in every language.
TECHNICAL_LABELS = {"SHA-256"}


def test_the_project_apps_are_the_ones_in_the_readme():
    assert PROJECT_APPS == [
        "core",
        "audit",
        "zones",
        "people",
        "clues",
        "cases",
        "rectification",
        "notifications",
        "reports",
    ]


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m._meta.label)
def test_every_model_is_registered_with_a_chinese_name(model):
    assert model in admin.site._registry, f"{model._meta.label} is missing from the admin"
    assert CJK.search(str(model._meta.verbose_name)), model._meta.verbose_name
    assert CJK.search(str(model._meta.verbose_name_plural)), model._meta.verbose_name_plural
    assert CJK.search(str(apps.get_app_config(model._meta.app_label).verbose_name))
    untranslated = [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key
        and not CJK.search(str(field.verbose_name))
        and str(field.verbose_name) not in TECHNICAL_LABELS
    ]
    assert not untranslated, f"{model._meta.label}: fields without a Chinese label: {untranslated}"


@pytest.mark.django_db
def test_admin_index_lists_every_app_in_chinese(client, world):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    grant(root, Role.AUDITOR, county=world.county)  # the audit log is shown to its readers only
    client.force_login(root)
    html = client.get(reverse("admin:index")).content.decode()
    assert '<html lang="zh-hans"' in html
    assert "清风 · 纪检监察业务管理" in html
    for app in PROJECT_APPS:
        assert str(apps.get_app_config(app).verbose_name) in html, app
    for model in PROJECT_MODELS:
        assert str(model._meta.verbose_name_plural) in html, model._meta.label
