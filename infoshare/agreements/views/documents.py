"""Uploading and downloading agreement documents (access-checked, as attachments)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from infoshare.agreements import selectors, services
from infoshare.agreements.forms import DocumentForm
from infoshare.agreements.views._helpers import (
    add_errors,
    managed_agreement,
    not_found_as_404,
    posted,
)
from infoshare.core.errors import DomainError
from infoshare.core.pages import form_status


@require_http_methods(["GET", "POST"])
@not_found_as_404
def document_upload(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = managed_agreement(request, agreement_id)
    form = DocumentForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.upload_document(
                actor=request.user,  # type: ignore[arg-type]
                agreement_id=agreement.pk,
                upload=form.cleaned_data["file"],
            )
        except DomainError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{document.original_name} uploaded")
            return redirect("agreements:agreement_detail", agreement_id=agreement.pk)
    status = form_status(form)
    return render(
        request,
        "agreements/document_form.html",
        {"form": form, "agreement": agreement},
        status=status,
    )


@require_GET
@not_found_as_404
def document_download(
    request: HttpRequest, agreement_id: int, document_id: int
) -> HttpResponse | FileResponse:
    document = selectors.get_document_for(request.user, agreement_id, document_id)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404("Document not found") from error
    services.record_document_download(actor=request.user, document=document)  # type: ignore[arg-type]
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
