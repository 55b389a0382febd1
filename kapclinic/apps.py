from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """Django's admin, on our site class (kapclinic.admin_site)."""

    default_site = "kapclinic.admin_site.StaffAdminSite"
