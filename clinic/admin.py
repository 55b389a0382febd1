from django import forms
from django.contrib import admin
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
