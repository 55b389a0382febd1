"""Logins, failed logins and logouts on the record. Django announces them only as signals
(its login view and the admin's both send them), so the audit app listens and writes the
row; nothing else happens here."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from audit.models import AuditEvent
from audit.services import audit_record, client_ip


@receiver(user_logged_in, dispatch_uid="audit-login")
def _logged_in(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action=AuditEvent.Action.LOGIN, ip_address=client_ip(request))


@receiver(user_logged_out, dispatch_uid="audit-logout")
def _logged_out(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action=AuditEvent.Action.LOGOUT, ip_address=client_ip(request))


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def _login_failed(sender: object, credentials: dict[str, Any],
                  request: HttpRequest | None = None, **kwargs: Any) -> None:
    # Django masks the password in `credentials`; the name tried is kept, nothing else.
    audit_record(actor=None, action=AuditEvent.Action.LOGIN_FAILED, ip_address=client_ip(request),
                 detail={"username": str(credentials.get("username", ""))[:150]})


@receiver(user_locked_out, dispatch_uid="audit-lockout")
def _locked_out(sender: object, request: HttpRequest | None = None, username: str = "",
                ip_address: str | None = None, **kwargs: Any) -> None:
    audit_record(actor=None, action=AuditEvent.Action.LOCKOUT, ip_address=ip_address,
                 detail={"username": str(username or "")[:150]})
