"""Only the municipalities' access policy is kept in the administration: no case content."""

from django.contrib import admin

from indgang.families.models import AccessPolicy


@admin.register(AccessPolicy)
class AccessPolicyAdmin(admin.ModelAdmin):
    list_display = ["municipality", "scope"]
