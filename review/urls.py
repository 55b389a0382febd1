from django.urls import path

from review import care_views, exports, views

app_name = "review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("queue.csv", exports.queue_csv, name="queue-csv"),
    path("audit/", views.audit_log, name="audit"),
    path("stats/", views.stats, name="stats"),
    path("care/", care_views.courses, name="courses"),
    path("keepalive/", views.keepalive, name="keepalive"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/test/", views.outbox_test, name="outbox-test"),
    path("outbox/<int:message_id>/seen/", views.outbox_seen, name="outbox-seen"),
    path("intakes/<uuid:intake_id>/", views.intake_detail, name="intake"),
    path("intakes/<uuid:intake_id>/fhir/", exports.intake_fhir, name="intake-fhir"),
    path("intakes/<uuid:intake_id>/pdf/", exports.intake_pdf, name="intake-pdf"),
    path("intakes/<uuid:intake_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("intakes/<uuid:intake_id>/assign/", views.assign, name="assign"),
    path("intakes/<uuid:intake_id>/notes/", views.note, name="note"),
    path("intakes/<uuid:intake_id>/status/", views.change_status, name="status"),
    path("intakes/<uuid:intake_id>/erase/", views.erase, name="erase"),
    path("intakes/<uuid:intake_id>/care/", care_views.course, name="course"),
    path("intakes/<uuid:intake_id>/care/start/", care_views.course_start,
         name="course-start"),
    path("intakes/<uuid:intake_id>/care/sessions/", care_views.session_plan,
         name="session-plan"),
    path("intakes/<uuid:intake_id>/care/sessions/<int:session_id>/cancel/",
         care_views.session_cancel, name="session-cancel"),
    path("intakes/<uuid:intake_id>/care/alerts/<int:alert_id>/acknowledge/",
         care_views.alert_acknowledge, name="care-acknowledge"),
]
