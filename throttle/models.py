"""Counters for the limits on what anyone may ask of the public pages (starting intakes,
emails with links). One row per limit, per who is asking, per window of time; the key is a
hash, so no address (an IP or an email) is stored."""

from django.db import models


class Hit(models.Model):
    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "throttle_hit"  # named in throttle.services' upsert
        constraints = [models.UniqueConstraint(fields=["key", "window_start"],
                                               name="throttle_one_counter_per_window")]
        indexes = [models.Index(fields=["window_start"], name="throttle_window_idx")]

    def __str__(self) -> str:
        return f"{self.count} since {self.window_start:%Y-%m-%d %H:%M}"
