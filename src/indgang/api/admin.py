"""The system administrator sees and revokes API clients here; tokens are never shown.

A client is created with ``manage.py api_client_create``, which prints its token once.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from indgang.api import services
from indgang.api.models import ApiClient
from indgang.organisation.admin import SysadminOnly, is_sysadmin


@admin.register(ApiClient)
class ApiClientAdmin(SysadminOnly, admin.ModelAdmin):
    list_display = ["name", "centre", "prefix", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["centre"]
    fields = [
        "name",
        "centre",
        "user",
        "scopes",
        "prefix",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request, *args):
        return False  # created by api_client_create, which shows the token once

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the audit log names the system user: revoke instead

    @admin.action(description="Tilbagekald de valgte klienters nøgler")
    def revoke(self, request, queryset):
        if not is_sysadmin(request.user):
            return
        for client in queryset.filter(revoked_at__isnull=True):
            try:
                services.api_client_revoke(client=client, by=request.user)
            except ValidationError:
                continue
        messages.success(request, "Nøglerne er tilbagekaldt.")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
