from django.urls import path

from latu.accounts import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/personal-data/", views.personal_data_download, name="personal_data"),
    path("profile/delete/", views.delete_account_view, name="delete_account"),
    path("profile/api-token/", views.api_token, name="api_token"),
]
