from django.urls import path

from latu.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_create, name="create"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/status/", views.survey_status, name="status"),
    path("<int:pk>/invite/", views.survey_invite, name="invite"),
    path("<int:pk>/preview/", views.survey_preview, name="preview"),
    path("<int:pk>/edit/", views.survey_edit, name="edit"),
    path("<int:pk>/pages/new/", views.section_edit, name="section_create"),
    path("<int:pk>/pages/<int:section_pk>/", views.section_edit, name="section_edit"),
    path("<int:pk>/pages/<int:section_pk>/questions/new/", views.question_edit, name="question_create"),
    path("<int:pk>/pages/<int:section_pk>/questions/<int:question_pk>/", views.question_edit, name="question_edit"),
    path("<int:pk>/results/", views.survey_results, name="results"),
    path("<int:pk>/results/export/", views.survey_results_export, name="results_export"),
    # Answering: the link is the key; nothing here needs an account.
    path("a/<str:token>/", views.answer_start, name="answer"),
    path("a/<str:token>/thanks/", views.answer_thanks, name="thanks"),
    path("a/<str:token>/<str:key>/<int:index>/", views.answer_page, name="page"),
    path("i/<str:token>/", views.answer_invitation, name="invitation"),
]
