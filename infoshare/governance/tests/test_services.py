import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from infoshare.audit.models import AuditEvent
from infoshare.core.dates import years_ahead
from infoshare.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from infoshare.core.roles import Role
from infoshare.governance import services
from infoshare.governance.audit import Action
from infoshare.governance.files import MSG_NOT_PDF, MSG_TOO_BIG
from infoshare.governance.models import (
    Acknowledgement,
    AdoptionStatus,
    PolicyLevel,
    PolicyStatus,
    StandardAdoption,
    StatementStatus,
)
from infoshare.governance.services._common import (
    MSG_REASON_REQUIRED,
    MSG_TARGET_DATE_REQUIRED,
)
from infoshare.governance.tests.factories import (
    PDF_BYTES,
    make_policy,
    make_standard,
)

EFFECTIVE = dt.date(2026, 4, 1)


def publish(actor, org, title="Our position"):
    return services.publish_position_statement(
        actor=actor, organisation_id=org.pk, title=title, body="We share.", effective_date=EFFECTIVE
    )


def test_senior_lead_publishes_a_statement_and_it_is_audited(senior_lead, home_org) -> None:
    statement = publish(senior_lead, home_org)
    assert statement.version == 1
    assert statement.status == StatementStatus.PUBLISHED
    event = AuditEvent.objects.get(action=Action.POSITION_STATEMENT_PUBLISHED)
    assert event.object_id == str(statement.pk)
    assert event.organisation_id == home_org.pk


def test_a_new_version_supersedes_the_previous_one(senior_lead, home_org) -> None:
    first = publish(senior_lead, home_org, "First")
    second = publish(senior_lead, home_org, "Second")
    first.refresh_from_db()
    assert first.status == StatementStatus.SUPERSEDED
    assert second.version == 2
    assert second.status == StatementStatus.PUBLISHED


def test_board_member_cannot_publish_a_statement(board_member, home_org) -> None:
    with pytest.raises(DomainError):
        publish(board_member, home_org)


def test_foreign_senior_lead_cannot_publish_for_the_home_organisation(
    foreign_org_user, home_org
) -> None:
    with pytest.raises(DomainError):
        publish(foreign_org_user, home_org)
    assert not AuditEvent.objects.filter(action=Action.POSITION_STATEMENT_PUBLISHED).exists()


def test_statement_needs_title_body_and_date(senior_lead, home_org) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.publish_position_statement(
            actor=senior_lead,
            organisation_id=home_org.pk,
            title=" ",
            body="x" * 20001,
            effective_date=None,
        )
    assert set(caught.value.fields) == {"title", "body", "effective_date"}


def test_acknowledging_twice_keeps_one_acknowledgement_and_one_event(
    senior_lead, practitioner, home_org
) -> None:
    statement = publish(senior_lead, home_org)
    first = services.acknowledge_position_statement(actor=practitioner, statement_id=statement.pk)
    again = services.acknowledge_position_statement(actor=practitioner, statement_id=statement.pk)
    assert first.pk == again.pk
    assert Acknowledgement.objects.count() == 1
    assert AuditEvent.objects.filter(action=Action.POSITION_STATEMENT_ACKNOWLEDGED).count() == 1


def test_a_person_of_another_organisation_cannot_acknowledge(
    senior_lead, foreign_org_user, home_org
) -> None:
    statement = publish(senior_lead, home_org)
    with pytest.raises(NotFound):
        services.acknowledge_position_statement(actor=foreign_org_user, statement_id=statement.pk)


def test_a_superseded_statement_cannot_be_acknowledged(senior_lead, practitioner, home_org) -> None:
    first = publish(senior_lead, home_org)
    publish(senior_lead, home_org)
    with pytest.raises(Conflict) as caught:
        services.acknowledge_position_statement(actor=practitioner, statement_id=first.pk)
    assert caught.value.code == "not_current"


def test_acknowledge_policy_is_idempotent(practitioner, home_org) -> None:
    policy = make_policy(organisation=home_org)
    services.acknowledge_policy(actor=practitioner, policy_id=policy.pk)
    services.acknowledge_policy(actor=practitioner, policy_id=policy.pk)
    assert Acknowledgement.objects.filter(policy=policy).count() == 1
    assert AuditEvent.objects.filter(action=Action.POLICY_ACKNOWLEDGED).count() == 1


def test_partnership_policy_applies_to_every_organisation(
    foreign_org_user, home_org, partnership
) -> None:
    policy = make_policy(organisation=None, partnership=partnership, level=PolicyLevel.PARTNERSHIP)
    services.acknowledge_policy(actor=foreign_org_user, policy_id=policy.pk)
    assert Acknowledgement.objects.filter(policy=policy, person=foreign_org_user).exists()


def new_policy(actor, org, **kwargs):
    values = {
        "actor": actor,
        "level": PolicyLevel.ORGANISATION,
        "organisation_id": org.pk,
        "title": "Sharing policy",
        "kind": "policy",
        "body": "Text",
        "review_date": years_ahead(1),  # today or later, as the service requires
    }
    values.update(kwargs)
    return services.create_policy(**values)


def test_advisor_creates_publishes_and_revises_a_policy(advisor, home_org) -> None:
    draft = new_policy(advisor, home_org)
    assert draft.status == PolicyStatus.DRAFT
    published = services.publish_policy(actor=advisor, policy_id=draft.pk)
    assert published.status == PolicyStatus.PUBLISHED
    second = services.new_policy_version(actor=advisor, policy_id=published.pk)
    assert second.version == 2
    assert second.previous_id == published.pk
    services.update_policy(
        actor=advisor,
        policy_id=second.pk,
        title="Sharing policy v2",
        kind="policy",
        body="New text",
        review_date=years_ahead(2),
    )
    services.publish_policy(actor=advisor, policy_id=second.pk)
    published.refresh_from_db()
    assert published.status == PolicyStatus.RETIRED
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        Action.POLICY_CREATED,
        Action.POLICY_PUBLISHED,
        Action.POLICY_VERSION_CREATED,
        Action.POLICY_CHANGED,
    } <= actions


