from django.urls import path

from infoshare.advice import views

app_name = "advice"
urlpatterns = [
    path("", views.index, name="index"),
    path("new", views.request_new, name="request_new"),
    path("mine", views.my_requests, name="my_requests"),
    path("queue", views.queue, name="queue"),
    path("queue/answered", views.queue_answered, name="queue_answered"),
    path("queue/closed", views.queue_closed, name="queue_closed"),
    path("<int:request_id>/", views.request_detail, name="request_detail"),
    path("<int:request_id>/sent", views.request_sent, name="request_sent"),
    path("<int:request_id>/close", views.request_close, name="request_close"),
]
