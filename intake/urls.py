from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("", views.start, name="start"),
    path("contact/", views.contact, name="contact"),
    path("questions/<slug:code>/", views.questionnaire, name="questionnaire"),
    path("before/<slug:section>/", views.warning, name="warning"),
    path("not-yet/", views.not_eligible, name="not-eligible"),
    path("pause/", views.pause, name="pause"),
    path("resume/new/", views.resume_request, name="resume-request"),
    path("resume/<str:token>/", views.resume, name="resume"),
    path("consent/", views.consent, name="consent"),
    path("support/", views.safety, name="safety"),
    path("support/now/", views.safety_now, name="safety-now"),
    path("review/", views.review, name="review"),
    path("done/", views.done, name="done"),
]
