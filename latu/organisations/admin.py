"""Django admin for the platform's maintainers. Organisation admins use the in-app
administration (/o/<slug>/admin/); role changes made here are audited the same way."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from latu.organisations import actions
from latu.organisations.models import Membership, Municipality, Organisation, Region, StrategyGoal, Unit


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fi", "name_sv", "name_en"]
    search_fields = ["code", "name_fi", "name_sv", "name_en"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fi", "name_sv", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["code", "name_fi", "name_sv"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "slug", "type", "municipality", "region", "public_channel", "is_active"]
    list_filter = ["type", "is_active", "public_channel", "region"]
    list_select_related = ["municipality", "region"]
    search_fields = ["name_fi", "name_sv", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_fi"]}
    autocomplete_fields = ["municipality", "region"]
    readonly_fields = ["created_at"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "organisation", "level", "parent", "is_active"]
    list_filter = ["level", "is_active", "organisation"]
    list_select_related = ["organisation", "parent"]
    search_fields = ["name_fi", "name_sv", "name_en", "organisation__name_fi"]
    autocomplete_fields = ["organisation", "parent"]


@admin.register(StrategyGoal)
class StrategyGoalAdmin(admin.ModelAdmin):
    list_display = ["title_fi", "organisation", "starts", "ends", "order", "is_active"]
    list_filter = ["is_active", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["title_fi", "title_sv", "title_en", "organisation__name_fi"]
    autocomplete_fields = ["organisation"]


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "organisation", "unit", "role"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organisation") and cleaned.get("role"):
            try:
                actions.check_role(cleaned["organisation"], cleaned["role"], cleaned.get("unit"))
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from None
        return cleaned


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Roles are granted and revoked (through the audited actions), never edited in place."""

    form = MembershipAdminForm
    list_display = ["user", "organisation", "role", "unit", "created_at"]
    list_filter = ["role", "organisation"]
    list_select_related = ["user", "organisation", "unit"]
    search_fields = ["user__email", "user__name", "organisation__name_fi", "unit__name_fi"]
    autocomplete_fields = ["user", "organisation", "unit"]
    readonly_fields = ["created_at"]

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        membership, _created = actions.grant_role(obj.organisation, obj.user, obj.role, obj.unit, actor=request.user)
        obj.pk = membership.pk

    def delete_model(self, request, obj):
        try:
            actions.revoke_role(obj, actor=request.user)
        except ValidationError as error:
            request._latu_refused = True
            self.message_user(request, " ".join(error.messages), messages.ERROR)

    def response_delete(self, request, obj_display, obj_id):
        if getattr(request, "_latu_refused", False):
            return redirect("admin:organisations_membership_changelist")
        return super().response_delete(request, obj_display, obj_id)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user", "organisation"):
            try:
                actions.revoke_role(membership, actor=request.user)
            except ValidationError as error:
                self.message_user(request, f"{membership}: {' '.join(error.messages)}", messages.ERROR)
