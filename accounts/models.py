"""Invitations to join the staff. The account exists from the invitation on, with no
password until the person sets one through the emailed link."""

from django.conf import settings
from django.db import models


class Invitation(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    # The link's token is made when the email is written and only its hash is kept.
    token_hash = models.CharField(max_length=64, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("manage_staff", "Can invite staff, change roles, deactivate "
                                        "accounts and reset two-step login")]

    def __str__(self) -> str:
        return f"Invitation of {self.user_id} until {self.expires_at:%Y-%m-%d %H:%M}"
