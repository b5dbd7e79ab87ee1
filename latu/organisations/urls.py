from django.urls import path

from latu.audit import views as audit_views
from latu.organisations import views

app_name = "organisations"

admin = "o/<slug:slug>/admin/"
urlpatterns = [
    path("o/<slug:org_slug>/logo/", views.logo, name="logo"),
    path(admin, views.manage, name="manage"),
    path(f"{admin}settings/", views.settings_view, name="settings"),
    path(f"{admin}units/", views.units, name="units"),
    path(f"{admin}units/new/", views.unit_create, name="unit_create"),
    path(f"{admin}units/<int:pk>/", views.unit_edit, name="unit_edit"),
    path(f"{admin}units/<int:pk>/active/", views.unit_set_active, name="unit_set_active"),
    path(f"{admin}people/", views.people, name="people"),
    path(f"{admin}people/export/", views.people_export, name="people_export"),
    path(f"{admin}people/new/", views.person_add, name="person_add"),
    path(f"{admin}people/import/", views.people_import, name="people_import"),
    path(f"{admin}people/import/review/", views.people_import_review, name="people_import_review"),
    path(f"{admin}people/import/cancel/", views.people_import_cancel, name="people_import_cancel"),
    path(f"{admin}people/<int:user_id>/", views.person, name="person"),
    path(f"{admin}people/<int:user_id>/invite/", views.person_invite, name="person_invite"),
    path(f"{admin}people/<int:user_id>/roles/", views.role_grant, name="role_grant"),
    path(f"{admin}people/<int:user_id>/roles/<int:membership_id>/revoke/", views.role_revoke, name="role_revoke"),
    path(f"{admin}people/<int:user_id>/remove/", views.person_remove, name="person_remove"),
    path(f"{admin}goals/", views.goals, name="goals"),
    path(f"{admin}goals/new/", views.goal_create, name="goal_create"),
    path(f"{admin}goals/<int:pk>/", views.goal_edit, name="goal_edit"),
    path(f"{admin}goals/<int:pk>/active/", views.goal_set_active, name="goal_set_active"),
    path(f"{admin}audit/", audit_views.organisation_log, name="audit"),
    path(f"{admin}register-description/", views.register_description_edit, name="register_description_edit"),
    path("o/<slug:slug>/register-description/", views.register_description, name="register_description"),
    path("register-descriptions/", views.register_descriptions, name="register_descriptions"),
    path("accounts/invitations/", views.invitations, name="invitations"),
    path("accounts/invitations/<int:pk>/", views.invitation_respond, name="invitation_respond"),
]
