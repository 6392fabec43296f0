"""Fixtures for the agreements tests: a draft between the home and other organisations,
with a senior lead signatory for each."""

from __future__ import annotations

from typing import Any

import pytest

from infoshare.agreements import services
from infoshare.agreements.models import Kind
from infoshare.core.roles import Role


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def other_signatory(make_member: Any, other_org: Any) -> Any:
    return make_member(Role.SENIOR_LEAD, other_org)


@pytest.fixture
def draft(senior_lead: Any, home_org: Any, other_org: Any, other_signatory: Any) -> Any:
    agreement = services.create_draft_agreement(
        actor=senior_lead,
        lead_organisation_id=home_org.pk,
        title="Early help data sharing",
        kind=Kind.DATA_SHARING_AGREEMENT,
        purpose="Coordinating early help for families",
        lawful_bases=["gateway_public_interest", "art6_e", "art9_g"],
    )
    services.add_party(
        actor=senior_lead,
        agreement_id=agreement.pk,
        organisation_id=home_org.pk,
        signatory_id=senior_lead.pk,
    )
    services.add_party(
        actor=senior_lead,
        agreement_id=agreement.pk,
        organisation_id=other_org.pk,
        signatory_id=other_signatory.pk,
    )
    return agreement


@pytest.fixture
def active(draft: Any, senior_lead: Any, other_signatory: Any) -> Any:
    services.submit_for_signature(actor=senior_lead, agreement_id=draft.pk)
    services.sign_agreement(actor=senior_lead, agreement_id=draft.pk)
    services.sign_agreement(actor=other_signatory, agreement_id=draft.pk)
    draft.refresh_from_db()
    return draft
