from tests.people.conftest import _navigation_without_unbuilt_pages

__all__ = ["_navigation_without_unbuilt_pages"]
