from django.urls import path, re_path

from latu.core import observability, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("organisation/switch/", views.switch_organisation, name="switch_organisation"),
    path("livez/", views.livez, name="livez"),
    path("healthz/", observability.healthz, name="healthz"),
    path("metrics/", observability.metrics, name="metrics"),
    path("about/", views.about, name="about"),
    path("downloads/<uuid:pk>/", views.export_job, name="export_job"),
    path("downloads/<uuid:pk>/file/", views.export_download, name="export_download"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("styleguide/", views.styleguide, name="styleguide"),
    re_path(r"^theme/(?P<colour>[0-9a-f]{6})\.css$", views.theme_css, name="theme_css"),
]
