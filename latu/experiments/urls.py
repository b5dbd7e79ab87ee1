from django.urls import path

from latu.experiments import views

app_name = "experiments"
urlpatterns = [
    path("o/<slug:org_slug>/experiments/", views.index, name="index"),
    path("o/<slug:org_slug>/experiments/new/", views.create, name="create"),
    path("o/<slug:org_slug>/challenges/", views.challenges, name="challenges"),
    path("o/<slug:org_slug>/challenges/new/", views.challenge_create, name="challenge_create"),
    path("experiments/challenges/<int:pk>/", views.challenge_detail, name="challenge_detail"),
    path("experiments/challenges/<int:pk>/edit/", views.challenge_edit, name="challenge_edit"),
    path("experiments/<int:pk>/", views.detail, name="detail"),
    path("experiments/<int:pk>/edit/", views.edit, name="edit"),
    path("experiments/<int:pk>/phase/", views.move_phase, name="move_phase"),
    path("experiments/<int:pk>/phases/<int:number>/notes/", views.phase_notes, name="phase_notes"),
    path("experiments/<int:pk>/phases/<int:number>/checklist/", views.checklist_add, name="checklist_add"),
    path("experiments/<int:pk>/checklist/<int:item_id>/", views.checklist_toggle, name="checklist_toggle"),
    path("experiments/<int:pk>/measures/new/", views.measure_create, name="measure_create"),
    path("experiments/<int:pk>/measures/<int:measure_id>/", views.measure, name="measure"),
    path("experiments/<int:pk>/measures/<int:measure_id>/edit/", views.measure_edit, name="measure_edit"),
    path("experiments/<int:pk>/measures/<int:measure_id>/results/new/", views.result_create, name="result_create"),
    path("experiments/<int:pk>/measures/<int:measure_id>/import/", views.result_import, name="result_import"),
    path("experiments/<int:pk>/results/<int:result_id>/edit/", views.result_edit, name="result_edit"),
    path("experiments/<int:pk>/decision/", views.decide, name="decide"),
]
