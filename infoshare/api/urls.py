from django.urls import path

from infoshare.api import docs

app_name = "api"
urlpatterns = [
    path("", docs.api_documentation, name="documentation"),
]
