"""What people do with agreements: draft, add parties, send for signature, sign or
refuse, start a new version, withdraw, attach documents.

Each function takes the actor, runs in one transaction and writes its audit event
in that transaction. Sign-off: every party's named signatory approves in the service
and the agreement becomes active when all have signed (issue 4). A change to an
agreement in force is a new version that goes through sign-off again; the old version
stays in force until the new one is active, and is then superseded.

None of this is ever a precondition for sharing (product.md principle 2)."""

from __future__ import annotations

from infoshare.agreements.services._common import CONTENT_FIELDS
from infoshare.agreements.services.drafts import (
    add_party,
    change_party_signatory,
    create_draft_agreement,
    remove_party,
    start_draft_agreement,
    start_new_version,
    update_draft,
    withdraw_agreement,
)
from infoshare.agreements.services.records import (
    record_document_download,
    record_register_export,
    upload_document,
)
from infoshare.agreements.services.sign_off import (
    refuse_to_sign,
    sign_agreement,
    submit_for_signature,
)

__all__ = [
    "CONTENT_FIELDS",
    "add_party",
    "change_party_signatory",
    "create_draft_agreement",
    "record_document_download",
    "record_register_export",
    "refuse_to_sign",
    "remove_party",
    "sign_agreement",
    "start_draft_agreement",
    "start_new_version",
    "submit_for_signature",
    "update_draft",
    "upload_document",
    "withdraw_agreement",
]
