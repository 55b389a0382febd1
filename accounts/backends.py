"""Django's model backend, with a member of staff's permissions read in one query.

Every staff page asks for a permission, and Django reads a user's own permissions and their
groups' in two queries; here one query reads both, once per request (Django keeps the
result on the user object, as its own backend does)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q


class ModelBackendOneQuery(ModelBackend):
    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                permissions = permissions.filter(Q(user=user_obj) | Q(group__user=user_obj))
            user_obj._perm_cache = {
                f"{app}.{codename}" for app, codename in permissions.values_list(
                    "content_type__app_label", "codename").order_by().distinct()}
        return user_obj._perm_cache
