from django.urls import path

from review import views

app_name = "review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("intakes/<uuid:intake_id>/", views.intake_detail, name="intake"),
    path("intakes/<uuid:intake_id>/fhir/", views.intake_fhir, name="intake-fhir"),
]
