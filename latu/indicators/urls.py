from django.urls import path

from latu.indicators import views

app_name = "indicators"
urlpatterns = [
    path("o/<slug:org_slug>/indicators/", views.indicator_list, name="list"),
    path("o/<slug:org_slug>/indicators/import/", views.indicator_import, name="import"),
    path("o/<slug:org_slug>/indicators/<int:pk>/", views.indicator_detail, name="detail"),
]
