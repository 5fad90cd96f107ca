"""Response helpers shared by the JSON/CSV endpoints."""

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse, JsonResponse


def bad_request(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return response
