import pytest


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
