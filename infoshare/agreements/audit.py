from enum import StrEnum


class Action(StrEnum):
    DRAFT_CREATED = "agreements.draft_created"
    DRAFT_UPDATED = "agreements.draft_updated"
    PARTY_ADDED = "agreements.party_added"
    PARTY_REMOVED = "agreements.party_removed"
    PARTY_SIGNATORY_CHANGED = "agreements.party_signatory_changed"
    SUBMITTED_FOR_SIGNATURE = "agreements.submitted_for_signature"
    SIGNED = "agreements.signed"
    REFUSED = "agreements.refused"
    ACTIVATED = "agreements.activated"
    SUPERSEDED = "agreements.superseded"
    NEW_VERSION_STARTED = "agreements.new_version_started"
    WITHDRAWN = "agreements.withdrawn"
    MARKED_UNDER_REVIEW = "agreements.marked_under_review"
    MARKED_EXPIRED = "agreements.marked_expired"
    REVIEW_REMINDER_SENT = "agreements.review_reminder_sent"
    DOCUMENT_UPLOADED = "agreements.document_uploaded"
    DOCUMENT_DOWNLOADED = "agreements.document_downloaded"
    REGISTER_EXPORTED = "agreements.register_exported"
