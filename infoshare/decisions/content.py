"""Lists the record offers: categories of information shared."""

from __future__ import annotations

INFORMATION_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("identity_and_contact", "Identity and contact details"),
    ("family_and_relationships", "Family and relationships"),
    ("health", "Physical or mental health"),
    ("education", "Education and attendance"),
    ("social_care", "Social care involvement"),
    ("housing_and_finances", "Housing and finances"),
    ("offending", "Offending or alleged offending"),
    ("concerns", "Concerns about safety or well-being"),
    ("other", "Other information"),
)
CATEGORY_LABELS = dict(INFORMATION_CATEGORIES)
