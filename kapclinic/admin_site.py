"""The Django admin asks what every staff page asks: an active staff account whose login
took both steps. Its own login form is not used: ours has the lockout and the second step."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from clinic.staff import is_verified


class StaffAdminSite(admin.AdminSite):
    site_header = "Clinic admin"
    site_title = "Clinic admin"

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and is_verified(request.user)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        return redirect_to_login(request.GET.get("next") or request.path.replace(
            "login/", ""))
