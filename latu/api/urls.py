from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from latu.api.router import build_router

urlpatterns = [
    path("v1/", include(build_router().urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: no inline script on the page.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    # Our ReDoc page: the package's own loads fonts from Google.
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html"),
         name="api-redoc"),
]
