"""Forms of the decision flow: they parse input; the services check the rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils import timezone

from infoshare.core.reveals import not_asked
from infoshare.decisions import engine, errors
from infoshare.decisions.content import INFORMATION_CATEGORIES
from infoshare.decisions.dates import DATE_OF_BIRTH_EXAMPLE, clean_date, date_fields
from infoshare.decisions.engine.lawful_bases import (
    LikelyBases,
    information_problems,
    schedule_1_problem,
)
from infoshare.decisions.models import Direction, Method, Outcome, RoleInCase, Told
from infoshare.decisions.models.decision import SHORT_TEXT_MAX, TEXT_MAX, outcome_departs
from infoshare.decisions.models.person import NAME_MAX, REFERENCE_MAX

# Form limits are generous so that the service, which knows the real limit, gives the
# message; they only stop absurd input before it reaches the service.
TEXTAREA = forms.Textarea(attrs={"rows": 5, "spellcheck": "true"})


def _text(
    label: str,
    *,
    name: str,
    required: bool = False,
    help_text: str = "",
    multiline: bool = True,
    missing: str = "",
) -> forms.CharField:
    """Free text. ``name`` names the field in messages, as the service does ("Purpose must
    not contain control characters"); ``missing`` is the message when a required answer is
    left empty, written for each field (labels are often questions, which do not read well
    after "Enter")."""
    if required and not missing:
        raise ValueError(f"Say what is missing when '{label}' is left empty")
    messages = {"null_characters_not_allowed": f"{name} must not contain control characters"}
    if required:
        messages["required"] = missing
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=TEXTAREA if multiline else forms.TextInput,
        error_messages=messages,
    )


def _choose(missing: str) -> dict[str, str]:
    """The messages of a choice: the same one whether nothing was chosen or something the
    page never offered was sent (a tampered form), never Django's "Select a valid choice.
    ... is not one of the available choices.", which echoes what was sent."""
    return {"required": missing, "invalid_choice": missing}


def _add_once(form: forms.Form, field: str, message: str) -> None:
    """A rule's error, unless the field has one already (one message per field)."""
    if field not in form.errors:
        form.add_error(field, message)


#: The longest search for a name (as long as a given and a family name together).
SEARCH_MAX = NAME_MAX * 2

#: A field holding a person's details (a name, a date of birth, a reference, an NHS number):
#: the browser keeps no history of it to offer on a shared computer, nor checks its spelling.
NOT_REMEMBERED = {"autocomplete": "off", "spellcheck": "false"}


def _not_remembered(fields: dict[str, forms.Field]) -> dict[str, forms.Field]:
    """The date boxes of a person's date of birth, without the browser's form history
    (the date input draws them with the widget's ``autocomplete``)."""
    for field in fields.values():
        field.widget.attrs["autocomplete"] = "off"
    return fields


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label="Name or NHS number",
        help_text="For example, Alfie Dunn or 943 476 5919",
        required=False,
        max_length=SEARCH_MAX,
        error_messages={
            "max_length": f"Search terms must be {SEARCH_MAX} characters or fewer",
            "null_characters_not_allowed": "Search terms must not contain control characters",
        },
        widget=forms.TextInput(attrs=NOT_REMEMBERED),
    )
    locals().update(_not_remembered(date_fields("dob", example=DATE_OF_BIRTH_EXAMPLE)))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["date_of_birth"] = clean_date(self, "dob", "date of birth", required=False)
        return data


