from datetime import timedelta

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.cache import never_cache

from accounts import views as account_views
from accounts.forms import QueuedPasswordResetForm, StaffLoginForm
from clinic import views as clinic_views
from intake import views as intake_views
from throttle.decorators import limit_posts
from throttle.services import Limit

PASSWORD_RESETS = Limit("password-reset", 5, timedelta(hours=1))

urlpatterns = [
    path("", clinic_views.home, name="home"),
    path("pages/<slug:slug>/", clinic_views.page, name="page"),
    path("get-help-now/", intake_views.crisis, name="crisis"),
    path("is-kap-right-for-me/", never_cache(intake_views.self_check_page), name="self-check"),
    path("intake/", include("intake.urls")),
    path("care/", include("care.urls")),
    path("staff/", include("review.urls")),
    path("staff/", include("accounts.urls")),
    path("staff/passkeys/", include("accounts.passkey_urls")),
    path(
        "staff/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=False,
                                     authentication_form=StaffLoginForm),
        name="login",
    ),
    path("staff/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Password resets reveal nothing: the same page whether the address has an account.
    path("staff/password-reset/", limit_posts(PASSWORD_RESETS)(
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm)),
        name="password_reset"),
    path("staff/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("staff/password-reset/<uidb64>/<token>/", account_views.PasswordResetConfirm.as_view(),
         name="password_reset_confirm"),
    path("staff/password-reset/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Renders without the database when the database is what failed (a 503 then).
handler500 = "kapclinic.errors.server_error"
