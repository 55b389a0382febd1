from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest

from clinic.models import ClinicProfile, ConsentDocument, ContentPage, CrisisResource
from clinic.states import US_STATES


class ClinicProfileForm(forms.ModelForm):
    states_served = forms.MultipleChoiceField(
        choices=US_STATES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ClinicProfile
        fields = [
            "name", "phone", "email", "address", "states_served", "minimum_age",
            "pcl5_cutoff", "bp_rule_out_systolic", "bp_rule_out_diastolic",
            "bp_review_systolic", "bp_review_diastolic",
        ]


class CrisisResourceInline(admin.TabularInline):
    model = CrisisResource
    extra = 0


@admin.register(ClinicProfile)
class ClinicProfileAdmin(admin.ModelAdmin):
    """One row of settings: it can be edited, never added twice or deleted."""

    form = ClinicProfileForm
    inlines = [CrisisResourceInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ContentPage)
class ContentPageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "language", "published", "in_navigation", "order",
                    "updated_at"]
    list_filter = ["language", "published"]
    list_editable = ["published", "in_navigation", "order"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "body"]


@admin.register(ConsentDocument)
class ConsentDocumentAdmin(admin.ModelAdmin):
    """A version that anyone has signed is read-only: changes go in a new version."""

    list_display = ["version", "language", "title", "published_at"]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        if isinstance(obj, ConsentDocument) and obj.signatures.exists():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        if isinstance(obj, ConsentDocument) and obj.signatures.exists():
            return False
        return super().has_delete_permission(request, obj)


class SuperuserOnlyAdmin:
    """Staff accounts and roles are not managed in Django's admin: there a clinic admin
    could grant superuser or raw permissions, or set someone's password. Only a superuser
    made from the shell may use these pages."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.has_module_permission(request)

    has_add_permission = has_module_permission

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.has_module_permission(request)


class StaffUserAdmin(SuperuserOnlyAdmin, UserAdmin):
    pass


class RoleAdmin(SuperuserOnlyAdmin, GroupAdmin):
    pass


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), StaffUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, RoleAdmin)
