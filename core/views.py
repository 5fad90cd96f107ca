"""The one view skeleton: parse, call one analytics function, respond.

`api_view` wraps a JSON endpoint: the view returns an `Answer` (JSON data, and the table a
`format=csv` request gets); a QueryError anywhere becomes a 400 whose message names the
parameter. `page_view` does the same for a server-rendered page: the view returns its
template context, and on a QueryError the page is rendered with the error in place of the
chart (status 400) and the form still filled in from `base_context`. Both first run
core.params.check_query, so no parser ever sees a control character or an over-long value.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.cache import peek, store
from core.params import QueryError, check_query, parse_format
from core.responses import bad_request, body_response, encode_csv, encode_json


@dataclass
class Table:
    """What `format=csv` answers: a download named `filename`."""

    filename: str
    header: Sequence[str]
    rows: Iterable[Sequence[object]]


@dataclass
class Answer:
    """An endpoint's answer: `data` as JSON, or `table()` as CSV (None: JSON only)."""

    data: Any
    table: Callable[[], Table] | None = None


def api_view(view: Callable[..., Answer | HttpResponse]) -> Callable[..., HttpResponse]:
    """The encoded answer is cached per URL (path and query, in any order) and generation:
    an API answer is a function of those alone, so a URL asked before costs one cache read
    and no parsing, query or encoding. Only answers are kept: a 400, or a response the view
    made itself (202 "computing"), is decided afresh every time."""

    @require_GET
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        url_key = repr((request.path, sorted(request.GET.lists())))
        kept: tuple[bytes, str, str] | None = peek("api-answer", url_key)
        if kept is not None:
            return body_response(*kept)
        try:
            check_query(request.GET)
            answer = view(request, *args, **kwargs)
            if isinstance(answer, HttpResponse):
                return answer
            fmt = parse_format(request.GET) if answer.table is not None else "json"
        except QueryError as exc:
            return bad_request(str(exc))
        if fmt == "csv" and answer.table is not None:
            table = answer.table()
            encoded = (encode_csv(table.header, table.rows), "csv", table.filename)
        elif isinstance(answer.data, bytes):  # already encoded (and cached) by the view
            encoded = (answer.data, "json", "")
        else:
            encoded = (encode_json(answer.data), "json", "")
        store("api-answer", url_key, encoded)
        return body_response(*encoded)

    return wrapper


def page_view(
    template: str, base_context: Callable[[HttpRequest], dict[str, Any]]
) -> Callable[[Callable[[HttpRequest], dict[str, Any]]], Callable[..., HttpResponse]]:
    def decorate(view: Callable[[HttpRequest], dict[str, Any]]) -> Callable[..., HttpResponse]:
        @require_GET
        @wraps(view)
        def wrapper(request: HttpRequest) -> HttpResponse:
            context = base_context(request)
            try:
                check_query(request.GET)
                context.update(view(request))
            except QueryError as exc:
                context["error"] = str(exc)
                return render(request, template, context, status=400)
            return render(request, template, context)

        return wrapper

    return decorate
