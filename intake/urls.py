from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("", views.start, name="start"),
    path("contact/", views.contact, name="contact"),
    path("questions/<slug:code>/", views.questionnaire, name="questionnaire"),
    path("before/<slug:section>/", views.warning, name="warning"),
    path("paused/", views.paused, name="paused"),
    path("support/<slug:after>/", views.safety, name="safety"),
    path("support/<slug:after>/now/", views.safety_now, name="safety-now"),
    path("review/", views.review, name="review"),
    path("done/", views.done, name="done"),
]
