"""The system administrator's pages: users and settings, never case content."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from indgang.organisation.models import (
    Centre,
    CoreTeamMembership,
    Department,
    Municipality,
    Role,
    User,
)


def is_sysadmin(user) -> bool:
    return user.is_active and (user.role == Role.SYSADMIN or user.is_superuser)


# Only system administrators reach the administration, whatever their is_staff flag says.
admin.site.has_permission = lambda request: is_sysadmin(request.user)


class SysadminOnly:
    def has_module_permission(self, request):
        return is_sysadmin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_sysadmin(request.user)

    def has_add_permission(self, request, *args):
        return is_sysadmin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_sysadmin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_sysadmin(request.user)


@admin.register(Municipality)
class MunicipalityAdmin(SysadminOnly, admin.ModelAdmin):
    list_display = ["name", "code", "auto_enrol_max_age", "criteria_max_age"]


class CoreTeamInline(SysadminOnly, admin.TabularInline):
    model = CoreTeamMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Centre)
class CentreAdmin(SysadminOnly, admin.ModelAdmin):
    list_display = ["name", "caseload_target"]
    filter_horizontal = ["municipalities"]
    inlines = [CoreTeamInline]


@admin.register(Department)
class DepartmentAdmin(SysadminOnly, admin.ModelAdmin):
    list_display = ["name", "municipality", "sector", "centre"]
    list_filter = ["municipality", "sector"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(SysadminOnly, BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "centre", "is_active"]
    list_filter = ["role", "centre", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = (
        *BaseUserAdmin.fieldsets[:2],
        ("Rolle i Indgang", {"fields": ("role", "profession", "centre", "department", "phone")}),
        ("Status", {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "first_name",
                    "last_name",
                    "role",
                    "centre",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]
