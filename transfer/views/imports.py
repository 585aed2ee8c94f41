"""Importing another app's log: upload, review, confirm, watch it write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from training.models import Import
from transfer import formats
from transfer.access import get_import_for_user
from transfer.forms.imports import ImportReviewForm, ImportUploadForm
from transfer.import_writing import import_cancel as cancel
from transfer.import_writing import import_retry
from transfer.importing import import_confirm, import_stage
from transfer.tasks import import_enqueue, import_resume

# Errors listed on the upload form; the rest are counted.
SHOWN_ERRORS = 20


def _progress_only():
    return Import.objects.defer("payload")


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = import_stage(user=request.user, filename=upload.name, data=upload.read())
        except formats.ImportFileError as error:
            for problem in error.errors[:SHOWN_ERRORS]:
                where = f"Line {problem.line}: " if problem.line else ""
                form.add_error("file", f"{where}{problem.message}")
            more = len(error.errors) - SHOWN_ERRORS
            if more > 0:
                form.add_error("file", f"…and {more} more. Nothing was imported.")
        else:
            return redirect("transfer:import-review", pk=batch.pk)
    recent = (
        _progress_only()
        .for_user(request.user)
        .exclude(status=Import.Status.REVIEW)
        .only("pk", "filename", "format", "status", "created_at", "sets_written", "total")[:5]
    )
    return render(request, "transfer/import_start.html", {"form": form, "recent": recent})


def _page(request) -> int:
    raw = request.GET.get("page", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 6 else 1


@login_required
@require_http_methods(["GET", "POST"])
def import_review(request, pk):
    """The file's names a page at a time: each page's answers are kept; the last confirms."""
    # The staged sessions are read only to confirm: the page needs their count alone.
    batch = get_import_for_user(request.user, pk, queryset=_progress_only())
    if batch.status != Import.Status.REVIEW:
        return redirect("transfer:import-progress", pk=batch.pk)
    form = ImportReviewForm(
        request.POST or None, batch=batch, user=request.user, page=_page(request)
    )
    if request.method == "POST" and form.is_valid():
        answers = {**batch.summary.get("answers", {}), **form.choices()}
        if not form.is_last_page:
            batch.summary = {**batch.summary, "answers": answers}
            batch.save(update_fields=["summary"])
            url = reverse("transfer:import-review", args=[batch.pk])
            return redirect(f"{url}?page={form.page + 1}")
        with transaction.atomic():
            batch = import_confirm(
                batch=batch,
                unit=form.cleaned_data.get("unit") or batch.unit or request.user.unit,
                choices=answers,
            )
            if batch.status == Import.Status.RUNNING and batch.cursor == 0:
                import_enqueue(batch)
        return redirect("transfer:import-progress", pk=batch.pk)
    summary = batch.summary
    new = summary["sessions"] - summary.get("already_imported", 0)
    return render(
        request,
        "transfer/import_review.html",
        {"batch": batch, "form": form, "summary": summary, "new_sessions": new},
    )


@login_required
@require_http_methods(["GET"])
def import_progress(request, pk):
    batch = get_import_for_user(request.user, pk, queryset=_progress_only())
    if batch.status == Import.Status.REVIEW:
        return redirect("transfer:import-review", pk=batch.pk)
    if request.htmx:
        # The page asks every second or two while a worker writes it.
        return render(request, "transfer/includes/import_status.html", {"batch": batch})
    return render(request, "transfer/import_progress.html", {"batch": batch})


@login_required
@require_POST
def import_step(request, pk):
    """Carry on: queue a stalled import again (its worker stopped); otherwise nothing."""
    batch = get_import_for_user(request.user, pk, queryset=_progress_only())
    if import_resume(batch):
        messages.info(request, "Carrying on with the import where it stopped.")
    return redirect("transfer:import-progress", pk=batch.pk)


@login_required
@require_POST
def import_retry_view(request, pk):
    """Take a failed import back to its review, to confirm it again."""
    batch = import_retry(batch=get_import_for_user(request.user, pk, queryset=_progress_only()))
    if batch.status == Import.Status.REVIEW:
        return redirect("transfer:import-review", pk=batch.pk)
    return redirect("transfer:import-progress", pk=batch.pk)


@login_required
@require_POST
def import_cancel(request, pk):
    batch = get_import_for_user(request.user, pk, queryset=_progress_only())
    if batch.status in (Import.Status.REVIEW, Import.Status.RUNNING):
        cancel(batch=batch)
        messages.info(request, f"Cancelled the import of {batch.filename}: nothing of it was kept.")
    return redirect("transfer:import-start")
