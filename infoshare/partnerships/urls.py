from django.urls import path

from infoshare.partnerships.views import credentials, imports, invitations, organisations, staff

app_name = "partnerships"
urlpatterns = [
    path("", organisations.organisation_list, name="organisation_list"),
    path("new", organisations.organisation_create, name="organisation_create"),
    path("<int:org_id>/", organisations.organisation_detail, name="organisation_detail"),
    path("<int:org_id>/edit", organisations.organisation_edit, name="organisation_edit"),
    path("<int:org_id>/teams/new", organisations.team_create, name="team_create"),
    path("<int:org_id>/staff/", staff.staff_list, name="staff_list"),
    path("<int:org_id>/staff/invite", staff.invite, name="invite"),
    path(
        "<int:org_id>/staff/invite/<int:membership_id>/sent",
        staff.invite_sent,
        name="invite_sent",
    ),
    path("<int:org_id>/staff/<int:membership_id>/role", staff.change_role, name="change_role"),
    path("<int:org_id>/staff/<int:membership_id>/deactivate", staff.deactivate, name="deactivate"),
    path(
        "<int:org_id>/staff/<int:membership_id>/invitation",
        credentials.resend_invitation,
        name="resend_invitation",
    ),
    path(
        "<int:org_id>/staff/<int:membership_id>/two-factor",
        credentials.reset_two_factor,
        name="reset_two_factor",
    ),
    path("<int:org_id>/staff/import", imports.staff_import, name="staff_import"),
    path("<int:org_id>/staff/import/<int:import_id>/", imports.import_status, name="import_status"),
    path(
        "<int:org_id>/staff/import/<int:import_id>/preview",
        imports.import_preview,
        name="import_preview",
    ),
    path("invitations/<str:token>/", invitations.accept_invitation, name="accept_invitation"),
]
