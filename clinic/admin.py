from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.contrib.postgres.aggregates import ArrayAgg
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from audit.services import client_ip
from clinic import services
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
from screening import battery, definitions
from screening.change import MEASURED

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
    languages_offered = forms.MultipleChoiceField(
        label=gettext_lazy("Also offered in"), required=False,
        choices=[c for c in Language.choices if c[0] != Language.ENGLISH],
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("English is always offered: every page falls back to it. "
                               "Each language offered needs its crisis lines (below), its "
                               "consent text and, ideally, its own pages."),
    )
    measure_instruments = forms.MultipleChoiceField(
        label=gettext_lazy("Questionnaires followed over care"), required=False,
        choices=[(code, definitions.get(code).title) for code in MEASURED],
        widget=forms.CheckboxSelectMultiple,
        help_text=ClinicProfile._meta.get_field("measure_instruments").help_text,
    )
    questionnaires_off = QuestionnairesOffField(
        label=gettext_lazy("Questionnaires new applications ask"),
        help_text=ClinicProfile._meta.get_field("questionnaires_off").help_text,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["states_scope"].initial = (
            SOME_STATES if self.instance.states_served else ALL_STATES)
        self.initial["languages_offered"] = [
            code for code in self.instance.languages_offered if code != Language.ENGLISH]

    def clean_languages_offered(self) -> list[str]:
        return [Language.ENGLISH, *self.cleaned_data["languages_offered"]]

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
            "languages_offered", "retain_closed_days", "retain_draft_days",
            "questionnaires_off", "measure_instruments", "measure_at_baseline",
            "measure_before_sessions", "measure_every_weeks",
        ]


class AuditedAdmin(admin.ModelAdmin):
    """Every change made here goes through the clinic's services, which write the audit
    row: what, which fields, and for settings the old and new values."""

    action = AuditEvent.Action.CONTENT_CHANGE
    keep_values = False

    def _changes(self, form: Any) -> Any:
        if self.keep_values:
            return services.settings_changes(form)
        return list(form.changed_data)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.record_save(obj=obj, by=request.user, ip_address=client_ip(request),
                             fields=self._changes(form), action=self.action)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.record_delete(obj=obj, by=request.user, ip_address=client_ip(request),
                               action=self.action)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any,
                     change: bool) -> None:
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            self.delete_model(request, obj)
        for inline_form in formset.forms:
            obj = inline_form.instance
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            services.record_save(obj=obj, by=request.user, ip_address=client_ip(request),
                                 fields=self._changes(inline_form), action=self.action,
                                 change="saved")
        formset.save_m2m()


class CrisisResourceFormSet(forms.BaseInlineFormSet):
    """Every page's footer points to the crisis lines in the visitor's language: each
    language offered keeps at least one, so the last of a language cannot be deleted (and
    a language cannot be offered before it has one)."""

    def clean(self) -> None:
        super().clean()
        kept = {form.cleaned_data.get("language") for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")}
        # The languages as the settings above are being saved (the form has set them).
        offered = self.instance.languages_offered
        missing = [label for value, label in Language.choices
                   if value in offered and value not in kept]
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
    fieldsets = [
        (gettext_lazy("The clinic"), {"fields": ["name", "phone", "email", "address"]}),
        (gettext_lazy("Who the clinic serves"), {"fields": [
            "states_scope", "states_served", "minimum_age", "languages_offered"]}),
        (gettext_lazy("Screening thresholds"), {"fields": [
            "pcl5_cutoff", "bp_rule_out_systolic", "bp_rule_out_diastolic",
            "bp_review_systolic", "bp_review_diastolic"]}),
        (gettext_lazy("Questionnaires"), {"fields": ["questionnaires_off"]}),
        (gettext_lazy("Measures over a course of care"), {"fields": [
            "measure_instruments", "measure_at_baseline", "measure_before_sessions",
            "measure_every_weeks"], "description": gettext_lazy(
            "The plan a new course starts with; the clinician may change it per course.")}),
        (gettext_lazy("Urgent cases"), {"fields": [
            "urgent_realert_minutes", "urgent_escalate_every_minutes"]}),
        (gettext_lazy("Retention"), {"fields": ["retain_closed_days", "retain_draft_days"],
                                     "description": gettext_lazy(
            "Erasing keeps the counts and the audit trail, nothing that says who the "
            "person was. A clinic admin can also erase one person's data from their "
            "intake page.")}),
    ]
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
    list_display = ["title", "slug", "language", "written_in", "published", "in_navigation",
                    "order", "updated_at"]
    list_filter = ["language", "published"]
    list_editable = ["published", "in_navigation", "order"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "body"]
    readonly_fields = ["preview"]

    def get_queryset(self, request: HttpRequest) -> Any:
        """Each page with the languages its address is written in, in the same query."""
        languages = (ContentPage.objects.filter(slug=OuterRef("slug")).order_by()
                     .values("slug").annotate(all=ArrayAgg("language", order_by="language"))
                     .values("all"))
        return super().get_queryset(request).annotate(languages=Subquery(languages))

    @admin.display(description=gettext_lazy("Written in"))
    def written_in(self, obj: ContentPage) -> str:
        """Beside each version, the others: a page missing in a language shows here."""
        names = dict(Language.choices)
        return ", ".join(str(names.get(code, code)) for code in obj.languages or [])

    def get_urls(self) -> list[Any]:
        preview = path("preview/", self.admin_site.admin_view(self.preview_view),
                       name="clinic_contentpage_preview")
        return [preview, *super().get_urls()]

    def preview_view(self, request: HttpRequest) -> HttpResponse:
        """The page as typed, before it is saved or published: the edit form's "Preview"
        button posts here, into a new tab. Nothing is saved, so nothing is audited."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        data = request.POST
        language = data.get("language")
        page = ContentPage(
            slug=data.get("slug", ""),
            language=language if language in Language.values else Language.ENGLISH,
            title=data.get("title", ""), summary=data.get("summary", ""),
            body=data.get("body", ""), published="published" in data)
        with translation.override(page.language):
            template = "clinic/home.html" if page.slug == "home" else "clinic/page.html"
            return render(request, template, {"page": page, "preview": True})

    @admin.display(description=gettext_lazy("Preview"))
    def preview(self, obj: ContentPage) -> Any:
        """The saved text as visitors will read it. Saving with "Save and continue editing"
        refreshes it; visitors see the page only once "published" is ticked."""
        if not obj.pk:
            return gettext_lazy("Nothing saved yet: “Preview (not saved)” below shows the "
                                "text as typed.")
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
