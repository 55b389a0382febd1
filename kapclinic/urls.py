from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.cache import never_cache

from clinic import views as clinic_views
from intake import views as intake_views

urlpatterns = [
    path("", clinic_views.home, name="home"),
    path("pages/<slug:slug>/", clinic_views.page, name="page"),
    path("get-help-now/", clinic_views.crisis, name="crisis"),
    path("is-kap-right-for-me/", never_cache(intake_views.self_check_page), name="self-check"),
    path("intake/", include("intake.urls")),
    path("staff/", include("review.urls")),
    path("staff/", include("accounts.urls")),
    path("staff/passkeys/", include("accounts.passkey_urls")),
    path(
        "staff/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=False),
        name="login",
    ),
    path("staff/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
