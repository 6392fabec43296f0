from django.urls import URLPattern

app_name = "advice"
urlpatterns: list[URLPattern] = []
