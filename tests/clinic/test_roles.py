"""Staff roles: groups with the right permissions, and the command that makes staff."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from clinic.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_both_role_groups_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


def test_clinicians_read_intakes_but_cannot_edit_content(clinician):
    assert clinician.has_perm("intake.view_intake")
    assert not clinician.has_perm("clinic.change_contentpage")
    assert not clinician.is_staff  # no Django admin for clinicians


def test_clinic_admins_edit_content_and_settings(clinic_admin):
    assert clinic_admin.is_staff
    assert clinic_admin.has_perm("clinic.change_contentpage")
    assert clinic_admin.has_perm("clinic.change_clinicprofile")
    assert clinic_admin.has_perm("audit.view_auditevent")
    assert not clinic_admin.has_perm("audit.change_auditevent")


def test_create_staff_user_command_gives_the_role(django_user_model):
    call_command("create_staff_user", "New@Example.org", role="clinician",
                 password="a-long-enough-password")
    user = django_user_model.objects.get(username="new@example.org")
    assert list(user.groups.values_list("name", flat=True)) == ["Clinician"]
    assert user.check_password("a-long-enough-password")


def test_create_staff_user_refuses_a_weak_password():
    with pytest.raises(CommandError, match="too short"):
        call_command("create_staff_user", "x@example.org", role="clinician", password="short")


def test_create_staff_user_refuses_an_existing_email(clinician):
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_staff_user", clinician.email.upper(), role="clinic-admin",
                     password="a-long-enough-password")


def test_the_migrations_give_each_role_exactly_what_roles_py_says():
    from clinic.roles import ROLE_PERMISSIONS

    for role, names in ROLE_PERMISSIONS.items():
        held = Group.objects.get(name=role.value).permissions.values_list(
            "content_type__app_label", "codename")
        assert sorted(f"{app}.{code}" for app, code in held) == sorted(names), role


def test_a_clinic_admin_cannot_make_themselves_superuser_in_the_admin(client, clinic_admin,
                                                                      clinician):
    factories.staff_login(client, clinic_admin)
    change = f"/admin/auth/user/{clinic_admin.pk}/change/"
    assert client.get(change).status_code == 403
    response = client.post(change, {"username": clinic_admin.username, "is_superuser": "on",
                                    "is_staff": "on", "is_active": "on"})
    assert response.status_code == 403
    clinic_admin.refresh_from_db()
    assert not clinic_admin.is_superuser
    password = f"/admin/auth/user/{clinician.pk}/password/"
    assert client.post(password, {"password1": "a-new-long-passphrase",
                                  "password2": "a-new-long-passphrase"}).status_code == 403
    clinician.refresh_from_db()
    assert not clinician.check_password("a-new-long-passphrase")
    assert client.get("/admin/auth/group/").status_code == 403
    index = client.get("/admin/").content.decode()
    assert "/admin/auth/user/" not in index  # not even offered


def test_a_superuser_from_the_shell_still_manages_accounts(client, django_user_model):
    root = django_user_model.objects.create_superuser("root@example.org", "root@example.org",
                                                      "a-long-enough-password")
    factories.staff_login(client, root)
    assert client.get(f"/admin/auth/user/{root.pk}/change/").status_code == 200
