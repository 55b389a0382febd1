"""A member of staff's permissions, their own and their role's, come from one query and
answer as Django's own backend does."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from accounts.backends import ModelBackendOneQuery
from clinic.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_role_and_own_permissions_in_one_query_and_as_djangos_backend(
        django_assert_num_queries):
    user = factories.staff(Role.CLINICIAN, "pat.clinician@example.org")
    user.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    ours = _fresh(user)
    with django_assert_num_queries(1):
        permissions = ModelBackendOneQuery().get_all_permissions(ours)
        assert ours.has_perm("intake.view_intake")  # the role's, from the cache
    assert permissions == ModelBackend().get_all_permissions(_fresh(user))
    assert {"intake.view_intake", "audit.view_auditevent"} <= permissions


def test_inactive_accounts_have_none_and_superusers_have_all():
    user = factories.staff(Role.CLINIC_ADMIN, "sam.admin@example.org")
    user.is_active = False
    assert ModelBackendOneQuery().get_all_permissions(user) == set()
    boss = factories.UserFactory(is_superuser=True)
    assert len(ModelBackendOneQuery().get_all_permissions(boss)) == Permission.objects.count()
    assert ModelBackendOneQuery().get_all_permissions(factories.UserFactory()) == set()
