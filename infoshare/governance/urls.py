from django.urls import path

from infoshare.governance.views import board, policies, standards, statements

app_name = "governance"
urlpatterns = [
    path("to-read", statements.to_read, name="to_read"),
    path(
        "<int:org_id>/position-statement", statements.position_statement, name="position_statement"
    ),
    path(
        "<int:org_id>/position-statement/publish",
        statements.statement_publish,
        name="statement_publish",
    ),
    path(
        "<int:org_id>/position-statement/<int:statement_id>/acknowledge",
        statements.statement_acknowledge,
        name="statement_acknowledge",
    ),
    path("<int:org_id>/acknowledgements", statements.acknowledgements, name="acknowledgements"),
    path("policies/", policies.policy_list, name="policy_list"),
    path("policies/new", policies.policy_create, name="policy_create"),
    path("policies/<int:policy_id>", policies.policy_detail, name="policy_detail"),
    path("policies/<int:policy_id>/edit", policies.policy_edit, name="policy_edit"),
    path("policies/<int:policy_id>/publish", policies.policy_publish, name="policy_publish"),
    path(
        "policies/<int:policy_id>/new-version",
        policies.policy_new_version,
        name="policy_new_version",
    ),
    path(
        "policies/<int:policy_id>/acknowledge",
        policies.policy_acknowledge,
        name="policy_acknowledge",
    ),
    path("policies/<int:policy_id>/document", policies.policy_document, name="policy_document"),
    path("standards/", standards.standard_list, name="standard_list"),
    path("standards/new", standards.standard_create, name="standard_create"),
    path(
        "<int:org_id>/standards/<int:standard_id>/adoption",
        standards.adoption_record,
        name="adoption_record",
    ),
    path("plan-priorities/", standards.priority_list, name="priority_list"),
    path("plan-priorities/new", standards.priority_create, name="priority_create"),
    path("board/", board.board, name="board"),
]
