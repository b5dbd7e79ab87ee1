from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.utils.translation import gettext_lazy as _

from latu.accounts.models import IdentityProvider, User
from latu.organisations.models import Membership

# The admin's own login form knows nothing of two-factor authentication: send
# people through allauth's sign-in (password, then the TOTP code) instead.
admin.site.login = secure_admin_login(admin.site.login)


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name")


class UserChangeForm(DjangoUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class MembershipInline(admin.TabularInline):
    """The person's roles, read-only here: roles are granted and revoked under
    Memberships (or in the organisation's own administration), which audits them."""

    model = Membership
    fields = ["organisation", "unit", "role", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "name", "is_programme_office", "is_expert", "is_citizen", "is_staff", "is_active"]
    list_filter = ["is_programme_office", "is_expert", "is_citizen", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("name", "title", "language")}),
        (_("Platform roles"), {"fields": ("is_programme_office", "is_expert", "is_citizen")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "usable_password", "password1", "password2")}),
    )

    def get_inlines(self, request, obj):
        # A person being added has no roles yet.
        return self.inlines if obj is not None else []


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    """Links an OpenID Connect application (Social applications → provider
    "OpenID Connect", with the same provider id) to an organisation."""

    list_display = ["provider_id", "organisation", "email_domains", "join_as_employee"]
    list_select_related = ["organisation"]
    search_fields = ["provider_id", "organisation__name_fi", "email_domains"]
