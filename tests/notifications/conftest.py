from tests.rectification.conftest import (  # noqa: F401 - the same fixtures for the reminder tests
    _eager_celery,
    item,
    letter,
)
