from django.urls import path

from latu.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("organisation/switch/", views.switch_organisation, name="switch_organisation"),
    path("healthz/", views.healthz, name="healthz"),
    path("about/", views.about, name="about"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("styleguide/", views.styleguide, name="styleguide"),
]
