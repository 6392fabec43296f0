"""Readable names for audit actions and for the types of the objects events are about.

Each app registers its ``audit.Action`` enum from its ``AppConfig.ready``::

    from infoshare.audit import labels
    labels.register(Action)

A member's label is the one ``ACTION_LABELS`` gives its value, in the service's own words
("accounts.mfa_activated" -> "Accounts: two-factor authentication turned on"); failing that
its ``label`` attribute (Django ``TextChoices``); failing that its name in sentence case
(``TOKEN_CREATED`` -> "Token created"), prefixed by the app part of the value. Every action
of the project has an entry (a test says so), so an auditor never reads a code name. An
action nobody registered is shown as its raw value, so the audit trail never hides an event
for want of a label."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from enum import Enum

from django.apps import apps

_labels: dict[str, str] = {}

#: Every action of the project in plain English, in the words its pages use ("two-factor
#: authentication", "API token", "leaver's draft"): an auditor reads what happened, not a
#: code name. Keyed by the stored value (the audit app imports no other app); a test checks
#: that every registered action is here.
ACTION_LABELS: dict[str, str] = {
    # accounts
    "accounts.signed_in": "Accounts: signed in",
    "accounts.sign_in_failed": "Accounts: sign-in failed",
    "accounts.signed_out": "Accounts: signed out",
    "accounts.signed_out_everywhere": "Accounts: signed out everywhere",
    "accounts.password_changed": "Accounts: password changed",
    "accounts.password_reset": "Accounts: password reset",
    "accounts.mfa_activated": "Accounts: two-factor authentication turned on",
    "accounts.mfa_deactivated": "Accounts: two-factor authentication turned off",
    "accounts.mfa_code_failed": "Accounts: wrong two-factor authentication code",
    "accounts.mfa_attempts_limited": (
        "Accounts: two-factor authentication code refused after too many tries"
    ),
    "accounts.recovery_codes_generated": "Accounts: recovery codes created",
    "accounts.recovery_codes_regenerated": "Accounts: new recovery codes created",
    "accounts.recovery_code_used": "Accounts: recovery code used",
    "accounts.token_created": "Accounts: API token created",
    "accounts.token_revoked": "Accounts: API token revoked",
    "accounts.all_tokens_revoked": "Accounts: all API tokens revoked",
    "accounts.api_rate_limited": "Accounts: API requests refused for being too many",
    # advice
    "advice.requested": "Advice: advice requested",
    "advice.replied": "Advice: advice request answered",
    "advice.closed": "Advice: advice request closed",
    "advice.viewed_request": "Advice: advice request viewed",
    "advice.listed_requests": "Advice: advice requests listed",
    # agreements
    "agreements.draft_created": "Agreements: draft agreement started",
    "agreements.draft_updated": "Agreements: draft agreement changed",
    "agreements.party_added": "Agreements: party added",
    "agreements.party_removed": "Agreements: party removed",
    "agreements.party_signatory_changed": "Agreements: party's signatory changed",
    "agreements.submitted_for_signature": "Agreements: sent for signature",
    "agreements.signed": "Agreements: signed by a party",
    "agreements.refused": "Agreements: signing refused by a party",
    "agreements.activated": "Agreements: agreement became active",
    "agreements.superseded": "Agreements: agreement superseded by a new version",
    "agreements.new_version_started": "Agreements: new version started",
    "agreements.withdrawn": "Agreements: agreement withdrawn",
    "agreements.marked_under_review": "Agreements: marked as under review",
    "agreements.marked_expired": "Agreements: marked as expired",
    "agreements.review_reminder_sent": "Agreements: review reminder sent",
    "agreements.document_uploaded": "Agreements: document uploaded",
    "agreements.document_downloaded": "Agreements: document downloaded",
    "agreements.register_exported": "Agreements: register of agreements downloaded",
    # audit
    "audit.exported": "Audit: audit trail downloaded",
    "audit.access_refused": "Audit: access refused",
    "audit.access_refusals_capped": "Audit: access refusals capped",
    # decisions
    "decisions.person_added": "Decisions: person added",
    "decisions.person_corrected": "Decisions: person's details corrected",
    "decisions.person_removed": "Decisions: person removed from the register",
    "decisions.viewed_person": "Decisions: person's records viewed",
    "decisions.searched_people": "Decisions: people searched for",
    "decisions.draft_started": "Decisions: draft started",
    "decisions.draft_updated": "Decisions: draft changed",
    "decisions.draft_discarded": "Decisions: draft discarded",
    "decisions.finalised": "Decisions: decision finalised",
    "decisions.amended": "Decisions: decision amended",
    "decisions.amendment_reason_changed": "Decisions: reason for amendment changed",
    "decisions.amendment_withdrawn": "Decisions: amendment withdrawn",
    "decisions.leavers_draft_deleted": "Decisions: leaver's draft deleted",
    "decisions.superseded": "Decisions: decision superseded by an amendment",
    "decisions.countersigned": "Decisions: decision countersigned",
    "decisions.viewed_decision": "Decisions: decision record viewed",
    "decisions.listed_decisions": "Decisions: decision records listed",
    "decisions.reminder_sent": "Decisions: draft reminder sent",
    "decisions.exported": "Decisions: decision records downloaded",
    # governance
    "governance.position_statement_published": "Governance: position statement published",
    "governance.position_statement_acknowledged": "Governance: position statement acknowledged",
    "governance.policy_created": "Governance: policy added",
    "governance.policy_changed": "Governance: policy changed",
    "governance.policy_version_created": "Governance: new policy version added",
    "governance.policy_published": "Governance: policy published",
    "governance.policy_acknowledged": "Governance: policy acknowledged",
    "governance.common_standard_published": "Governance: common standard published",
    "governance.adoption_recorded": "Governance: adoption of a common standard recorded",
    "governance.plan_priority_added": "Governance: plan priority added",
    # partnerships
    "partnerships.partnership_created": "Partnerships: partnership created",
    "partnerships.organisation_created": "Partnerships: organisation added",
    "partnerships.organisation_changed": "Partnerships: organisation changed",
    "partnerships.person_invited": "Partnerships: person invited",
    "partnerships.invitation_accepted": "Partnerships: invitation accepted",
    "partnerships.invitation_resent": "Partnerships: invitation sent again",
    "partnerships.invitation_email_failed": "Partnerships: invitation email not sent",
    "partnerships.invitation_refused": "Partnerships: invitation not allowed",
    "partnerships.two_factor_reset": "Partnerships: two-factor authentication reset",
    "partnerships.two_factor_reset_email_failed": (
        "Partnerships: two-factor authentication reset email not sent"
    ),
    "partnerships.role_changed": "Partnerships: role changed",
    "partnerships.membership_added": "Partnerships: person added to an organisation",
    "partnerships.membership_added_elsewhere": (
        "Partnerships: person also added to another organisation"
    ),
    "partnerships.added_elsewhere_email_failed": (
        "Partnerships: email about being added to another organisation not sent"
    ),
    "partnerships.person_deactivated": "Partnerships: account deactivated",
    "partnerships.membership_ended": "Partnerships: person removed from an organisation",
    "partnerships.staff_import_uploaded": "Partnerships: staff import uploaded",
    "partnerships.staff_imported": "Partnerships: staff imported",
    "partnerships.staff_import_failed": "Partnerships: staff import failed",
    "partnerships.staff_exported": "Partnerships: staff list downloaded",
    "partnerships.team_created": "Partnerships: team added",
}


def _label_of(member: Enum) -> str:
    written = ACTION_LABELS.get(str(member.value))
    if written:
        return written
    explicit = getattr(member, "label", None)
    if isinstance(explicit, str) and explicit:
        return explicit
    text = member.name.replace("_", " ").lower().capitalize()
    app = str(member.value).split(".", 1)[0] if "." in str(member.value) else ""
    return f"{app.capitalize()}: {text.lower()}" if app else text


def register(enum_cls: type[Enum]) -> None:
    """Registers every member of a ``StrEnum`` of action names."""
    for member in enum_cls:
        _labels[str(member.value)] = _label_of(member)


def label_for(action: str) -> str:
    return _labels.get(action, action)


def known_actions() -> set[str]:
    return set(_labels)


def choices(actions: Iterable[str]) -> list[tuple[str, str]]:
    """(value, label) pairs for the given actions plus every registered one, by label."""
    values = set(actions) | set(_labels)
    return sorted(((value, label_for(value)) for value in values), key=lambda c: c[1].lower())


#: What a person calls an object type where the model's own name would not do
#: (lower case keys: a type is matched whatever its case, "decisions.sharingdecision"
#: as "decisions.SharingDecision"). Every other model of the project reads as its
#: ``verbose_name`` ("partnerships.StaffImport" -> "Staff import").
_OBJECT_TYPE_NAMES: dict[str, str] = {
    "accounts.user": "User account",
    "accounts.apitoken": "API token",
    "decisions.person": "Person",
    "decisions.sharingdecision": "Decision record",
}

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")


def _sentence(words: str) -> str:
    return f"{words[:1].upper()}{words[1:]}"


def _words_of(class_name: str) -> str:
    """ "StaffImport" -> "Staff import", "APIToken" -> "API token"."""
    parts = _WORD.findall(class_name)
    text = " ".join(part if part.isupper() and len(part) > 1 else part.lower() for part in parts)
    return _sentence(text)


def object_type_label(object_type: str) -> str:
    """A stored object type (a model label, "decisions.SharingDecision") as a person
    reads it: "Decision record". A model the project no longer has reads as the words of
    its class name ("someapp.OldThing" -> "Old thing"); anything else as it is stored, so
    that the trail never hides an event for want of a label. (The app registry is asked
    by name: the audit app imports no other app.)"""
    named = _OBJECT_TYPE_NAMES.get(object_type.lower())
    if named:
        return named
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        model = None
    if model is not None:
        named = _OBJECT_TYPE_NAMES.get(model._meta.label_lower)
        return named or _sentence(str(model._meta.verbose_name))
    app, dot, class_name = object_type.partition(".")
    if dot and _IDENTIFIER.fullmatch(app) and _IDENTIFIER.fullmatch(class_name):
        return _words_of(class_name) or object_type
    return object_type


def object_type_choices(object_types: Iterable[str]) -> list[tuple[str, str]]:
    """(value, label) pairs for the object types in use, by label. Should two types read
    the same (an old and a new spelling, two unknown apps' "Thing"), each is followed by
    its stored value, so that every option can be told apart."""
    values = sorted({value for value in object_types if value})
    shown = {value: object_type_label(value) for value in values}
    counts = Counter(shown.values())
    pairs = [
        (value, label if counts[label] == 1 else f"{label} ({value})")
        for value, label in shown.items()
    ]
    return sorted(pairs, key=lambda c: (c[1].casefold(), c[0]))
