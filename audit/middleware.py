from .context import acting


class AuditContextMiddleware:
    """Attach the request (and so its user, even one DRF authenticates later) to audit records."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = "api" if request.path.startswith("/api/") else "web"
        with acting(request=request, source=source):
            return self.get_response(request)
