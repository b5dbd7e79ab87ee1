from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, get_urlconf, resolve


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy. Everything is served from the
    app itself, so the policy can be strict: no third-party origins, no inline scripts,
    styles or event handlers ('unsafe-inline' nowhere). The organisation's accent colour
    comes from a small stylesheet (core:theme_css), not from a style attribute.

    The API reference pages run Swagger UI and ReDoc, which inject their own <style>
    elements: they get a policy of their own that still allows scripts from 'self'
    only. The Django admin keeps its own pages (staff only) without a policy."""

    CSP = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; "
        "script-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
    API_DOCS_CSP = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; worker-src 'self' blob:; connect-src 'self'; font-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
    PERMISSIONS = (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=(), "
        "fullscreen=(self)"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/docs"):
            response.headers.setdefault("Content-Security-Policy", self.API_DOCS_CSP)
        elif not request.path.startswith("/django-admin/"):
            response.headers.setdefault("Content-Security-Policy", self.CSP)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS)
        return response


class OwnNotFoundPageMiddleware:
    """With DEBUG on (the local profile) Django answers a missing page with its technical
    404, which lists every URL pattern. The local profile serves the project's own 404
    page instead, as production does: the demo is what a new user sees first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEBUG:
            try:
                resolve(request.path_info, getattr(request, "urlconf", None) or get_urlconf())
            except Resolver404:
                return self._not_found(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if settings.DEBUG and isinstance(exception, Http404):
            return self._not_found(request)
        return None

    @staticmethod
    def _not_found(request: HttpRequest) -> HttpResponse:
        from latu.core.views import error_404  # the views import the middleware's neighbours

        return error_404(request)
