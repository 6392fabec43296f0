from django.urls import path

from infoshare.decisions.views import (
    exports,
    people_changes,
    questions,
    record_steps,
    records,
    start,
)

app_name = "decisions"

_draft = "<int:decision_id>/"

urlpatterns = [
    path("", records.my_decisions, name="my_decisions"),
    path("team/", records.team_decisions, name="team_decisions"),
    path("team/urgent-drafts/", records.team_urgent_drafts, name="team_urgent_drafts"),
    path("team/leavers-drafts/", records.leavers_drafts, name="leavers_drafts"),
    path("organisation/", records.organisation_decisions, name="organisation_decisions"),
    path("shared-with-us/", records.shared_with_us, name="shared_with_us"),
    path("start/", start.start, name="start"),
    path(f"{_draft}resume/", start.resume, name="resume"),
    path(f"{_draft}people/", start.people, name="people"),
    path(f"{_draft}people/new/", start.person_new, name="person_new"),
    path(f"{_draft}recipient/", start.recipient, name="recipient"),
    path(f"{_draft}purpose/", start.purpose, name="purpose"),
    path(f"{_draft}question/<slug:key>/", questions.question, name="question"),
    path(f"{_draft}check/", questions.check_answers, name="check_answers"),
    path(f"{_draft}recommendation/", record_steps.recommendation, name="recommendation"),
    path(f"{_draft}outcome/", record_steps.outcome, name="outcome"),
    path(f"{_draft}bases/", record_steps.bases, name="bases"),
    path(f"{_draft}information/", record_steps.information, name="information"),
    path(f"{_draft}sharing/", record_steps.sharing, name="sharing"),
    path(f"{_draft}told/", record_steps.told, name="told"),
    path(f"{_draft}finalise/", record_steps.finalise, name="finalise"),
    path(f"{_draft}confirmation/", record_steps.confirmation, name="confirmation"),
    path(f"{_draft}discard/", record_steps.discard, name="discard"),
    path(f"{_draft}amendment-reason/", record_steps.amendment_reason, name="amendment_reason"),
    path(f"{_draft}", records.decision_detail, name="decision_detail"),
    path(f"{_draft}amend/", records.amend, name="amend"),
    path(f"{_draft}amend/withdraw/", records.withdraw_amendment, name="withdraw_amendment"),
    path(f"{_draft}delete/", records.delete_leavers_draft, name="delete_leavers_draft"),
    path(f"{_draft}countersign/", records.countersign, name="countersign"),
    path(f"{_draft}pdf/", exports.decision_pdf, name="decision_pdf"),
    path("export.csv", exports.export_csv, name="export_csv"),
    path("people/<int:person_id>/", records.person_detail, name="person_detail"),
    path("people/<int:person_id>/export/", exports.subject_access, name="subject_access"),
    path("people/<int:person_id>/change/", people_changes.person_change, name="person_change"),
    path("people/<int:person_id>/remove/", people_changes.person_remove, name="person_remove"),
]
