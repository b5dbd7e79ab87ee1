from django.urls import path

from latu.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("o/<slug:org_slug>/results/", views.organisation, name="organisation"),
    path("o/<slug:org_slug>/results/unit/<int:unit_id>/", views.unit, name="unit"),
    path("o/<slug:org_slug>/results/goal/<int:goal_id>/", views.goal, name="goal"),
]
