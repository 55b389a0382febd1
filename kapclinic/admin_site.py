"""The Django admin asks what every staff page asks: an active staff account whose login
took both steps. Its own login form is not used: ours has the lockout and the second step."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from clinic.selectors import clinic_profile
from clinic.staff import is_verified


class StaffAdminSite(admin.AdminSite):
    index_title = gettext_lazy("Content and settings")

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        """The clinic's own name on every admin page, never Django's."""
        context = super().each_context(request)
        name = clinic_profile().name
        context["site_header"] = name
        context["site_title"] = name
        return context

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and is_verified(request.user)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        user = request.user
        if user.is_authenticated and is_verified(user) and not self.has_permission(request):
            # Logged in fully, but the admin is not for their role: say so, as every staff
            # page does, rather than ask them to log in again.
            return render(request, "403.html", status=403)
        return redirect_to_login(request.GET.get("next") or request.path.replace(
            "login/", ""))
