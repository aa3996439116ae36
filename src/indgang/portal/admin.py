"""The municipalities' portal settings in the administration: no case content."""

from django.contrib import admin

from indgang.portal.models import PortalSettings


@admin.register(PortalSettings)
class PortalSettingsAdmin(admin.ModelAdmin):
    list_display = ["municipality", "without_custody_sees", "show_staff_names_in_access_log"]
