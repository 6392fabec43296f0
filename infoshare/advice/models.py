"""Advice requests: a question to the information sharing advisors.

The cross-government guidance (HM Government, *Information sharing: advice for
practitioners*, 2008) says: "If you are in any doubt, seek advice from your
manager or an information sharing advisor — without disclosing the identity of
the person where possible." A request is therefore anonymous by default; the
asker opts in to naming the person.

``context_decision_id`` is an opaque integer: the decisions app sits above this
one, so advice never imports it; a decision may point back here by foreign key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

QUESTION_MAX_LENGTH = 5000
REPLY_MAX_LENGTH = 5000
PERSON_DESCRIPTION_MAX_LENGTH = 200
IDEMPOTENCY_KEY_MAX_LENGTH = 100


class AddressedTo(models.TextChoices):
    ORGANISATION = "organisation", "My organisation's information sharing advisors"
    PARTNERSHIP = "partnership", "All information sharing advisors in the partnership"
    #: One advisor the asker names (``AdviceRequest.advisor``); the advisors of the asker's
    #: organisation see it too, so that it never waits on one person (``policy``).
    ADVISOR = "advisor", "A named advisor"


class Status(models.TextChoices):
    OPEN = "open", "Waiting for a reply"
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Closed"


class AdviceRequest(models.Model):
    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="advice_requests"
    )
    #: Copied from the organisation so that partnership-wide queues need no join.
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="advice_requests"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="advice_requests"
    )
    addressed_to = models.CharField(
        max_length=20, choices=AddressedTo.choices, default=AddressedTo.ORGANISATION
    )
    #: The advisor named by the asker, when ``addressed_to`` is "advisor" (else None).
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advice_requests_addressed",
    )
    question = models.TextField(max_length=QUESTION_MAX_LENGTH)
    about_person_named = models.BooleanField(default=False)
    person_description = models.CharField(
        max_length=PERSON_DESCRIPTION_MAX_LENGTH, blank=True, default=""
    )
    urgent = models.BooleanField(default=False)
    context_decision_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    first_response_at = models.DateTimeField(null=True, blank=True)
    #: When the asker last followed up an answered request (it waits again from then);
    #: None until they do. Time to first response still counts from ``created_at``.
    followed_up_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    #: Who closed it: the asker, or someone who answers it (None while open, and for
    #: requests closed before this was kept whose audit event named nobody).
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advice_requests_closed",
    )
    #: The key of the page it was sent from: the same page sent twice asks once.
    idempotency_key = models.CharField(
        max_length=IDEMPOTENCY_KEY_MAX_LENGTH, blank=True, default=""
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "organisation", "created_at"]),
            models.Index(fields=["status", "partnership", "created_at"]),
            models.Index(fields=["asked_by", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(about_person_named=True) | Q(person_description=""),
                name="advice_description_only_when_named",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="advice_closed_has_closed_at",
            ),
            models.CheckConstraint(
                condition=(Q(addressed_to="advisor") & Q(advisor__isnull=False))
                | (~Q(addressed_to="advisor") & Q(advisor__isnull=True)),
                name="advice_advisor_only_when_named",
            ),
            models.UniqueConstraint(
                fields=["asked_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="advice_request_unique_idempotency_key",
            ),
        ]

    def __str__(self) -> str:
        return f"Advice request {self.reference}"

    @property
    def reference(self) -> str:
        return f"ADV-{self.pk:06d}" if self.pk else "ADV-new"

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED


class AnsweredAs(models.TextChoices):
    """The role a reply was written in (kept as it was then: roles change)."""

    ADVISOR = "advisor", "information sharing advisor"
    MANAGER = "manager", "manager"


class AdviceReply(models.Model):
    request = models.ForeignKey(AdviceRequest, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="advice_replies"
    )
    #: True when written as an advisor (or manager) rather than by the asker.
    by_advisor = models.BooleanField(default=False)
    #: For a reply by someone answering: the role they answered in. Blank for the asker's
    #: follow-ups and for replies written before the role was kept.
    answered_as = models.CharField(
        max_length=20, choices=AnsweredAs.choices, blank=True, default=""
    )
    body = models.TextField(max_length=REPLY_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    #: The key of the page it was sent from: the same page sent twice replies once.
    idempotency_key = models.CharField(
        max_length=IDEMPOTENCY_KEY_MAX_LENGTH, blank=True, default=""
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["request", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "author", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="advice_reply_unique_idempotency_key",
            ),
        ]

    def __str__(self) -> str:
        return f"Reply to {self.request_id} by {self.author_id}"