def test_a_published_policy_cannot_be_edited(advisor, home_org) -> None:
    draft = new_policy(advisor, home_org)
    services.publish_policy(actor=advisor, policy_id=draft.pk)
    with pytest.raises(Conflict) as caught:
        services.update_policy(
            actor=advisor,
            policy_id=draft.pk,
            title="Changed",
            kind="policy",
            body="x",
            review_date=years_ahead(2),
        )
    assert caught.value.code == "not_draft"


def test_practitioner_cannot_create_an_organisation_policy(practitioner, home_org) -> None:
    with pytest.raises(DomainError):
        new_policy(practitioner, home_org)


def test_only_partnership_admin_creates_partnership_policies(
    senior_lead, partnership_admin, home_org
) -> None:
    with pytest.raises(DomainError):
        new_policy(senior_lead, home_org, level=PolicyLevel.PARTNERSHIP, organisation_id=None)
    policy = new_policy(
        partnership_admin, home_org, level=PolicyLevel.PARTNERSHIP, organisation_id=None
    )
    assert policy.organisation_id is None


def test_policy_needs_text_or_pdf(advisor, home_org) -> None:
    with pytest.raises(DomainError) as caught:
        new_policy(advisor, home_org, body="")
    assert caught.value.field == "body"


def test_pdf_policy_is_stored_under_media_root_policies(
    advisor, home_org, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("My policy.pdf", PDF_BYTES, content_type="application/pdf")
    policy = new_policy(advisor, home_org, body="", document=upload)
    assert policy.document.name.startswith("policies/")
    assert (tmp_path / policy.document.name).read_bytes() == PDF_BYTES
    assert policy.document_name == "My policy.pdf"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("policy.docx", PDF_BYTES, MSG_NOT_PDF),
        ("policy.pdf", b"<html>not a pdf</html>", MSG_NOT_PDF),
        ("policy.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), MSG_TOO_BIG),
    ],
)
def test_upload_must_be_a_pdf_within_10mb(
    advisor, home_org, settings, tmp_path, name, content, message
) -> None:
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(DomainError) as caught:
        new_policy(advisor, home_org, body="", document=SimpleUploadedFile(name, content))
    assert caught.value.message == message
    assert caught.value.field == "document"
    assert not list(tmp_path.rglob("*.pdf"))


def test_adopting_needs_a_target_date(senior_lead, home_org, partnership) -> None:
    standard = make_standard(partnership=partnership)
    with pytest.raises(DomainError) as caught:
        services.record_adoption(
            actor=senior_lead,
            standard_id=standard.pk,
            organisation_id=home_org.pk,
            status=AdoptionStatus.ADOPTING,
        )
    assert caught.value.message == MSG_TARGET_DATE_REQUIRED
    assert not StandardAdoption.objects.exists()


def test_not_adopted_needs_a_reason(org_admin, home_org, partnership) -> None:
    standard = make_standard(partnership=partnership)
    with pytest.raises(DomainError) as caught:
        services.record_adoption(
            actor=org_admin,
            standard_id=standard.pk,
            organisation_id=home_org.pk,
            status=AdoptionStatus.NOT_ADOPTED,
            reason="  ",
        )
    assert caught.value.message == MSG_REASON_REQUIRED


def test_recording_adoption_again_updates_the_one_row(senior_lead, home_org, partnership) -> None:
    standard = make_standard(partnership=partnership)
    services.record_adoption(
        actor=senior_lead,
        standard_id=standard.pk,
        organisation_id=home_org.pk,
        status=AdoptionStatus.ADOPTING,
        target_date=dt.date(2027, 3, 1),
    )
    adoption = services.record_adoption(
        actor=senior_lead,
        standard_id=standard.pk,
        organisation_id=home_org.pk,
        status=AdoptionStatus.ADOPTED,
        target_date=dt.date(2027, 3, 1),
    )
    assert StandardAdoption.objects.count() == 1
    assert adoption.status == AdoptionStatus.ADOPTED
    assert adoption.target_date is None
    assert AuditEvent.objects.filter(action=Action.ADOPTION_RECORDED).count() == 2


def test_practitioner_cannot_record_adoption(practitioner, home_org, partnership) -> None:
    standard = make_standard(partnership=partnership)
    with pytest.raises(DomainError):
        services.record_adoption(
            actor=practitioner,
            standard_id=standard.pk,
            organisation_id=home_org.pk,
            status=AdoptionStatus.ADOPTED,
        )


def test_partnership_admin_publishes_standards_and_priorities(
    partnership_admin, partnership
) -> None:
    standard = services.publish_common_standard(
        actor=partnership_admin, title="Named advisor", description="Each organisation names one."
    )
    priority = services.add_plan_priority(actor=partnership_admin, title="Early help sharing")
    assert standard.partnership_id == partnership.pk
    assert priority.order == 1
    with pytest.raises(DomainError):
        services.publish_common_standard(
            actor=partnership_admin, title="Named advisor", description="Again"
        )


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.SENIOR_LEAD])
def test_only_partnership_admin_publishes_standards(make_member, home_org, role) -> None:
    with pytest.raises(DomainError):
        services.publish_common_standard(
            actor=make_member(role, home_org), title="A standard", description="Text"
        )
