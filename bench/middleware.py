"""How many SQL queries a response took, in its `X-Queries` header (bench/settings.py)."""

from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse


def query_count(get_response: Callable[[HttpRequest], HttpResponse]
                ) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        count = 0

        def counting(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counting):
            response = get_response(request)
        response["X-Queries"] = str(count)
        return response

    return middleware
