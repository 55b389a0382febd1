"""Every write to the clinic's settings and content, each with its audit row. The admin's
pages call these; nothing else saves these records.

Settings hold no client's details, so their audit rows keep the old and the new values;
content rows keep which fields changed (a page's text is its own history's business).
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AbstractUser, Group
from django.db import models, transaction

from audit.models import AuditEvent
from audit.services import audit_record
from clinic.roles import Role
from clinic.selectors import memo_forget

Changes = list[str] | dict[str, list[Any]]


def _audit(*, obj: models.Model, pk: Any, change: str, fields: Changes,
           by: AbstractBaseUser | None, ip_address: str | None,
           action: AuditEvent.Action) -> None:
    audit_record(actor=by, action=action, ip_address=ip_address,
                 detail={"object": obj._meta.label_lower, "id": pk, "change": change,
                         "fields": fields})


@transaction.atomic
def record_save(*, obj: models.Model, by: AbstractBaseUser | None, ip_address: str | None,
                fields: Changes, action: AuditEvent.Action = AuditEvent.Action.CONTENT_CHANGE,
                change: str | None = None) -> None:
    """Save a settings or content record and say so in the audit trail; `fields` are the
    names changed, or for settings {name: [old, new]}."""
    added = obj.pk is None or obj._state.adding
    obj.save()
    memo_forget()  # the rest of this request reads what was just saved
    _audit(obj=obj, pk=obj.pk, change=change or ("added" if added else "changed"),
           fields=fields, by=by, ip_address=ip_address, action=action)


@transaction.atomic
def record_delete(*, obj: models.Model, by: AbstractBaseUser | None, ip_address: str | None,
                  action: AuditEvent.Action = AuditEvent.Action.CONTENT_CHANGE) -> None:
    pk = obj.pk
    obj.delete()
    memo_forget()
    _audit(obj=obj, pk=pk, change="deleted", fields=[], by=by, ip_address=ip_address,
           action=action)


def settings_changes(form: Any) -> dict[str, list[Any]]:
    """The fields a settings form changed, each as [old, new] in values JSON keeps."""
    return {name: [_plain(form.initial.get(name)), _plain(form.cleaned_data.get(name))]
            for name in form.changed_data}


def _plain(value: Any) -> Any:
    """A value as JSON can keep it (lists of states, numbers, text)."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


@transaction.atomic
def staff_user_create(
    *, email: str, role: Role, password: str, first_name: str = "", last_name: str = ""
) -> AbstractUser:
    """Create a staff account in one role. Clinic admins may also use Django's admin."""
    user_model = get_user_model()
    email = user_model.objects.normalize_email(email).lower()
    user = user_model.objects.create_user(
        username=email,
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        is_staff=role is Role.CLINIC_ADMIN,
    )
    user.groups.add(Group.objects.get(name=role.value))
    return user
