from django.db import models


class Row(models.Model):
    """One row of the baseline's table: what a bare list pages through and a bare view
    inserts."""

    name = models.CharField(max_length=100)
    value = models.IntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["value", "-id"], name="baseline_value_idx")]

    def __str__(self) -> str:
        return self.name
