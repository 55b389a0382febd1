"""One time estimate: the start page's, computed from the pages themselves. The default home
text said "about 30 minutes" (and, in Spanish, "unos 30 minutos") on its own; that sentence
goes, where the clinic has not rewritten it."""

from django.db import migrations

SENTENCES = ("Applying takes about 30 minutes. ", "Solicitar toma unos 30 minutos. ")


def forwards(apps, schema_editor):
    for page in apps.get_model("clinic", "ContentPage").objects.filter(slug="home"):
        body = page.body
        for sentence in SENTENCES:
            body = body.replace(sentence, "")
        if body != page.body:
            page.body = body
            page.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("clinic", "0012_crisis_text_links")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
