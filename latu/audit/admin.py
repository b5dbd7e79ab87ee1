from django.contrib import admin

from latu.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log is read-only, for everyone."""

    list_display = ["at", "action", "actor", "organisation", "target"]
    list_filter = ["action", "organisation"]
    list_select_related = ["actor", "organisation"]
    search_fields = ["target", "actor__email", "actor__name"]
    date_hierarchy = "at"
    readonly_fields = ["at", "action", "actor", "organisation", "target", "data"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
