"""The municipalities' retention rules in the administration; the runs' reports to read."""

from django.contrib import admin

from indgang.organisation.admin import SysadminOnly
from indgang.oversight import services
from indgang.oversight.models import RetentionRule, RetentionRun


@admin.register(RetentionRule)
class RetentionRuleAdmin(SysadminOnly, admin.ModelAdmin):
    list_display = ["municipality", "case_years", "log_months_after_case", "log_minimum_months"]

    def save_model(self, request, obj, form, change):
        services.retention_rule_save(by=request.user, rule=obj)

    def has_delete_permission(self, request, obj=None):
        return False  # a municipality without a rule gets the defaults; change the rule instead


@admin.register(RetentionRun)
class RetentionRunAdmin(SysadminOnly, admin.ModelAdmin):
    list_display = ["ran_at", "dry_run", "counts"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
