"""The filter form of the decision lists."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms

from infoshare.core.access import memberships_of, roles_held
from infoshare.core.dates import EARLIEST, DateField, date_hint, not_a_real_date
from infoshare.core.numbers import parse_id
from infoshare.core.roles import Role
from infoshare.decisions.engine import BASES
from infoshare.decisions.engine.lawful_bases import GATEWAYS
from infoshare.decisions.models import Outcome, Status
from infoshare.decisions.selectors.decisions import SHARED
from infoshare.decisions.selectors.lists import (
    COUNTERSIGN_DONE,
    COUNTERSIGN_WAITING,
    COUNTERSIGN_YOURS,
    Filters,
)
from infoshare.decisions.selectors.scope import RECORDING_ROLES, partnerships_of
from infoshare.decisions.summary import BASIS_NAMES
from infoshare.partnerships.models import Organisation

#: A record's reference as it may be typed or copied: "ISD-2026-000123 (version 2)".
REFERENCE_TYPED_MAX = 40
#: A reference as printed (``services.drafts.next_reference``: ISD-2026-000123), in
#: capitals, or as it is commonly typed: spaces for the hyphens ("ISD 2026 000123"), the
#: number without its leading zeros ("ISD-2026-123"); with the version a record's label
#: adds when it was copied from one. The year has its four digits, so that the year and the
#: number are never confused; a bare number ("123") is not a reference, as it is one in
#: every year.
TYPED_REFERENCE = re.compile(
    r"ISD(?:\s*-\s*|\s+)([0-9]{4})(?:\s*-\s*|\s+)([0-9]{1,12})(?:\s*\(VERSION\s+[0-9]+\))?"
)
REFERENCE_CONTROL = "Reference must not contain control characters"
REFERENCE_MALFORMED = "Enter a reference in the correct format, like ISD-2026-000123"


def typed_reference(text: str) -> str:
    """The reference to filter by, as it is printed (ISD-2026-000123), however it was typed
    (any case, spaces for hyphens, the number without its leading zeros: "isd 2026 123");
    a label copied from a record ("ISD-2026-000123 (version 2)") finds every version. Empty
    when nothing was typed. Refuses (``ValidationError``) control characters and anything
    that is not a reference (a bare number, too, which is one in every year), so that a
    typing slip is said rather than found to match nothing. The list pages' filter form and
    the API's list both clean it here."""
    text = text.strip()
    if not text:
        return ""
    if any(unicodedata.category(character) == "Cc" for character in text):
        raise forms.ValidationError(REFERENCE_CONTROL)
    found = TYPED_REFERENCE.fullmatch(text.upper()) if text.isascii() else None
    if found is None:
        raise forms.ValidationError(REFERENCE_MALFORMED)
    year, number = found.groups()
    return f"ISD-{year}-{int(number):06d}"


