"""A sharing decision: a draft while it is being recorded, then a final record that never
changes (corrections are new versions with a reason; domain spec section 6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from infoshare.decisions.models.person import Person
from infoshare.partnerships.models import Organisation

TEXT_MAX = 5000
SHORT_TEXT_MAX = 200


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Final"
    SUPERSEDED = "superseded", "Superseded"


class Direction(models.TextChoices):
    SHARING_OUT = "sharing_out", "I want to share information"
    REQUEST_RECEIVED = "request_received", "Someone has asked us for information"


class Outcome(models.TextChoices):
    SHARED = "shared", "Shared"
    SHARED_IN_PART = "shared_in_part", "Shared in part"
    NOT_SHARED = "not_shared", "Not shared"


class Method(models.TextChoices):
    SECURE_EMAIL = "secure_email", "Secure email"
    PHONE = "phone", "Phone"
    MEETING = "meeting", "In a meeting"
    LETTER = "letter", "Letter"
    PORTAL = "portal", "Secure portal or case system"
    OTHER = "other", "Another way"


class Told(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


def _choice_check(field: str, choices: type[models.TextChoices], *, blank: bool) -> Q:
    allowed = Q(**{f"{field}__in": choices.values})
    return allowed | Q(**{field: ""}) if blank else allowed


class ReferenceSequence(models.Model):
    """The last reference number given out in a year (ISD-<year>-<number>)."""

    year = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class RecordLabel:
    """A record's label and whether it is a draft, for the model and for the list rows
    (``selectors.lists.DecisionRow``), which carry the same three columns."""

    reference: str
    version: int
    status: str

    @property
    def label(self) -> str:
        return decision_label(self.reference, self.version)

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def is_superseded(self) -> bool:
        return self.status == Status.SUPERSEDED


class SharingDecision(RecordLabel, models.Model):
    reference = models.CharField(max_length=20)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="sharing_decisions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sharing_decisions"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version"
    )
    amendment_reason = models.TextField(blank=True)

    # The key questions (the engine's input) and what it said when the record was finalised.
    edition = models.CharField(max_length=40)
    answers = models.JSONField(default=dict, blank=True)
    recommendation = models.CharField(max_length=20, blank=True)
    basis = models.CharField(max_length=20, blank=True)
    advice_on = models.CharField(max_length=40, blank=True)
    safeguarding_alert = models.BooleanField(default=False)

    people = models.ManyToManyField(Person, related_name="decisions", blank=True)
    direction = models.CharField(max_length=20, choices=Direction.choices, blank=True)
    recipient_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions_received",
    )
    recipient_name = models.CharField(max_length=SHORT_TEXT_MAX, blank=True)
    external_recipient = models.CharField(max_length=SHORT_TEXT_MAX, blank=True)
    purpose = models.TextField(blank=True)

    information_categories = models.JSONField(default=list, blank=True)
    information_description = models.TextField(blank=True)
    facts = models.TextField(blank=True)
    opinion = models.TextField(blank=True)

    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    #: Why the practitioner decided as they did, whether to share or not (golden rule 7):
    #: the facts weighed and, for a share without consent, why the public interest won.
    reasons = models.TextField(blank=True)
    departure_reason = models.TextField(blank=True)

    gateway = models.CharField(max_length=30, blank=True)
    special_category = models.BooleanField(default=False)
    article6 = models.JSONField(default=list, blank=True)
    article9 = models.JSONField(default=list, blank=True)
    schedule1 = models.JSONField(default=list, blank=True)

    consent_position = models.CharField(max_length=20, blank=True)
    consent_not_sought_reason = models.CharField(max_length=40, blank=True)

    person_told = models.CharField(max_length=3, choices=Told.choices, blank=True)
    reason_not_told = models.TextField(blank=True)

    method = models.CharField(max_length=20, choices=Method.choices, blank=True)
    method_detail = models.CharField(max_length=SHORT_TEXT_MAX, blank=True)
    shared_on = models.DateField(null=True, blank=True)

    urgent = models.BooleanField(default=False)
    urgent_due_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    countersigned_at = models.DateTimeField(null=True, blank=True)
    countersign_comment = models.TextField(blank=True)

    # Advice asked from this decision and the replies, kept with the record at finalise.
    advice_record = models.JSONField(default=list, blank=True)
    # Advice got outside Infoshare (a manager by phone, the safeguarding lead in person, a
    # professional body's helpline): from whom, and what was said (domain spec section 6).
    # Like the advice above, internal to the recording organisation.
    advice_elsewhere_from = models.CharField(max_length=SHORT_TEXT_MAX, blank=True)
    advice_elsewhere_said = models.TextField(blank=True)

    # What a change set aside on a draft, out of play and out of sight, to bring back when it
    # applies again (services.set_aside): answers to key questions no longer asked, and the
    # details of a share while the outcome is "not shared". Cleared when finalised.
    set_aside_answers = models.JSONField(default=dict, blank=True)
    set_aside_details = models.JSONField(default=dict, blank=True)

    draft_step = models.CharField(max_length=60, blank=True)
    started_urgently = models.BooleanField(
        default=False,
        help_text=(
            'Started with the start page\'s "Start an urgent record": the risk of '
            "significant harm answered yes at once, so the flow never showed its question "
            "and Back links go past it. Never copied to an amendment."
        ),
    )
    idempotency_key = models.CharField(max_length=100, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finalised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["reference", "version"], name="decision_unique_ref"),
            models.UniqueConstraint(
                fields=["author", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="decision_unique_idempotency_key",
            ),
            models.CheckConstraint(
                condition=_choice_check("status", Status, blank=False), name="decision_status"
            ),
            models.CheckConstraint(
                condition=_choice_check("outcome", Outcome, blank=True), name="decision_outcome"
            ),
            models.CheckConstraint(
                condition=_choice_check("direction", Direction, blank=True),
                name="decision_direction",
            ),
            models.CheckConstraint(
                condition=_choice_check("method", Method, blank=True), name="decision_method"
            ),
            models.CheckConstraint(
                condition=_choice_check("person_told", Told, blank=True), name="decision_told"
            ),
            models.CheckConstraint(
                condition=(Q(version=1) & Q(previous__isnull=True))
                | (Q(version__gt=1) & Q(previous__isnull=False) & ~Q(amendment_reason="")),
                name="decision_amendment_has_previous_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT) | (Q(finalised_at__isnull=False) & ~Q(outcome="")),
                name="decision_final_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(countersigned_by__isnull=True, countersigned_at__isnull=True)
                | Q(countersigned_by__isnull=False, countersigned_at__isnull=False),
                name="decision_countersign_complete",
            ),
            models.CheckConstraint(
                condition=~Q(countersigned_by=F("author")), name="decision_not_self_countersigned"
            ),
            models.CheckConstraint(
                condition=Q(urgent=False) | Q(urgent_due_at__isnull=False),
                name="decision_urgent_has_due_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "status", "-finalised_at"], name="decision_org_list"
            ),
            models.Index(fields=["author", "status", "-updated_at"], name="decision_author_list"),
            # "Your decisions": every status but superseded, newest change first.
            models.Index(fields=["author", "-updated_at", "-id"], name="decision_author_recent"),
            models.Index(
                fields=["recipient_organisation", "status", "-finalised_at"],
                name="decision_recipient_list",
            ),
            # "Shared with your organisation": final versions and superseded ones the
            # organisation received, newest finalised first, in one walk (selectors.lists).
            models.Index(
                fields=["recipient_organisation", "-finalised_at", "-id"],
                name="decision_recipient_recent",
            ),
            models.Index(
                fields=["urgent_due_at"],
                condition=Q(urgent=True, status="draft"),
                name="decision_urgent_drafts",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def recipient_label(self) -> str:
        organisation = (
            str(self.recipient_organisation) if self.recipient_organisation_id is not None else None
        )
        return recipient_label(organisation, self.recipient_name, self.external_recipient)

    @property
    def departs_from_recommendation(self) -> bool:
        return outcome_departs(self.recommendation, self.outcome)

    @property
    def shared(self) -> bool:
        return self.outcome in (Outcome.SHARED, Outcome.SHARED_IN_PART)


def outcome_departs(recommendation: str, outcome: str) -> bool:
    """The outcome departs from the recommendation, so a reason is required (spec section 3):
    "share" but not shared; or shared (in full or in part) when the recommendation was not
    to share, or to seek consent or advice first. (With questions still unanswered there is
    no recommendation to depart from; finalising asks for the answers.)"""
    if recommendation == "share":
        return outcome == Outcome.NOT_SHARED
    if recommendation in ("do_not_share", "seek_consent", "seek_advice"):
        return outcome in (Outcome.SHARED, Outcome.SHARED_IN_PART)
    return False


def recipient_label(organisation: str | None, recipient_name: str, external: str) -> str:
    """Who the information went to (or who asked for it): the named person, if any, at an
    organisation of the partnership or at one outside it, like "Tenancy officer, Northshire
    Housing Association"."""
    where = organisation if organisation is not None else external
    if recipient_name and where:
        return f"{recipient_name}, {where}"
    return where or recipient_name


def decision_label(reference: str, version: int) -> str:
    return reference if version == 1 else f"{reference} (version {version})"
