from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from care import plan as care_plan
from care import services as care_services
from care.models import Course, DosingSession, Measure
from clinic.roles import Role
from clinic.selectors import current_consent
from clinic.services import staff_user_create
from intake import services as intake_services
from intake import workflow
from intake.models import Intake
from review import services as review_services
from screening import battery
from screening.change import MEASURED
from screening.examples import answers_for_total, likely_answers

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - development only, refused when DEBUG is off

DEMO_STAFF = [
    ("clinician@example.org", Role.CLINICIAN, "Dana", "Reyes"),
    ("admin@example.org", Role.CLINIC_ADMIN, "Sam", "Okafor"),
]

# Four people the queue should show: an urgent case on top, then newest first.
DEMO_INTAKES: list[tuple[str, str, dict[str, dict[str, object]]]] = [
    ("Casey", "Morgan", {  # nothing points to trauma: unlikely at this time
        "candidacy": {"childhood-trauma": "no", "trauma-pattern": "none",
                      "trauma-linked-symptoms": "no", "therapy-relief": "much"},
        "pc-ptsd-5": {"102011-4": "LA32-8"}, "ace": {"ace-1": "LA32-8", "ace-4": "LA32-8"},
    }),
    ("Jordan", "Lee", {  # a benzodiazepine and heart trouble: possible, needs review
        "medications": {"benzodiazepine": "yes", "benzo-name": "alprazolam",
                        "benzo-how-often": "daily", "benzo-daily-mg": "1.5"},
        "medical": {"heart-condition": "yes"},
    }),
    ("Alex", "Rivera", {}),  # likely candidate
    ("Sam", "Patel", {"phq-9": {"44260-8": "LA6569-3"}}),  # urgent safety follow-up
]


class Command(BaseCommand):
    help = "Development only: demo staff accounts (printed) and a few sample intakes."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("load_demo is for development only (DEBUG=true).")
        users = get_user_model().objects
        for email, role, first, last in DEMO_STAFF:
            if not users.filter(username=email).exists():
                staff_user_create(email=email, role=role, password=DEMO_PASSWORD,
                                  first_name=first, last_name=last)
        if not Intake.objects.exists():
            intakes = {first: self._demo_intake(first, last, likely_answers(changes))
                       for first, last, changes in DEMO_INTAKES}
            clinician = users.get(username=DEMO_STAFF[0][0])
            self._demo_request_answered(intakes["Jordan"], clinician)
            self._demo_course(clinician)
        self.stdout.write("Demo staff accounts (development only):")
        for email, role, _first, _last in DEMO_STAFF:
            self.stdout.write(f"  {role.value:<13} {email}  password: {DEMO_PASSWORD}")
        self.stdout.write(f"Staff login: {settings.SITE_URL}/staff/login/ (the first login "
                          "sets up the second step: an authenticator app or a passkey)")

    def _demo_course(self, clinician: Any) -> Course:
        """A course of care seven weeks along: approved, a weekly session since (eight
        in all, the last one two days ahead, its check-in asked and open), every earlier
        check-in answered with totals that fall, so the course page has charts to draw and
        the courses list something due."""
        intake = self._demo_intake("Robin", "Hayes", likely_answers())
        for move in (workflow.Move(Intake.Status.IN_REVIEW),
                     workflow.Move(Intake.Status.APPROVED, "indications-met",
                                   "Demo: indications met.")):
            review_services.status_change(intake=intake, move=move, by=clinician,
                                          ip_address=None)
        today = timezone.localdate()
        start = today - timedelta(weeks=7, days=1)
        course = care_services.course_start(
            intake=intake, by=clinician, instruments=list(MEASURED), at_baseline=True,
            before_sessions=True, every_weeks=None, ip_address=None)
        # The history: the course began seven weeks ago (the baseline with it).
        Course.objects.filter(pk=course.pk).update(started_on=start)
        Measure.objects.filter(course=course).update(ask_on=start,
                                                     due_on=start + timedelta(days=7))
        days = [start + timedelta(days=3 + 7 * week) for week in range(8)]
        sessions = [DosingSession.objects.create(
            course=course, on_date=day, setting="home" if n % 3 == 2 else "clinic",
            label=f"Session {n}", planned_by=clinician) for n, day in enumerate(days, 1)]
        baseline = Measure.objects.get(course=course)
        occasions = [(baseline, start)] + [
            (Measure.objects.create(
                course=course, occasion=care_plan.BEFORE_SESSION, session=session,
                ask_on=session.on_date - timedelta(days=2), due_on=session.on_date,
                instruments=[*care_plan.SESSION_CHECK, *MEASURED]),
             session.on_date - timedelta(days=1))
            for session in sessions if session.on_date < today]
        totals = {"phq-9": (18, 17, 15, 14, 12, 10, 9, 7),
                  "pcl-5": (54, 52, 49, 45, 41, 37, 33, 29),
                  "gad-7": (15, 15, 13, 12, 11, 9, 8, 8)}
        ready = {"fasting": "yes", "ride-home": "yes", "alcohol-24h": "no",
                 "benzodiazepines-24h": "no", "other-substances-24h": "no",
                 "new-medications": "no"}
        for number, (measure, day) in enumerate(occasions):
            at = timezone.make_aware(datetime.combine(day, time(18, 30)))
            for code in measure.instruments:
                if code == "pre-session":
                    answers = ready
                elif code == "asq":
                    answers = {f"asq-{n}": "no" for n in range(1, 5)}
                else:
                    answers = answers_for_total(code, totals[code][number],
                                                keep_zero=("44260-8",))
                care_services.measure_answer(measure=measure, questionnaire=code,
                                             answers=answers, not_asked=[], at=at)
        # The next session's check (the last session is ahead): asked when its day comes.
        care_services.measures_ask()
        return course

    def _demo_request_answered(self, intake: Intake, clinician: Any) -> None:
        """One round of "needs information": asked about the benzodiazepine, answered with
        the dose lowered, so the intake page has a resubmission to show."""
        review_services.status_change(intake=intake, by=clinician, ip_address=None,
                                      move=workflow.Move(
            Intake.Status.NEEDS_INFO, revisit=("medications",),
            message="Could you tell us how much alprazolam you take on a usual day, and who "
                    "prescribes it?"))
        intake.refresh_from_db()
        answers = likely_answers({"medications": {
            "benzodiazepine": "yes", "benzo-name": "alprazolam (Dr. Chen prescribes it)",
            "benzo-how-often": "daily", "benzo-daily-mg": "1"}})["medications"]
        intake_services.response_save(intake=intake, questionnaire="medications",
                                      answers=answers)
        return intake_services.intake_submit(intake_id=intake.pk)

    def _demo_intake(self, first: str, last: str,
                     answers: dict[str, dict[str, object]]) -> Intake:
        intake = intake_services.intake_start()
        intake_services.intake_save_contact(
            intake=intake, first_name=first, last_name=last, phone="",
            email=f"{first}.{last}@example.org".lower(), date_of_birth=date(1985, 6, 1),
            state="CA",
        )
        for code in intake.questionnaires:
            asked = intake_services.answers_by_questionnaire(intake) | {code: answers[code]}
            if battery.is_asked(code, asked):
                intake_services.response_save(intake=intake, questionnaire=code,
                                              answers=answers[code])
        intake_services.consent_sign(intake=intake, document=current_consent(),
                                     typed_name=intake.full_name, ip_address=None)
        return intake_services.intake_submit(intake_id=intake.pk)
