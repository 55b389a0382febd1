from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class KapclinicConfig(AppConfig):
    """The project's own wiring as an app, for its management commands (backup, restore)."""

    name = "kapclinic"


class StaffAdminConfig(AdminConfig):
    """Django's admin, on our site class (kapclinic.admin_site)."""

    default_site = "kapclinic.admin_site.StaffAdminSite"
