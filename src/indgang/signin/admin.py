"""The system administrator resets a staff member's authenticator (a lost phone); logged."""

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from indgang.audit.services import Action, audit_record
from indgang.organisation.admin import SysadminOnly

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuthenticatorAdmin(SysadminOnly, admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    fields = ["user", "name", "confirmed", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request, *args):
        return False  # each person sets up their own app at sign-in

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        user_id = obj.user_id
        super().delete_model(request, obj)
        audit_record(
            user=request.user,
            action=Action.DELETE,
            object_type="user",
            object_id=user_id,
            summary="Totrinsbekræftelse nulstillet",
            changes={"second_factor": ["opsat", None]},
        )

    def delete_queryset(self, request, queryset):
        for device in queryset:
            self.delete_model(request, device)