class PersonForm(forms.Form):
    given_name = forms.CharField(
        label="Given name",
        error_messages={
            "required": "Enter the given name",
            "null_characters_not_allowed": "Given name must not contain control characters",
        },
        widget=forms.TextInput(attrs=NOT_REMEMBERED),
    )
    family_name = forms.CharField(
        label="Family name",
        error_messages={
            "required": "Enter the family name",
            "null_characters_not_allowed": "Family name must not contain control characters",
        },
        widget=forms.TextInput(attrs=NOT_REMEMBERED),
    )
    locals().update(_not_remembered(date_fields("dob", example=DATE_OF_BIRTH_EXAMPLE)))
    local_reference = forms.CharField(
        label="Local reference (optional)",
        required=False,
        help_text="Your case or pupil reference, if you have one.",
        error_messages={
            "null_characters_not_allowed": "Local reference must not contain control characters",
        },
        widget=forms.TextInput(attrs=NOT_REMEMBERED),
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        required=False,
        help_text="10 digits, like 943 476 5919.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", **NOT_REMEMBERED}),
        error_messages={
            "null_characters_not_allowed": "NHS number must not contain control characters",
        },
    )
    role_in_case = forms.ChoiceField(
        label="Their role in the case",
        choices=RoleInCase.choices,
        widget=forms.RadioSelect,
        error_messages=_choose("Select the person's role in the case"),
    )
    confirm_different = forms.BooleanField(
        label="This is a different person from those listed", required=False
    )

    MAX = {"given_name": NAME_MAX, "family_name": NAME_MAX, "local_reference": REFERENCE_MAX}
    #: The service's name for the date the three "dob" boxes make (core.pages.add_domain_error).
    service_fields = {"date_of_birth": "dob"}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["date_of_birth"] = clean_date(self, "dob", "date of birth", required=False)
        return data


RECIPIENT_MISSING = (
    "Choose an organisation from the list or enter the name of one outside the partnership"
)


class RecipientForm(forms.Form):
    direction = forms.ChoiceField(
        label="Are you sharing information or were you asked for it?",
        choices=Direction.choices,
        widget=forms.RadioSelect,
        error_messages=_choose("Select whether you are sharing or were asked"),
    )
    recipient_organisation_id = forms.ChoiceField(
        label="Organisation in your partnership",
        required=False,
        error_messages=_choose(RECIPIENT_MISSING),
    )
    external_recipient = forms.CharField(
        label="Or an organisation outside the partnership",
        required=False,
        help_text="Leave blank if you chose an organisation from the list.",
        error_messages={
            "null_characters_not_allowed": "Organisation name must not contain control characters"
        },
    )
    recipient_name = forms.CharField(
        label="Name or role of the person (optional)",
        required=False,
        help_text="For example, 'Designated safeguarding lead'.",
        error_messages={
            "null_characters_not_allowed": "Name of the person must not contain control characters"
        },
    )

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recipient_organisation_id"]
        field.choices = [("", "Choose an organisation"), *organisations]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        chosen = data.get("recipient_organisation_id")
        typed = (data.get("external_recipient") or "").strip()
        if not chosen and not typed:
            # Once only: a value the list never offered has this message already.
            _add_once(self, "recipient_organisation_id", RECIPIENT_MISSING)
        elif chosen and typed:
            self.add_error(
                "external_recipient",
                "Choose an organisation from the list or enter one outside the partnership, "
                "not both",
            )
        return data


class PurposeForm(forms.Form):
    purpose = _text(
        "What is the purpose of sharing?",
        name="Purpose",
        required=True,
        missing="Enter the purpose of sharing",
        help_text="Say what sharing is for and what it should achieve. Do not include the person's name.",
    )


