from django.urls import path

from latu.tori import opendata, views

app_name = "tori"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.deed_create, name="deed_create"),
    path("mine/", views.my_deeds, name="mine"),
    path("review/", views.review_queue, name="review"),
    path("statistics/", views.statistics, name="statistics"),
    path("spread/", views.spread, name="spread"),
    path("similar/", views.similar, name="similar"),
    path("open-data/", opendata.open_data, name="open_data"),
    path("open-data/deeds.csv", opendata.deeds_csv, name="deeds_csv"),
    path("open-data/deeds.json", opendata.deeds_json, name="deeds_json"),
    path("feed/", opendata.DeedFeed(), name="feed"),
    path("<int:pk>/", views.deed_detail, name="deed_detail"),
    path("images/<int:pk>/", views.deed_image, name="deed_image"),
    path("<int:pk>/edit/", views.deed_edit, name="deed_edit"),
    path("<int:pk>/submit/", views.deed_submit, name="deed_submit"),
    path("<int:pk>/delete/", views.deed_delete, name="deed_delete"),
    path("<int:pk>/moderate/", views.deed_moderate, name="deed_moderate"),
    path("<int:pk>/adopt/", views.deed_adopt, name="deed_adopt"),
    path("<int:pk>/spread/", views.deed_spread, name="deed_spread"),
    path("<int:pk>/comments/", views.comment_add, name="comment_add"),
    path("adoptions/<int:pk>/remove/", views.adoption_remove, name="adoption_remove"),
    path("comments/<int:pk>/report/", views.comment_report, name="comment_report"),
    path("comments/<int:pk>/hide/", views.comment_hide, name="comment_hide"),
    path("comments/<int:pk>/restore/", views.comment_restore, name="comment_restore"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
]
