"""gunicorn reads this file from the folder it starts in (README, Production).

gunicorn names itself in a `Server` header on every response, and has no setting to stop
it; the app sends no banner that helps someone pick an exploit, so it is dropped here."""

from gunicorn.http import wsgi

_default_headers = wsgi.Response.default_headers


def _without_server_banner(self: wsgi.Response) -> list[str]:
    return [h for h in _default_headers(self) if not h.lower().startswith("server:")]


wsgi.Response.default_headers = _without_server_banner
