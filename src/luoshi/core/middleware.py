from luoshi.core.audit import audit_source


def client_address(request) -> str:
    # Behind the intranet's reverse proxy the first X-Forwarded-For hop is the client.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")


class AuditContextMiddleware:
    """Lets the services' audit entries name the client address without a request object."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit_source(client_address(request)):
            return self.get_response(request)


class DomainErrorMiddleware:
    """A domain error that escapes a view becomes a page with its message, not a traceback:
    403 for permission, 404 for not found (or outside the data scope), 400 otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        from luoshi.core.errors import DomainError

        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        return render(request, "core/error.html", {"message": exception.message,
                                                   "status": exception.status},
                      status=exception.status)
