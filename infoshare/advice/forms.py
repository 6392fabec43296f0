"""Input shape of the advice pages. Rules (lengths, naming) are checked again by services."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms

from infoshare.advice import errors
from infoshare.advice.models import (
    PERSON_DESCRIPTION_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    AddressedTo,
)
from infoshare.advice.selectors import NameableAdvisor, WhoAnswers
from infoshare.core.numbers import parse_id
from infoshare.core.reveals import not_asked
from infoshare.partnerships.models import Organisation

IDENTITY_GUIDANCE = "Seek advice without disclosing the identity of the person where possible."
YES_NO = [("no", "No"), ("yes", "Yes")]


class AdviceRequestForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label="Which organisation are you asking for?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": errors.ORGANISATION_MISSING,
            "invalid_choice": errors.ORGANISATION_NOT_YOURS,
        },
    )
    question = forms.CharField(
        label="What is your question?",
        help_text=(
            "Describe the situation and what you are unsure about. "
            "Leave out names and other details that identify the person."
        ),
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": errors.QUESTION_MISSING,
            "max_length": errors.QUESTION_TOO_LONG,
            "null_characters_not_allowed": errors.QUESTION_CONTROL,
        },
    )
    name_person = forms.ChoiceField(
        label="Do you need to name the person the question is about?",
        help_text=IDENTITY_GUIDANCE,
        choices=YES_NO,
        initial="no",
        widget=forms.RadioSelect,
        # A value not offered (a tampered page) gets the same words as none: Django's own
        # ("Select a valid choice. maybe is not one of the available choices.") would echo
        # the tampered text and is not the GOV.UK style.
        error_messages={
            "required": errors.NAME_PERSON_MISSING,
            "invalid_choice": errors.NAME_PERSON_MISSING,
        },
    )
    person_description = forms.CharField(
        # Asked under "Yes" (a GOV.UK conditional question), and needed then.
        label="Who is the question about?",
        help_text="For example, their name and date of birth, or your case reference.",
        max_length=PERSON_DESCRIPTION_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": errors.DESCRIPTION_TOO_LONG,
            "null_characters_not_allowed": errors.DESCRIPTION_CONTROL,
        },
    )
    urgent = forms.BooleanField(
        label="This is urgent",
        help_text="Select this if you need an answer today. If a child may be at risk of "
        "significant harm, do not wait for advice: follow your local safeguarding procedures now.",
        required=False,
    )
    addressed_to = forms.ChoiceField(
        label="Who should answer?",
        choices=AddressedTo.choices,
        initial=AddressedTo.ORGANISATION,
        widget=forms.RadioSelect,
        error_messages={
            "required": errors.ADDRESSED_TO_INVALID,
            "invalid_choice": errors.ADDRESSED_TO_INVALID,
        },
    )
    advisor = forms.TypedChoiceField(
        # Asked under "A named advisor" (a GOV.UK conditional question), and needed then.
        label="Which advisor?",
        help_text="Other advisors in your organisation can also see it.",
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select,
        error_messages={
            "required": errors.ADVISOR_MISSING,
            "invalid_choice": errors.ADVISOR_NOT_OFFERED,
        },
    )
    decision = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": errors.DECISION_INVALID,
            "min_value": errors.DECISION_INVALID,
            "max_value": errors.DECISION_INVALID,
        },
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[Organisation],
        advisors: list[NameableAdvisor] | None = None,
        routes: list[WhoAnswers] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        #: The organisations asked for where nobody answers "my organisation".
        self.unanswered = [
            route.organisation for route in routes or [] if not route.organisation_answers
        ]
        #: Nobody at all answers a question asked for any of them: it would be refused.
        self.nobody_answers = bool(routes) and not any(
            route.organisation_answers or route.partnership_answers for route in routes or []
        )
        field = self.fields["organisation"]
        if len(organisations) > 1:
            field.choices = [(org.pk, org.name) for org in organisations]  # type: ignore[attr-defined]
        else:
            # One organisation: nothing to choose, the service uses it.
            del self.fields["organisation"]
        #: Whether there is an advisor to name: with none, "A named advisor" is not offered.
        self.names_advisors = bool(advisors)
        if advisors:
            self.fields["advisor"].choices = [  # type: ignore[attr-defined]
                ("", "Select an advisor"),
                *((advisor.id, advisor.label) for advisor in advisors),
            ]
        else:
            self.fields["addressed_to"].choices = [  # type: ignore[attr-defined]
                choice for choice in AddressedTo.choices if choice[0] != AddressedTo.ADVISOR
            ]
            del self.fields["advisor"]
        self._offer_who_answers(organisations)
        self._name_managers(routes or [])

    def _offer_who_answers(self, organisations: list[Organisation]) -> None:
        """ "My organisation" is offered only where someone there answers (``policy``): where
        nobody does, the question goes to the partnership's advisors, and the page says so."""
        if not self.unanswered or self.nobody_answers:
            return
        field = cast(forms.ChoiceField, self.fields["addressed_to"])
        names = _and([org.name for org in self.unanswered])
        one = len(self.unanswered) == 1
        if len(self.unanswered) == len(organisations):
            field.choices = [
                (value, label)
                for value, label in AddressedTo.choices
                if value != AddressedTo.ORGANISATION
                and (value != AddressedTo.ADVISOR or self.names_advisors)
            ]
            field.initial = AddressedTo.PARTNERSHIP
            field.help_text = (
                f"Nobody else at {names} can answer advice requests in Infoshare, so your "
                "question goes to the information sharing advisors of the partnership"
                + (", unless you name an advisor." if self.names_advisors else ".")
            )
            if "advisor" in self.fields:
                self.fields["advisor"].help_text = ""
        else:
            # Some of their organisations have someone who answers: they choose.
            field.initial = None
            field.help_text = (
                f"Nobody else at {names} can answer advice requests in Infoshare. For a "
                f"question asked for {'it' if one else 'them'}, choose the information "
                "sharing advisors of the partnership or a named advisor."
            )

    def _name_managers(self, routes: list[WhoAnswers]) -> None:
        """Where "my organisation" is answered by its managers, for it has no information
        sharing advisor, the option says so: the question goes to them."""
        managed = [
            route for route in routes if route.organisation_answers and not route.has_advisor
        ]
        by_managers = [route.organisation for route in managed]
        field = cast(forms.ChoiceField, self.fields["addressed_to"])
        choices: list[tuple[str, str]] = list(field.choices)  # type: ignore[arg-type]
        if not by_managers or AddressedTo.ORGANISATION not in dict(choices):
            return
        by_advisors = any(route.has_advisor for route in routes)
        label = (
            "My organisation's information sharing advisors or managers"
            if by_advisors
            else "My organisation's managers"
        )
        field.choices = [
            (value, label if value == AddressedTo.ORGANISATION else text) for value, text in choices
        ]
        field.choice_hints = {  # type: ignore[attr-defined]
            AddressedTo.ORGANISATION: _to_managers(managed)
        }
        if "advisor" in self.fields and not by_advisors:
            self.fields[
                "advisor"
            ].help_text = (
                f"The managers at {_and([org.name for org in by_managers])} can also see it."
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("name_person") == "yes":
            if not data.get("person_description"):
                self.add_error("person_description", errors.DESCRIPTION_MISSING)
        else:
            not_asked(self, "person_description")
        if "advisor" in self.fields:
            if data.get("addressed_to") == AddressedTo.ADVISOR:
                if data.get("advisor") is None and "advisor" not in self.errors:
                    self.add_error("advisor", errors.ADVISOR_MISSING)
            else:
                not_asked(self, "advisor", empty=None)
        return data


def _to_managers(routes: list[WhoAnswers]) -> str:
    """Where a question to "my organisation" goes to its managers, and why: it has no
    information sharing advisor, or none other than the asker (who does not answer their
    own question)."""
    sentences = []
    for asker_advises in (False, True):
        names = [
            route.organisation.name for route in routes if route.asker_advises is asker_advises
        ]
        if not names:
            continue
        one = len(names) == 1
        sentences.append(
            f"At {_and(names)} this goes to {'its' if one else 'their'} managers: "
            f"{'it has' if one else 'they have'} no {'other ' if asker_advises else ''}"
            "information sharing advisor."
        )
    return " ".join(sentences)


def _and(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": errors.REPLY_MISSING,
            "max_length": errors.REPLY_TOO_LONG,
            "null_characters_not_allowed": errors.REPLY_CONTROL,
        },
    )


#: A request's reference as people type it: "ADV-000123", "adv 123" or "123".
_REFERENCE = re.compile(r"(?:ADV[\s-]*)?0*(\d{1,19})", re.IGNORECASE)


class ReferenceSearchForm(forms.Form):
    """Find one request in a list by its reference (a GET form: the search is in the link)."""

    reference = forms.CharField(
        label="Reference",
        help_text="For example, ADV-000123",
        required=False,
        max_length=30,
        error_messages={
            "max_length": errors.REFERENCE_INVALID,
            "null_characters_not_allowed": errors.REFERENCE_INVALID,
        },
    )

    def clean_reference(self) -> int | None:
        text = self.cleaned_data.get("reference", "").strip()
        if not text:
            return None
        found = _REFERENCE.fullmatch(text)
        request_id = parse_id(found.group(1)) if found else None
        if request_id is None:
            raise forms.ValidationError(errors.REFERENCE_INVALID)
        return request_id
