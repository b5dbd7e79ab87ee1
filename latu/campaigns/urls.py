from django.urls import path

from latu.campaigns import views

app_name = "campaigns"
urlpatterns = [
    # TOP lists
    path("lists/", views.list_index, name="lists"),
    path("lists/new/", views.list_create, name="list_create"),
    path("lists/<slug:slug>/", views.list_detail, name="list_detail"),
    path("lists/<slug:slug>/edit/", views.list_edit, name="list_edit"),
    path("lists/<slug:slug>/deeds/", views.list_deeds, name="list_deeds"),
    path("lists/<slug:slug>/delete/", views.list_delete, name="list_delete"),
    # Campaigns and haasta kollega
    path("campaigns/", views.campaign_index, name="campaigns"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/mine/", views.my_nominations, name="my_nominations"),
    path("campaigns/invitation/<str:token>/", views.invitation, name="invitation"),
    path("campaigns/invitation/<str:token>/decline/", views.invitation_decline, name="invitation_decline"),
    path("campaigns/<slug:slug>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<slug:slug>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<slug:slug>/challenge/", views.campaign_challenge, name="challenge"),
    path("campaigns/<slug:slug>/challenge/thanks/", views.campaign_challenge_thanks, name="challenge_thanks"),
    path("campaigns/<slug:slug>/results/", views.campaign_results, name="campaign_results"),
    path("campaigns/<slug:slug>/nominations/", views.campaign_nominations, name="campaign_nominations"),
    # Awards
    path("awards/", views.award_index, name="awards"),
    path("awards/new/", views.award_event_create, name="award_event_create"),
    path("awards/categories/", views.award_categories, name="award_categories"),
    path("awards/categories/new/", views.award_category_edit, name="award_category_create"),
    path("awards/categories/<int:pk>/", views.award_category_edit, name="award_category_edit"),
    path("awards/nominations/<int:pk>/decide/", views.award_decide, name="award_decide"),
    path("awards/<slug:slug>/", views.award_event, name="award_event"),
    path("awards/<slug:slug>/edit/", views.award_event_edit, name="award_event_edit"),
    path("awards/<slug:slug>/nominate/", views.award_nominate, name="award_nominate"),
    path("awards/<slug:slug>/jury/", views.award_jury, name="award_jury"),
]
