import pytest
from django.urls import NoReverseMatch, reverse

from people import context_processors
from tests.rectification.factories import issue_letter


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


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    """Tasks enqueued by services run in-process (the worker test starts a real worker instead)."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def letter(world):
    """A letter from the office to 庆坪镇 with two items, contact tw-qingping."""
    return issue_letter(world, n_items=2)


@pytest.fixture
def item(letter):
    """The letter's first item, issued."""
    return letter.items.order_by("seq").first()
