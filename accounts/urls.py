from django.urls import path
from django.views.decorators.cache import never_cache

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("two-step/set-up/", never_cache(views.setup), name="mfa-setup"),
    path("two-step/", never_cache(views.verify), name="mfa-verify"),
    path("account/", views.security, name="security"),
    path("account/backup-codes/", never_cache(views.backup_codes), name="backup-codes"),
    path("invitation/<str:token>/", never_cache(views.invitation), name="invitation"),
    path("people/", views.people, name="people"),
    path("people/<int:user_id>/", views.person, name="person"),
    path("people/<int:user_id>/deactivate/", views.deactivate, name="deactivate"),
    path("people/<int:user_id>/reactivate/", views.reactivate, name="reactivate"),
    path("people/<int:user_id>/two-step-reset/", views.mfa_reset, name="mfa-reset"),
]
