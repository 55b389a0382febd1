from django.urls import path
from django.views.decorators.cache import never_cache

from care import views

app_name = "care"

urlpatterns = [
    path("check-in/questions/<slug:code>/", never_cache(views.measure_questions),
         name="measure-questions"),
    path("check-in/help/", never_cache(views.measure_safety), name="measure-safety"),
    path("check-in/done/", never_cache(views.measure_done), name="measure-done"),
    path("check-in/<str:token>/", never_cache(views.measure_link), name="measure-link"),
]