class FilterForm(forms.Form):
    reference = forms.CharField(
        label="Reference",
        required=False,
        max_length=REFERENCE_TYPED_MAX,
        help_text="For example, ISD-2026-000123",
        error_messages={
            "max_length": f"Reference must be {REFERENCE_TYPED_MAX} characters or fewer",
            "null_characters_not_allowed": REFERENCE_CONTROL,
        },
    )
    date_from = DateField(
        label="Finalised from",
        required=False,
        earliest=EARLIEST,
        help_text=date_hint(),
        error_messages={"invalid": not_a_real_date("Finalised from")},
    )
    date_to = DateField(
        label="Finalised to",
        required=False,
        earliest=EARLIEST,
        help_text=date_hint(),
        error_messages={"invalid": not_a_real_date("Finalised to")},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        choices=[("", "Any outcome"), *Outcome.choices],
        error_messages={"invalid_choice": "Select an outcome from the list"},
    )
    #: What the practitioner recorded, not the basis of the guidance's recommendation: a
    #: record shared in the public interest against a "do not share" recommendation has
    #: no recommendation basis, and a record of not sharing has no gateway.
    gateway = forms.ChoiceField(
        label="Common-law gateway recorded",
        required=False,
        help_text="What the practitioner relied on to share",
        choices=[("", "Any gateway"), *((gateway.code, gateway.label) for gateway in GATEWAYS)],
        error_messages={"invalid_choice": "Select a common-law gateway from the list"},
    )
    recipient = forms.ChoiceField(
        label="Receiving organisation",
        required=False,
        error_messages={"invalid_choice": "Select a receiving organisation from the list"},
    )
    #: Only on the list of records shared with the user's organisation, in place of the
    #: receiving organisation (which is always theirs there).
    shared_by = forms.ChoiceField(
        label="Shared by",
        required=False,
        error_messages={"invalid_choice": "Select an organisation that shares with yours"},
    )
    countersigned = forms.ChoiceField(
        label="Countersignature",
        required=False,
        choices=[
            ("", "Any"),
            (COUNTERSIGN_WAITING, "Waiting for a countersignature"),
            (COUNTERSIGN_YOURS, "You can countersign"),
            (COUNTERSIGN_DONE, "Countersigned"),
        ],
        error_messages={"invalid_choice": "Select a countersignature option from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *Status.choices],
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    urgent = forms.BooleanField(label="Urgent only", required=False)
    #: Only on the author's own list, the one that holds drafts: the home page's "Urgent
    #: records not completed" panel links here with it.
    overdue = forms.BooleanField(label="Urgent drafts past their deadline only", required=False)

    def clean_urgent(self) -> bool:
        """The box sends "on" when ticked; anything else typed into the address is
        refused, not read as a tick."""
        return self._ticked("urgent")

    def clean_overdue(self) -> bool:
        return self._ticked("overdue")

    def _ticked(self, name: str) -> bool:
        sent = self.data.get(name, "")
        if sent not in ("", "on"):
            raise forms.ValidationError(f"Tick '{self.fields[name].label}' or leave it unticked")
        return sent == "on"

    #: The filters each list offers beyond the common ones (by the list's scope): a status
    #: and urgent drafts past their deadline only where drafts and superseded versions are
    #: listed (the author's own list), and
    #: countersigning, which is internal to the recording organisation, never on the list
    #: of records other organisations shared.
    EXTRA_FIELDS = {
        "mine": ("countersigned", "status", "overdue"),
        "team": ("countersigned",),
        "organisation": ("countersigned",),
        "shared": (),
    }

    #: The old "Basis" filter (the recommendation's basis): refused on the pages, so that
    #: an old link or bookmark does not show every record as if filtered.
    RETIRED_BASIS = (
        "The 'Basis' filter is no longer offered: select the common-law gateway recorded instead"
    )

    def __init__(self, *args: Any, user: Any, scope: str = "organisation", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in {"countersigned", "status", "overdue"} - set(self.EXTRA_FIELDS[scope]):
            del self.fields[name]
        if scope == "shared":
            # The list holds only records that shared something with the user's organisation.
            del self.fields["recipient"]
            outcome: Any = self.fields["outcome"]
            outcome.choices = [("", "Any outcome"), *(o for o in Outcome.choices if o[0] in SHARED)]
            shared_by: Any = self.fields["shared_by"]
            shared_by.choices = [("", "Any organisation"), *_senders(user)]
            return
        del self.fields["shared_by"]
        if "countersigned" in self.fields and not self.offers_yours(user, scope):
            countersigned: Any = self.fields["countersigned"]
            countersigned.choices = [c for c in countersigned.choices if c[0] != COUNTERSIGN_YOURS]
        orgs = Organisation.objects.filter(partnership_id__in=partnerships_of(user)).values_list(
            "pk", "name"
        )
        field: Any = self.fields["recipient"]
        field.choices = [
            ("", "Any organisation"),
            *((str(pk), name) for pk, name in orgs),
        ]  # type: ignore[attr-defined]

    def offers_yours(self, user: Any, scope: str) -> bool:
        """Whether "You can countersign" is offered: to a manager, on the lists of others'
        records (the team's and the organisation's; nobody countersigns their own). The
        home page's "Records to countersign" panel links to it."""
        return scope in ("team", "organisation") and Role.MANAGER in roles_held(user)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        if "basis" not in self.fields and self.data.get("basis"):
            self.add_error("gateway", self.RETIRED_BASIS)
        return data

    def clean_reference(self) -> str:
        return typed_reference(str(self.cleaned_data.get("reference") or ""))

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            reference=data.get("reference") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            outcome=data.get("outcome") or "",
            basis=data.get("basis") or "",
            gateway=data.get("gateway") or "",
            urgent=bool(data.get("urgent")),
            overdue=bool(data.get("overdue")),
            recipient_organisation_id=parse_id(data.get("recipient") or ""),
            organisation_id=parse_id(data.get("shared_by") or ""),
            countersigned=data.get("countersigned") or "",
            status=data.get("status") or "",
        )


class ApiFilterForm(FilterForm):
    """The API list's filters: the pages' own, and the basis of the guidance's
    recommendation (``basis``), which integrations may rely on (the pages filter by the
    gateway the practitioner recorded instead)."""

    basis = forms.ChoiceField(
        required=False,
        choices=[("", "Any basis"), *((code, BASIS_NAMES[code]) for code in BASES)],
        error_messages={"invalid_choice": "Select a basis from the list"},
    )

    def offers_yours(self, user: Any, scope: str) -> bool:
        """The API's ``countersigned`` filter keeps its documented values (waiting, done)."""
        return False


def _senders(user: Any) -> list[tuple[str, str]]:
    """The organisations that may have shared records with the user's: those of the
    partnerships where the user works with children and families (a recording role), less
    an organisation that is the only one of its partnership they work in (it never shares
    with itself). One query; the roles were read already."""
    receiving: dict[int, set[int]] = {}
    for role, org, partnership in memberships_of(user):
        if role in RECORDING_ROLES:
            receiving.setdefault(partnership, set()).add(org)
    orgs = Organisation.objects.filter(partnership_id__in=receiving).values_list(
        "pk", "name", "partnership_id"
    )
    return [(str(pk), name) for pk, name, partnership in orgs if receiving[partnership] - {pk}]
