"""Django's PostgreSQL backend, pointed at the embedded server, which it starts when needed."""

from pathlib import Path
from typing import Any

from django.db.backends.postgresql import base

from .server import ensure_running


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        params.update(ensure_running(Path(self.settings_dict["EMBEDDED_DATA_DIR"])))
        return params
