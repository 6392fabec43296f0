from django.urls import reverse

from infoshare.governance.models import CommonStandard, PlanPriority, StandardAdoption
from infoshare.governance.tests.factories import CommonStandardFactory, PlanPriorityFactory
from infoshare.governance.tests.helpers import assert_constant_queries


def adoption_url(org, standard):
    return reverse(
        "governance:adoption_record", kwargs={"org_id": org.pk, "standard_id": standard.pk}
    )


def test_partnership_admin_publishes_a_standard(client, partnership_admin) -> None:
    client.force_login(partnership_admin)
    response = client.post(
        reverse("governance:standard_create"),
        {"title": "Named advisor", "description": "Name one."},
    )
    assert response.status_code == 302
    assert CommonStandard.objects.get().title == "Named advisor"


def test_standard_form_explains_missing_answers(client, partnership_admin) -> None:
    client.force_login(partnership_admin)
    response = client.post(reverse("governance:standard_create"), {"title": "", "description": ""})
    page = response.content.decode()
    assert "Enter the title" in page
    assert "Enter the description" in page


def test_board_member_cannot_publish_a_standard(client, board_member) -> None:
    client.force_login(board_member)
    assert client.get(reverse("governance:standard_create")).status_code == 403


def test_adopting_without_target_date_shows_an_error(
    client, senior_lead, home_org, partnership
) -> None:
    standard = CommonStandardFactory(partnership=partnership)
    client.force_login(senior_lead)
    response = client.post(
        adoption_url(home_org, standard), {"status": "adopting", "target_date": ""}
    )
    assert response.status_code == 400
    assert "Enter the target date for adopting the standard" in response.content.decode()
    assert not StandardAdoption.objects.exists()


def test_not_adopted_without_reason_shows_an_error(
    client, org_admin, home_org, partnership
) -> None:
    standard = CommonStandardFactory(partnership=partnership)
    client.force_login(org_admin)
    response = client.post(
        adoption_url(home_org, standard), {"status": "not_adopted", "reason": ""}
    )
    assert "Enter the reason the standard is not adopted" in response.content.decode()
    assert not StandardAdoption.objects.exists()


def test_adoption_is_recorded_and_shown_in_the_table(
    client, senior_lead, home_org, partnership
) -> None:
    standard = CommonStandardFactory(partnership=partnership)
    client.force_login(senior_lead)
    response = client.post(
        adoption_url(home_org, standard), {"status": "adopting", "target_date": "2027-06-30"}
    )
    assert response.status_code == 302
    page = client.get(reverse("governance:standard_list")).content.decode()
    assert "govuk-tag--yellow" in page
    assert "30 Jun 2027" in page


def test_foreign_org_cannot_record_adoption_for_home_org(
    client, foreign_org_user, home_org, partnership
) -> None:
    standard = CommonStandardFactory(partnership=partnership)
    client.force_login(foreign_org_user)
    response = client.post(adoption_url(home_org, standard), {"status": "adopted"})
    assert response.status_code == 403
    assert not StandardAdoption.objects.exists()


def test_standard_list_has_constant_queries(
    client, board_member, partnership, django_assert_num_queries
) -> None:
    CommonStandardFactory.create_batch(2, partnership=partnership)
    client.force_login(board_member)

    def grow():
        CommonStandardFactory.create_batch(30, partnership=partnership)

    assert_constant_queries(
        client, reverse("governance:standard_list"), grow, django_assert_num_queries
    )


def test_partnership_admin_adds_plan_priorities(client, partnership_admin, practitioner) -> None:
    client.force_login(partnership_admin)
    response = client.post(
        reverse("governance:priority_create"), {"title": "Early help", "order": ""}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("governance:priority_create"), {"title": "Bad", "order": "first"}
    )
    assert "Position must be a whole number" in response.content.decode()
    assert PlanPriority.objects.count() == 1
    client.force_login(practitioner)
    assert "Early help" in client.get(reverse("governance:priority_list")).content.decode()
    assert client.get(reverse("governance:priority_create")).status_code == 403


def test_priority_list_has_constant_queries(
    client, practitioner, partnership, django_assert_num_queries
) -> None:
    PlanPriorityFactory.create_batch(2, partnership=partnership)
    client.force_login(practitioner)

    def grow():
        PlanPriorityFactory.create_batch(30, partnership=partnership)

    assert_constant_queries(
        client, reverse("governance:priority_list"), grow, django_assert_num_queries
    )
