"""Take the log out (a CSV of every set, a JSON backup of the account) and put a backup back."""

from collections import Counter

from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from transfer.access import get_restore_for_user
from transfer.backup import backup_json
from transfer.export_csv import sets_csv
from transfer.forms.backup import RestoreForm
from transfer.restore import (
    BackupError,
    account_contents,
    backup_check,
    restored_summary,
)
from transfer.tasks import restore_enqueue


def _download(pieces, *, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(pieces, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET"])
def export_csv(request):
    return _download(
        sets_csv(user=request.user),
        content_type="text/csv; charset=utf-8",
        filename=f"hamstrong-sets-{timezone.localdate():%Y-%m-%d}.csv",
    )


@never_cache
@login_required
@require_http_methods(["GET"])
def export_backup(request):
    return _download(
        backup_json(user=request.user),
        content_type="application/json; charset=utf-8",
        filename=f"hamstrong-backup-{timezone.localdate():%Y-%m-%d}.json",
    )


@login_required
@require_http_methods(["GET", "POST"])
def restore(request):
    if request.method == "POST":
        form = RestoreForm(request.POST, request.FILES)
        if form.is_valid():
            document = form.cleaned_data["file"]
            try:
                # Checked here, so a bad file is an error beside the field; written by a worker.
                backup_check(user=request.user, data=document)
            except BackupError as error:
                form.add_error("file", error.messages)
            else:
                job = restore_enqueue(
                    user=request.user, filename=request.FILES["file"].name, document=document
                )
                return redirect(job)
    else:
        form = RestoreForm()
    return render(
        request,
        "transfer/restore_form.html",
        {"form": form, "held": account_contents(request.user)},
    )


@login_required
@require_http_methods(["GET"])
def restore_progress(request, pk):
    """Where a restore stands; the page asks again every two seconds until it is done."""
    job = get_restore_for_user(request.user, pk)
    summary = restored_summary(Counter(job.counts)) if job.status == job.Status.DONE else ""
    template = (
        "transfer/includes/restore_status.html"
        if request.htmx
        else "transfer/restore_progress.html"
    )
    return render(request, template, {"job": job, "summary": summary})
