from django.urls import path
from django.views.decorators.cache import never_cache

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("two-step/set-up/", never_cache(views.setup), name="mfa-setup"),
    path("two-step/", never_cache(views.verify), name="mfa-verify"),
    path("account/", views.security, name="security"),
    path("account/backup-codes/", never_cache(views.backup_codes), name="backup-codes"),
]
