import pytest

from tests.rectification.factories import issue_letter


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
