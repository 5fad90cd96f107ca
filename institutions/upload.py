"""Admin form: upload a conference list file (JSON or CSV) and import it.

Every bad input gets a reason, never a 500: the form checks size and slug, the importer
says why a file cannot be read (gzip, not UTF-8, unreadable CSV, JSON nested too deeply) and
reports bad records (a NUL character, authors and affiliations that do not align) by
position. A file over INLINE_UPLOAD_BYTES is stored as a ConferenceUpload and imported by a
worker (institutions.tasks.import_conference_upload), whose progress admin shows.
"""

from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from institutions.importer import ImportProblem
from institutions.tasks import import_conference_upload
from institutions.upload_import import import_bytes
from institutions.upload_jobs import ConferenceUpload

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# A 3 MB list took 78 s inline: anything over this goes to a worker.
INLINE_UPLOAD_BYTES = 256 * 1024
MESSAGES_SHOWN = 20


class UploadForm(forms.Form):
    file = forms.FileField(
        help_text="paperlists JSON (icml2017.json) or CSV title,authors,affiliations"
    )
    conference = forms.SlugField(
        required=False,
        max_length=ConferenceUpload._meta.get_field("conference").max_length,
        help_text="e.g. icml; inferred from the file name if empty",
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


def _queue(request: HttpRequest, form: UploadForm) -> HttpResponse:
    upload_file = form.cleaned_data["file"]
    upload = ConferenceUpload.objects.create(
        file_name=Path(upload_file.name).name[:255], data=upload_file.read(),
        conference=form.cleaned_data["conference"] or "", year=form.cleaned_data["year"],
        all_statuses=form.cleaned_data["all_statuses"], uploaded_by_id=request.user.pk,
    )  # fmt: skip
    transaction.on_commit(lambda: import_conference_upload.delay(upload.pk))
    messages.info(request, f"{upload.file_name} is being imported by a worker: progress below.")
    return HttpResponseRedirect(reverse("admin:institutions_conferenceupload_changelist"))


def upload_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("institutions.add_conferencepaper"):
        messages.error(request, "Importing lists needs the right to add conference papers.")
        return HttpResponseRedirect(reverse("admin:index"))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > INLINE_UPLOAD_BYTES:
            return _queue(request, form)
        try:
            report = import_bytes(
                upload.name, upload.read(), form.cleaned_data["conference"] or None,
                form.cleaned_data["year"], form.cleaned_data["all_statuses"],
            )  # fmt: skip
        except ImportProblem as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, report.summary())
            for error in report.errors[:MESSAGES_SHOWN]:
                messages.warning(request, f"{error['where']}: {error['reason']}")
            return HttpResponseRedirect(reverse("admin:institutions_conferencepaper_changelist"))
    context = {
        **admin.site.each_context(request),
        "form": form,
        "title": "Import a conference list",
    }
    return TemplateResponse(request, "admin/institutions/upload.html", context)
