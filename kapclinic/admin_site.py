"""The Django admin asks what every staff page asks: an active staff account whose login
took both steps. Its own login form is not used: ours has the lockout and the second step."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clinic.staff import is_verified


class StaffAdminSite(admin.AdminSite):
    site_header = "Clinic admin"
    site_title = "Clinic admin"

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
