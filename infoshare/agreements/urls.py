from django.urls import path

from infoshare.agreements.views import documents, drafts, parties, register, workflow

app_name = "agreements"
urlpatterns = [
    path("", register.agreement_list, name="agreement_list"),
    path("map", register.agreement_map, name="agreement_map"),
    path("export.csv", register.export_csv, name="export_csv"),
    path("export.xlsx", register.export_xlsx, name="export_xlsx"),
    path("new", drafts.agreement_create, name="agreement_create"),
    path("<int:agreement_id>", drafts.agreement_detail, name="agreement_detail"),
    path("<int:agreement_id>/edit", drafts.agreement_edit, name="agreement_edit"),
    path("<int:agreement_id>/parties/add", drafts.party_add, name="party_add"),
    path(
        "<int:agreement_id>/parties/<int:party_id>/remove",
        workflow.party_remove,
        name="party_remove",
    ),
    path(
        "<int:agreement_id>/parties/<int:party_id>/signatory",
        parties.party_signatory,
        name="party_signatory",
    ),
    path("<int:agreement_id>/submit", workflow.agreement_submit, name="agreement_submit"),
    path("<int:agreement_id>/sign", workflow.agreement_sign, name="agreement_sign"),
    path("<int:agreement_id>/refuse", workflow.agreement_refuse, name="agreement_refuse"),
    path("<int:agreement_id>/new-version", workflow.new_version, name="new_version"),
    path("<int:agreement_id>/withdraw", workflow.agreement_withdraw, name="agreement_withdraw"),
    path("<int:agreement_id>/documents/upload", documents.document_upload, name="document_upload"),
    path(
        "<int:agreement_id>/documents/<int:document_id>",
        documents.document_download,
        name="document_download",
    ),
]
