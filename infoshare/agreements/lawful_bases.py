"""The lawful bases an agreement names (domain.md section 5).

Agreements sit below decisions in the layers, so they keep their own small list
rather than importing the decision engine's. Codes are stored in
``Agreement.lawful_bases`` as a JSON list."""

from __future__ import annotations

from django.db import models


class Gateway(models.TextChoices):
    """Common-law duty of confidence: the gateway the sharing relies on."""

    CONSENT = "gateway_consent", "Common law: consent"
    PUBLIC_INTEREST = "gateway_public_interest", "Common law: public interest"
    LEGAL_REQUIREMENT = "gateway_legal_requirement", "Common law: legal requirement"
    NOT_CONFIDENTIAL = "gateway_not_confidential", "Common law: not confidential"


class Article6(models.TextChoices):
    """UK GDPR Article 6(1)."""

    A = "art6_a", "Article 6(1)(a) consent"
    B = "art6_b", "Article 6(1)(b) contract"
    C = "art6_c", "Article 6(1)(c) legal obligation"
    D = "art6_d", "Article 6(1)(d) vital interests"
    E = "art6_e", "Article 6(1)(e) public task"
    F = "art6_f", "Article 6(1)(f) legitimate interests"


class Article9(models.TextChoices):
    """UK GDPR Article 9(2), for special category data."""

    A = "art9_a", "Article 9(2)(a) explicit consent"
    B = "art9_b", "Article 9(2)(b) employment and social protection"
    C = "art9_c", "Article 9(2)(c) vital interests"
    G = "art9_g", "Article 9(2)(g) substantial public interest"
    H = "art9_h", "Article 9(2)(h) health or social care"
    I = "art9_i", "Article 9(2)(i) public health"  # noqa: E741


LABELS: dict[str, str] = {
    **dict(Gateway.choices),
    **dict(Article6.choices),
    **dict(Article9.choices),
}
ALL_CODES: frozenset[str] = frozenset(LABELS)


def label_for(code: str) -> str:
    return LABELS.get(code, code)
