"""The navigation marks exactly one current entry: the most specific one."""

import pytest
from django.test import RequestFactory

from people.context_processors import navigation

pytestmark = pytest.mark.django_db


def _active(user, path):
    request = RequestFactory().get(path)
    request.user = user
    labels = []
    for item in navigation(request)["nav_items"]:
        for link in item.get("children", [item]):
            if link["active"]:
                labels.append(str(link["label"]))
    return labels


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", ["首页"]),
        ("/cases/integrity/", ["廉洁意见"]),
        ("/cases/", ["案件"]),
        ("/clues/new/", ["登记线索"]),
        ("/clues/", ["问题线索"]),
        ("/no-such-page/", []),
    ],
)
def test_only_the_most_specific_entry_is_current(world, path, expected):
    assert _active(world.officer, path) == expected