class QuestionForm(forms.Form):
    #: The question's own message replaces these (``engine.Question.missing_message``).
    answer = forms.ChoiceField(widget=forms.RadioSelect, error_messages=_choose("Select an answer"))

    def __init__(self, *args: Any, question: engine.Question, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["answer"]
        field.label = question.text
        field.help_text = question.hint
        field.choices = [(option.value, option.label) for option in question.answers]  # type: ignore[attr-defined]
        field.error_messages.update(_choose(question.missing_message))


DEPARTURE_MISSING = "Enter why your decision differs from the recommendation"


def departure_field(outcome: str) -> str:
    """The box, under the outcome ``outcome``, asking why it departs from the recommendation."""
    return f"departure_reason_{outcome}"


def _departure_question(label: str) -> forms.CharField:
    """Why the decision differs, asked under an outcome that departs from the recommendation
    (a GOV.UK conditional question). Its label names its outcome ("If not shared: ..."):
    without JavaScript every such box is shown, each under its own option."""
    return _text(
        f"If {label[0].lower()}{label[1:]}: why does your decision differ from the recommendation?",
        name="The reason your decision differs",
    )


ADVICE_ELSEWHERE_CHOICES = [("yes", "Yes"), ("no", "No")]
ADVICE_ELSEWHERE_MISSING = "Select yes if you got advice about this decision outside Infoshare"
#: What is asked under "Yes", with the message when it is left empty.
ADVICE_ELSEWHERE_NEEDED = {
    "advice_elsewhere_from": "Enter who gave the advice",
    "advice_elsewhere_said": "Enter what they advised",
}


class OutcomeForm(forms.Form):
    """What the practitioner decided. Why the decision differs from the recommendation is
    asked under each outcome that departs from it, and needed there (domain spec section
    3); a box under an outcome not chosen is not part of the answer. ``departure_reason``
    is what the chosen outcome's box held, or None when the outcome departs from nothing
    (the reason given before, if any, is then set aside by the service, not lost)."""

    outcome = forms.ChoiceField(
        label="What did you decide?",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages=_choose("Select what you decided"),
    )
    # In the order of the page: each box sits under its option, before the reasons.
    locals().update(
        {departure_field(value): _departure_question(label) for value, label in Outcome.choices}
    )
    reasons = _text(
        "Your reasons for this decision",
        name="Reasons",
        required=True,
        missing="Enter your reasons for this decision",
        help_text=(
            "Record the facts you weighed and why you decided as you did, whether you shared "
            "or not. If you shared without consent, say why the public interest justified it."
        ),
    )

    #: Advice got outside Infoshare (domain spec section 6: advice sought, from whom and
    #: what was said): optional; under "Yes", who gave it and what they advised, both
    #: needed then. Advice asked through Infoshare is kept with the record by itself.
    advice_elsewhere = forms.ChoiceField(
        label="Did you get advice about this decision outside Infoshare? (optional)",
        choices=ADVICE_ELSEWHERE_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        help_text=(
            "For example, from your manager or safeguarding lead by phone, or a professional "
            "body. Advice you asked for in Infoshare is already kept with the record."
        ),
        error_messages=_choose(ADVICE_ELSEWHERE_MISSING),
    )
    advice_elsewhere_from = _text(
        "Who gave the advice",
        name="Who gave the advice",
        multiline=False,
        help_text="Their name or role, and their organisation if it is not yours.",
    )
    advice_elsewhere_said = _text("What did they advise?", name="What they advised")

    def __init__(
        self, *args: Any, recommendation: str, recommended: str = "", **kwargs: Any
    ) -> None:
        """``recommended`` says what the guidance recommended, under the question."""
        super().__init__(*args, **kwargs)
        self.recommendation = recommendation
        self.fields["outcome"].help_text = recommended
        #: The outcomes that depart from the recommendation, each with its box.
        self.departing = [
            value for value in Outcome.values if outcome_departs(recommendation, value)
        ]
        for value in Outcome.values:
            if value not in self.departing:
                del self.fields[departure_field(value)]
        #: A service's message about the reason goes on the chosen outcome's box.
        self.service_fields: dict[str, str] = {}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        outcome = data.get("outcome") or ""
        data["departure_reason"] = None
        for value in self.departing:
            field = departure_field(value)
            if value != outcome:
                not_asked(self, field)
                continue
            self.service_fields = {"departure_reason": field}
            data["departure_reason"] = data.get(field) or ""
            if not data["departure_reason"]:
                _add_once(self, field, DEPARTURE_MISSING)
        self._clean_advice_elsewhere(data)
        in_field_order(self)
        return data

    def _clean_advice_elsewhere(self, data: dict[str, Any]) -> None:
        """Under "Yes", who gave the advice and what they advised are both needed. Under
        "No" they were not asked. Left unanswered with either box filled in (without
        JavaScript, both boxes show), the question is asked rather than the text dropped."""
        answer = data.get("advice_elsewhere") or ""
        if answer == "yes":
            for field, missing in ADVICE_ELSEWHERE_NEEDED.items():
                if not data.get(field):
                    _add_once(self, field, missing)
            return
        typed = any(data.get(field) for field in ADVICE_ELSEWHERE_NEEDED)
        if not answer and typed:
            _add_once(self, "advice_elsewhere", ADVICE_ELSEWHERE_MISSING)
            return
        for field in ADVICE_ELSEWHERE_NEEDED:
            not_asked(self, field)


def in_field_order(form: forms.Form) -> None:
    """The errors in the order of the form's fields, which is the page's (GOV.UK: the error
    summary lists them in that order); a rule's error, added by ``clean`` or after it by
    a service, would otherwise come after every field's own. Errors about the form as a
    whole come first."""
    place = {name: index for index, name in enumerate(form.fields)}
    ordered = sorted(form.errors.items(), key=lambda item: place.get(item[0], -1))
    form.errors.clear()
    form.errors.update(ordered)


def _basis_choices(
    options: tuple[Any, ...], likely: LikelyBases
) -> tuple[list[tuple[str, str]], dict[str, str]]:
    choices = [(basis.code, f"{basis.reference}: {basis.label}") for basis in options]
    hints = {}
    for basis in options:
        hint = ("Suggested by your answers. " if likely.is_likely(basis.code) else "") + basis.note
        if hint:
            hints[basis.code] = hint.strip()
    return choices, hints


GATEWAY_MISSING = "Select the common-law gateway you relied on"
ARTICLE_6_MISSING = "Select at least one Article 6 basis"
ARTICLE_9_MISSING = "Select an Article 9 condition for special category data"


class BasesForm(forms.Form):
    gateway = forms.ChoiceField(
        label="Which common-law gateway did you rely on?",
        widget=forms.RadioSelect,
        required=False,
        error_messages=_choose(GATEWAY_MISSING),
    )
    article6 = forms.MultipleChoiceField(
        label="UK GDPR Article 6(1) basis",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
        error_messages=_choose(ARTICLE_6_MISSING),
    )
    special_category = forms.BooleanField(
        label="The information includes special category data (for example health, ethnicity, religion or sex life)",
        required=False,
    )
    article9 = forms.MultipleChoiceField(
        label="UK GDPR Article 9(2) condition (special category data only)",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages=_choose(ARTICLE_9_MISSING),
    )
    schedule1 = forms.MultipleChoiceField(
        label="Data Protection Act 2018 Schedule 1 condition",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=(
            "Needed with Article 9(2)(b), (g), (h) or (i), and for criminal offence data "
            "shared without official authority."
        ),
        error_messages=_choose("Select the Schedule 1 conditions from the list"),
    )

    def __init__(
        self, *args: Any, likely: LikelyBases, categories: Iterable[str] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, options in (
            ("gateway", likely.gateways),
            ("article6", likely.article_6),
            ("article9", likely.article_9),
            ("schedule1", likely.schedule_1),
        ):
            choices, hints = _basis_choices(options, likely)
            for basis in options:
                # What the answers rule out is said under it (and refused if chosen).
                if why := likely.why_ruled_out(basis.code):
                    hints[basis.code] = f"You cannot rely on this: {why}."
            field = self.fields[name]
            field.choices = choices  # type: ignore[attr-defined]
            field.choice_hints = hints  # type: ignore[attr-defined]
        self.personal_data = likely.personal_data
        self.likely = likely
        #: The kinds of information the practitioner said they shared (the information
        #: page), which may need conditions of their own (health, offending).
        self.categories = tuple(categories)
        #: The bases saved that the answers now rule out (after an answer was changed),
        #: shown above the form until it is sent.
        self.ruled_out_now = (
            {}
            if self.is_bound
            else likely.conflicts(
                self.initial.get("gateway") or "",
                self.initial.get("article6") or [],
                self.initial.get("article9") or [],
            )
        )
        #: What the kinds of information shared need that the bases saved do not give,
        #: shown above the form until it is sent.
        self.information_needs_now = {} if self.is_bound else self._information_needs(self.initial)

    def _information_needs(self, chosen: Mapping[str, Any]) -> dict[str, str]:
        if not self.personal_data:
            return {}
        return information_problems(
            self.categories,
            special_category=bool(chosen.get("special_category")),
            article6=chosen.get("article6") or [],
            schedule1=chosen.get("schedule1") or [],
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.personal_data:
            if not data.get("gateway"):
                _add_once(self, "gateway", GATEWAY_MISSING)
            if not data.get("article6"):
                _add_once(self, "article6", ARTICLE_6_MISSING)
        if data.get("special_category") and not data.get("article9"):
            _add_once(self, "article9", ARTICLE_9_MISSING)
        if data.get("article9") and not data.get("special_category"):
            _add_once(
                self,
                "special_category",
                "Tick the box to say the information includes special category data, "
                "or clear the Article 9 conditions",
            )
        conflicts = self.likely.conflicts(
            data.get("gateway") or "", data.get("article6") or [], data.get("article9") or []
        )
        for field, message in conflicts.items():
            _add_once(self, field, message)
        if needs := schedule_1_problem(data.get("article9") or [], data.get("schedule1") or []):
            _add_once(self, "schedule1", needs)
        for field, message in self._information_needs(data).items():
            _add_once(self, field, message)
        return data


class InformationForm(forms.Form):
    information_categories = forms.MultipleChoiceField(
        label="What kinds of information did you share?",
        choices=INFORMATION_CATEGORIES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages=_choose("Select the kinds of information you shared"),
    )
    information_description = _text(
        "Describe the information shared",
        name="Description",
        required=True,
        missing="Enter a description of the information you shared",
        help_text="Share only what is necessary for the purpose.",
    )
    facts = _text("Facts", name="Facts", help_text="What is known to be true, and how you know it.")
    opinion = _text(
        "Opinion", name="Opinion", help_text="Professional judgement or views, and whose they are."
    )


OTHER_METHOD_MISSING = errors.OTHER_METHOD_MISSING


class SharingForm(forms.Form):
    method = forms.ChoiceField(
        label="How did you share it?",
        choices=Method.choices,
        widget=forms.RadioSelect,
        error_messages=_choose("Select how you shared the information"),
    )
    #: Asked under "Another way" (a GOV.UK conditional question), and needed then: the
    #: record says how the information went.
    method_detail = _text("Describe how you shared it", name="Method details", multiline=False)
    locals().update(date_fields("shared_on"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("method") == Method.OTHER:
            if not data.get("method_detail"):
                _add_once(self, "method_detail", OTHER_METHOD_MISSING)
        else:
            not_asked(self, "method_detail")
        shared_on = clean_date(self, "shared_on", "the date you shared it", required=True)
        # Today in the service's time zone (UK), as the API's check (services.changes).
        if shared_on and shared_on > timezone.localdate():
            self.add_error("shared_on_day", "The date you shared it must be today or in the past")
        data["shared_on"] = shared_on
        return data


class ToldForm(forms.Form):
    person_told = forms.ChoiceField(
        label="Was the person told that their information was shared?",
        choices=Told.choices,
        widget=forms.RadioSelect,
        error_messages=_choose("Select yes if the person was told"),
    )
    #: Asked under "No" (a GOV.UK conditional question), and needed then.
    reason_not_told = _text(
        "Why was the person not told?",
        name="The reason the person was not told",
        help_text="For example, telling them would increase the risk of harm.",
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("person_told") == Told.NO:
            if not data.get("reason_not_told"):
                _add_once(self, "reason_not_told", "Enter why the person was not told")
        else:
            not_asked(self, "reason_not_told")
        return data


class AmendForm(forms.Form):
    reason = _text(
        "Why does the record need correcting?",
        name="Reason for the amendment",
        required=True,
        missing="Enter why the record needs correcting",
    )


class CountersignForm(forms.Form):
    comment = _text("Comment (optional)", name="Comment")


__all__ = [
    "DEPARTURE_MISSING",
    "SHORT_TEXT_MAX",
    "TEXT_MAX",
    "AmendForm",
    "BasesForm",
    "CountersignForm",
    "InformationForm",
    "OutcomeForm",
    "PersonForm",
    "PersonSearchForm",
    "PurposeForm",
    "QuestionForm",
    "RecipientForm",
    "SharingForm",
    "ToldForm",
    "departure_field",
    "in_field_order",
]
