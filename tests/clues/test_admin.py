"""Every clue model is in the admin; its pages open for a superuser without leaking reporter identity."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

from .factories import disposing, register

pytestmark = pytest.mark.django_db


def test_every_clue_model_is_registered():
    models = set(apps.get_app_config("clues").get_models())
    assert models <= set(admin.site._registry)


def test_admin_pages_open_and_hide_identity(world, client):
    clue = register(world, is_anonymous=False, reporter={"name": "李明", "phone": "13800000000"})
    disposing(world, clue=clue)
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    for model in apps.get_app_config("clues").get_models():
        opts = model._meta
        response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert response.status_code == 200, opts.label
        assert "李明" not in response.content.decode()
        row = model.objects.first()
        if row is not None:
            response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk]))
            assert response.status_code == 200, opts.label
            assert "13800000000" not in response.content.decode()
