from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("", views.start, name="start"),
    path("contact/", views.contact, name="contact"),
    path("questions/<slug:code>/", views.questionnaire, name="questionnaire"),
    path("review/", views.review, name="review"),
    path("done/", views.done, name="done"),
]
