from django.urls import path

from latu.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.index, name="index"),
    path("services/<slug:slug>/", views.service_detail, name="service"),
    path("experts/", views.expert_list, name="experts"),
    path("experts/compare/", views.expert_compare, name="compare"),
    path("experts/<slug:slug>/", views.expert_detail, name="expert"),
    path("applications/", views.my_applications, name="mine"),
    path("applications/new/", views.application_create, name="apply"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/decision.pdf", views.decision_pdf, name="decision_pdf"),
    path("office/", views.queue, name="queue"),
    path("office/<int:pk>/", views.process, name="process"),
]
