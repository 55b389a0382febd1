"""A clinic starts with sensible settings, US crisis lines and a first draft of its pages.

Everything here is editable in the admin; the wording is the project's own.
"""

from django.db import migrations

CRISIS_RESOURCES = [
    ("988 Suicide & Crisis Lifeline", "Call or text 988", "tel:988",
     "Free and confidential, 24 hours a day. Veterans: call 988 and press 1."),
    ("Emergency services", "Call 911", "tel:911",
     "If you or someone else is in immediate danger."),
]

HOME_BODY = """Ketamine-assisted psychotherapy (KAP) combines talk therapy with carefully dosed ketamine, given under medical supervision. For some people, ketamine softens the grip of old fear and opens a window in which hard memories and feelings feel more approachable. The therapy sessions before, during and after are where that window is used: to understand, to feel, and to integrate.

KAP may be worth exploring if you live with the effects of trauma: from childhood, from one overwhelming event, or from experiences that went on for a long time. People who come to us often describe feeling numb or cut off, anxious or low most of the time, and stuck: they want to heal, but find their emotions hard to reach, or years of therapy or medication have not given them enough relief.

KAP is not a quick fix and it is not right for everyone. Some health conditions and medications make it unsafe, and some people are better served by other care. That is why every application is read by a clinician, who talks it through with you before anything is decided.

Applying takes about five minutes. Your answers are saved at each step, only our clinical staff can read them, and you can skip questions you would rather not answer."""

WHAT_TO_EXPECT_BODY = """After you apply, a clinician reads your answers, usually within three working days, and contacts you.

If KAP may suit you, the next step is a consultation: a conversation about your history and goals, and a medical check of your health and medications. If it does not seem right for now, we will tell you why and suggest other options.

Treatment, when it goes ahead, usually starts with preparation sessions, then a small number of ketamine sessions with a therapist present, each followed by integration sessions. You can stop at any point."""


def create_defaults(apps, schema_editor):
    ClinicProfile = apps.get_model("clinic", "ClinicProfile")
    CrisisResource = apps.get_model("clinic", "CrisisResource")
    ContentPage = apps.get_model("clinic", "ContentPage")
    profile, _ = ClinicProfile.objects.get_or_create(pk=1, defaults={"name": "KAP Clinic"})
    if not profile.crisis_resources.exists():
        for order, (name, how, link, note) in enumerate(CRISIS_RESOURCES):
            CrisisResource.objects.create(
                profile=profile, name=name, how=how, link=link, note=note, order=order
            )
    ContentPage.objects.get_or_create(
        slug="home",
        defaults={
            "title": "Ketamine-assisted psychotherapy for trauma",
            "summary": "Therapy, supported by medicine, for people living with the effects of trauma.",
            "body": HOME_BODY,
        },
    )
    ContentPage.objects.get_or_create(
        slug="what-to-expect",
        defaults={
            "title": "What to expect",
            "body": WHAT_TO_EXPECT_BODY,
            "in_navigation": True,
            "order": 1,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("clinic", "0001_initial")]
    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
