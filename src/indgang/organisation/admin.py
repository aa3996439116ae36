"""The system administrator's pages: users and settings, never case content."""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse

from indgang.organisation import services
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


def _login_elsewhere(request, extra_context=None):
    """The admin has no log-in of its own: everyone signs in (with a second factor) at /log-ind/."""
    target = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    return HttpResponseRedirect(f"{reverse('login')}?{urlencode({REDIRECT_FIELD_NAME: target})}")


admin.site.login = _login_elsewhere


def _with_acting_user(form_class, request):
    """The form class, told who is editing (admin forms are built without the request)."""
    return type(form_class.__name__, (form_class,), {"acting_user": request.user})


class StaffFormMixin:
    """Refuses, next to the field, a change to one's own role, centre, department or flags."""

    acting_user = None

    def clean(self):
        cleaned = super().clean()
        errors = services.staff_self_change_errors(
            staff=self.instance, by=self.acting_user, changed=set(self.changed_data)
        )
        for field, message in errors.items():
            if field in self.fields:
                self.add_error(field, message)
            else:
                self.add_error(None, message)
        return cleaned


class CoreTeamMembershipForm(forms.ModelForm):
    acting_user = None

    class Meta:
        model = CoreTeamMembership
        fields = ["user", "kind"]

    def clean(self):
        cleaned = super().clean()
        if not self.has_changed() and self.instance.pk is None:
            return cleaned
        user_ids = {self.instance.user_id if self.instance.pk else None}
        if "user" in cleaned and cleaned["user"] is not None:
            user_ids.add(cleaned["user"].pk)
        for user_id in user_ids:
            error = services.core_team_self_change_error(user_id=user_id, by=self.acting_user)
            if error:
                self.add_error("user" if "user" in self.fields else None, error)
                break
        return cleaned


class CoreTeamFormSet(forms.BaseInlineFormSet):
    acting_user = None

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk:
                error = services.core_team_self_change_error(
                    user_id=form.instance.user_id, by=self.acting_user
                )
                if error:
                    raise ValidationError(error)


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
    form = CoreTeamMembershipForm
    formset = CoreTeamFormSet
    extra = 0
    autocomplete_fields = ["user"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _with_acting_user(formset.form, request)
        return _with_acting_user(formset, request)


@admin.register(Centre)
class CentreAdmin(SysadminOnly, admin.ModelAdmin):
    list_display = ["name", "caseload_target"]
    filter_horizontal = ["municipalities"]
    inlines = [CoreTeamInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not CoreTeamMembership:
            return super().save_formset(request, form, formset, change)
        # Each membership through the service: the self-change rule and an audit event.
        memberships = formset.save(commit=False)
        for membership in formset.deleted_objects:
            services.core_team_membership_delete(membership=membership, by=request.user)
        for membership in memberships:
            services.core_team_membership_save(membership=membership, by=request.user)
        return None


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

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return _with_acting_user(type(form.__name__, (StaffFormMixin, form), {}), request)

    def save_model(self, request, obj, form, change):
        # Role, centre, activation and the rest: checked and logged by the service.
        services.staff_save(staff=obj, by=request.user)

    def delete_model(self, request, obj):
        services.staff_delete(staff=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for staff in queryset:
            services.staff_delete(staff=staff, by=request.user)

    def user_change_password(self, request, id, form_url=""):
        if request.method != "POST":
            return super().user_change_password(request, id, form_url)
        staff = self.get_object(request, unquote(id))
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if staff is not None:
                stored = User.objects.filter(pk=staff.pk).values_list("password", flat=True)
                if stored.first() != staff.password:
                    services.staff_password_changed(
                        staff=staff,
                        by=request.user,
                        disabled=not User(password=stored.first()).has_usable_password(),
                    )
        return response
