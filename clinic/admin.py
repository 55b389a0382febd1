from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from audit.services import audit_record, client_ip
from clinic.forms import QuestionnairesOffField
from clinic.markdown import render as render_markdown
from clinic.models import (
    ClinicProfile,
    ConsentDocument,
    ContentPage,
    CrisisResource,
    Language,
)
from clinic.selectors import clinic_profile, consent_languages_behind
from clinic.states import US_STATES
from screening import battery

ALL_STATES, SOME_STATES = "all", "some"


class ClinicProfileForm(forms.ModelForm):
    """The settings. Which states are served is an explicit choice: leaving every box
    unticked no longer means "every state" without anyone having said so."""

    states_scope = forms.ChoiceField(
        label=gettext_lazy("States served"), widget=forms.RadioSelect,
        choices=[(ALL_STATES, gettext_lazy("All states")),
                 (SOME_STATES, gettext_lazy("Only the states ticked below"))],
    )
    states_served = forms.MultipleChoiceField(
        label=gettext_lazy("The states"), choices=US_STATES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    questionnaires_off = QuestionnairesOffField(
        label=gettext_lazy("Questionnaires new applications ask"),
        help_text=ClinicProfile._meta.get_field("questionnaires_off").help_text,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["states_scope"].initial = (
            SOME_STATES if self.instance.states_served else ALL_STATES)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("states_scope") == ALL_STATES:
            data["states_served"] = []  # stored as before: no list means every state
        elif data.get("states_scope") == SOME_STATES and not data.get("states_served"):
            self.add_error("states_served",
                           gettext_lazy("Tick at least one state, or choose all states."))
        return data

    class Meta:
        model = ClinicProfile
        fields = [
            "name", "phone", "email", "address", "states_scope", "states_served",
            "minimum_age",
            "pcl5_cutoff", "bp_rule_out_systolic", "bp_rule_out_diastolic",
            "bp_review_systolic", "bp_review_diastolic",
            "urgent_realert_minutes", "urgent_escalate_every_minutes",
            "questionnaires_off",
        ]


class AuditedAdmin(admin.ModelAdmin):
    """Every change made here is a row of the app's audit trail: what, which fields, and
    for settings the old and new values (settings hold no client's details)."""

    action = AuditEvent.Action.CONTENT_CHANGE
    keep_values = False

    def _record(self, request: HttpRequest, obj: Any, change: str,
                form: Any = None) -> None:
        fields: Any = list(form.changed_data) if form is not None else []
        if self.keep_values and form is not None:
            fields = {name: [_plain(form.initial.get(name)), _plain(form.cleaned_data.get(name))]
                      for name in form.changed_data}
        audit_record(actor=request.user, action=self.action, ip_address=client_ip(request),
                     detail={"object": obj._meta.label_lower, "id": obj.pk, "change": change,
                             "fields": fields})

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        self._record(request, obj, "changed" if change else "added", form)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        pk = obj.pk
        super().delete_model(request, obj)
        obj.pk = pk
        self._record(request, obj, "deleted")

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any,
                     change: bool) -> None:
        super().save_formset(request, form, formset, change)
        for inline_form in formset.forms:
            if inline_form.has_changed() and inline_form.instance.pk:
                self._record(request, inline_form.instance, "saved", inline_form)
        for obj in formset.deleted_objects:
            self._record(request, obj, "deleted")


def _plain(value: Any) -> Any:
    """A value as JSON can keep it (lists of states, numbers, text)."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


class CrisisResourceFormSet(forms.BaseInlineFormSet):
    """Every page's footer points to the crisis lines in the visitor's language: each
    language keeps at least one, so the last of a language cannot be deleted."""

    def clean(self) -> None:
        super().clean()
        kept = {form.cleaned_data.get("language") for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")}
        missing = [label for value, label in Language.choices if value not in kept]
        if missing:
            raise forms.ValidationError(ngettext(
                "Keep at least one crisis line in %(languages)s: every page points people "
                "in crisis to them.",
                "Keep at least one crisis line in each of %(languages)s: every page points "
                "people in crisis to them.", len(missing)) % {"languages": ", ".join(
                    str(label) for label in missing)})


class CrisisResourceInline(admin.StackedInline):
    """The lines in each language, in their order on the page; stacked, one field under
    another, so the page fits a laptop's window (a table of seven columns did not)."""

    model = CrisisResource
    formset = CrisisResourceFormSet
    extra = 0
    ordering = ["language", "order", "id"]


@admin.register(ClinicProfile)
class ClinicProfileAdmin(AuditedAdmin):
    """One row of settings: it can be edited, never added twice or deleted."""

    form = ClinicProfileForm
    inlines = [CrisisResourceInline]
    action = AuditEvent.Action.SETTINGS_CHANGE
    keep_values = True

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        questionnaires = self.admin_site.admin_view(require_GET(self.questionnaires_view))
        return [path("questionnaires/", questionnaires,
                     name="clinic_clinicprofile_questionnaires"), *super().get_urls()]

    def questionnaires_view(self, request: HttpRequest) -> HttpResponse:
        """Every questionnaire definition and version the code holds, read-only: they are
        part of the software (validated wording is never edited), not settings."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        profile = clinic_profile()
        return TemplateResponse(request, "admin/clinic/questionnaires.html", {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext_lazy("Questionnaires and their versions"),
            "profile": profile,
            "listings": battery.catalogue(profile.questionnaires_off),
        })


@admin.register(ContentPage)
class ContentPageAdmin(AuditedAdmin):
    list_display = ["title", "slug", "language", "published", "in_navigation", "order",
                    "updated_at"]
    list_filter = ["language", "published"]
    list_editable = ["published", "in_navigation", "order"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "body"]
    readonly_fields = ["preview"]

    @admin.display(description=gettext_lazy("Preview"))
    def preview(self, obj: ContentPage) -> Any:
        """The saved text as visitors will read it. Saving with "Save and continue editing"
        refreshes it; visitors see the page only once "published" is ticked."""
        if not obj.pk:
            return gettext_lazy("Save once (with “published” unticked) to see the preview.")
        return format_html('<div class="content-preview">{}</div>', render_markdown(obj.body))


@admin.register(ConsentDocument)
class ConsentDocumentAdmin(AuditedAdmin):
    """A version that anyone has signed is read-only: changes go in a new version."""

    list_display = ["version", "language", "title", "published_at"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        version, behind = consent_languages_behind()
        if behind:
            messages.warning(request, ngettext(
                "Version %(version)s is not published in %(languages)s yet: its readers "
                "are asked to sign it in another language until it is.",
                "Version %(version)s is not published in %(languages)s yet: their readers "
                "are asked to sign it in another language until it is.", len(behind))
                % {"version": version, "languages": ", ".join(behind)})

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


# Second-step devices are managed on the app's own pages (a person's own, or a reset by a
# clinic admin); django-otp's admin pages would show another person's authenticator secret.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)

admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), StaffUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, RoleAdmin)
