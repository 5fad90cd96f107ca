"""Response helpers shared by the JSON/CSV endpoints.

Hot endpoints cache the encoded body (`encode_json` / `encode_csv` inside core.cache.cached)
and answer with `body_response`, so a cache hit costs no serialisation at all.
"""

import csv
import io
import json
from collections.abc import Iterable, Sequence

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse


def bad_request(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


def encode_json(data: object) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def encode_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue().encode()


def body_response(body: bytes, fmt: str, filename: str = "data.csv") -> HttpResponse:
    """An already encoded JSON or CSV body (CSV as a download named `filename`)."""
    if fmt == "csv":
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return HttpResponse(body, content_type="application/json")


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    return body_response(encode_csv(header, rows), "csv", filename)
