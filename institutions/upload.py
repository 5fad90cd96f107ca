"""Admin form: upload a conference list file (JSON or CSV) and import it."""

import tempfile
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from institutions.importer import ImportProblem, import_conference
from institutions.refresh import refresh_all

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        help_text="paperlists JSON (icml2017.json) or CSV title,authors,affiliations"
    )
    conference = forms.SlugField(
        required=False, help_text="e.g. icml; inferred from the file name if empty"
    )
    year = forms.IntegerField(required=False, min_value=1980, max_value=2100)
    all_statuses = forms.BooleanField(
        required=False, help_text="also store rejected/workshop papers"
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"larger than {MAX_UPLOAD_BYTES // 2**20} MiB")
        return upload


def upload_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("institutions.add_conferencepaper"):
        messages.error(request, "Importing lists needs the right to add conference papers.")
        return HttpResponseRedirect(reverse("admin:index"))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(upload.name).name
            path.write_bytes(upload.read())
            try:
                report = import_conference(
                    path, form.cleaned_data["conference"] or None, form.cleaned_data["year"],
                    form.cleaned_data["all_statuses"],
                )  # fmt: skip
            except ImportProblem as exc:
                form.add_error("file", str(exc))
            else:
                refresh_all()
                messages.success(request, report.summary())
                for error in report.errors[:20]:
                    messages.warning(request, f"{error['where']}: {error['reason']}")
                return HttpResponseRedirect(
                    reverse("admin:institutions_conferencepaper_changelist")
                )
    context = {
        **admin.site.each_context(request),
        "form": form,
        "title": "Import a conference list",
    }
    return TemplateResponse(request, "admin/institutions/upload.html", context)
