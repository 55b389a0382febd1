from django.urls import path
from django.views.decorators.cache import never_cache

from intake import views

app_name = "intake"

# Nothing a client typed may be served again from a browser's cache on a shared device.
urlpatterns = [
    path("", never_cache(views.start), name="start"),
    path("contact/", never_cache(views.contact), name="contact"),
    path("questions/<slug:code>/", never_cache(views.questionnaire), name="questionnaire"),
    path("before/<slug:section>/", never_cache(views.warning), name="warning"),
    path("not-yet/", never_cache(views.not_eligible), name="not-eligible"),
    path("pause/", never_cache(views.pause), name="pause"),
    path("resume/new/", never_cache(views.resume_request), name="resume-request"),
    path("resume/<str:token>/", never_cache(views.resume), name="resume"),
    path("more-information/", never_cache(views.more_information), name="more-information"),
    path("withdraw/", never_cache(views.withdraw), name="withdraw"),
    path("consent/", never_cache(views.consent), name="consent"),
    path("support/", never_cache(views.safety), name="safety"),
    path("check/", never_cache(views.gate_check), name="gate-check"),
    path("review/", never_cache(views.review), name="review"),
    path("done/", never_cache(views.done), name="done"),
]
