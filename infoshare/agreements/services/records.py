"""Documents and audited reads (downloads, exports)."""

from typing import Any

from django.db import transaction

from infoshare.accounts.models import User
from infoshare.agreements.audit import Action
from infoshare.agreements.documents import check_upload
from infoshare.agreements.models import (
    AgreementDocument,
)
from infoshare.agreements.services._common import (
    audit_agreement,
    locked_agreement,
    require_manager,
    unlocked_agreement,
)
from infoshare.audit.services import record


def upload_document(*, actor: User, agreement_id: int, upload: Any) -> AgreementDocument:
    """Attaches a PDF, DOCX or ODT (at most 10 MB, checked by content as well as name).

    The file is written to storage before the audit chain and the agreement are locked,
    so that every other write goes on meanwhile (docs/architecture.md, "Lock order"): the
    agreement is checked without a lock first, then again once locked; a file not kept
    (refused then, or the change failing) is deleted from storage."""
    checked = check_upload(upload)
    agreement = unlocked_agreement(actor, agreement_id)
    require_manager(actor, agreement)
    original = str(upload.name).replace("\\", "/").rsplit("/", 1)[-1][:255]
    document = AgreementDocument(
        agreement=agreement,
        original_name=original,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    document.file.save(original, upload, save=False)
    try:
        with transaction.atomic():
            agreement = locked_agreement(actor, agreement_id)
            require_manager(actor, agreement)
            document.agreement = agreement
            document.save()
            audit_agreement(
                Action.DOCUMENT_UPLOADED,
                actor,
                agreement,
                document_id=document.pk,
                name=original,
                sha256=checked.sha256,
            )
    except Exception:
        document.file.delete(save=False)
        raise
    return document


def record_document_download(*, actor: User, document: AgreementDocument) -> None:
    with transaction.atomic():
        audit_agreement(
            Action.DOCUMENT_DOWNLOADED,
            actor,
            document.agreement,
            document_id=document.pk,
            name=document.original_name,
        )


def record_register_export(
    *, actor: User, file_format: str, rows: int, filters: dict[str, Any] | None = None
) -> None:
    """The register was downloaded: in which format, how many rows, and the filters that
    chose them (those applied, as ``decisions.exported`` and ``audit.exported`` keep
    theirs), so that an auditor can tell what the download held."""
    with transaction.atomic():
        record(
            action=Action.REGISTER_EXPORTED,
            actor=actor,
            object_type="agreements.Agreement",
            data={"format": file_format, "rows": rows, "filters": filters or {}},
        )
