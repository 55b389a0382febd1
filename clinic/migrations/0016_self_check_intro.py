"""The clinic's own words above "Is KAP right for me?", editable like any page (slug
"self-check"), in English and Spanish, written for this project. The page's fixed lines stay
in the template: they promise what the code does (nothing is saved, no name is asked)."""

from django.db import migrations, models

TEXTS = {
    "en": (
        "Is KAP right for me?",
        "These questions are a way to think it through before you apply. They are the kind "
        "of questions a clinician starts with: what has happened to you, how it affects you "
        "now, and what you have tried.\n\n"
        "If an answer is hard to choose, pick the one closest to how things usually are. "
        "You can change your answers at the end, and you can stop at any time.",
    ),
    "es": (
        "¿Es la KAP adecuada para mí?",
        "Estas preguntas son una manera de pensarlo antes de solicitar. Son el tipo de "
        "preguntas con las que empieza un profesional clínico: qué le ha pasado, cómo le "
        "afecta ahora y qué ha probado.\n\n"
        "Si le cuesta elegir una respuesta, elija la que más se parezca a cómo suelen ser "
        "las cosas. Puede cambiar sus respuestas al final y puede parar cuando quiera.",
    ),
}


def forwards(apps, schema_editor):
    ContentPage = apps.get_model("clinic", "ContentPage")
    for language, (title, body) in TEXTS.items():
        ContentPage.objects.get_or_create(slug="self-check", language=language, defaults={
            "title": title, "body": body, "published": True, "in_navigation": False})


class Migration(migrations.Migration):
    dependencies = [("clinic", "0015_content_in_markdown")]
    operations = [
        migrations.AlterField(
            model_name="contentpage", name="slug",
            field=models.SlugField(
                help_text="'home' is the home page; 'self-check' the introduction to "
                          "“Is KAP right for me?”.", verbose_name="address"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
