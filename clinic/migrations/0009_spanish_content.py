"""Spanish versions of the first content: pages, crisis resources and the consent.

The project's own wording, written in Spanish (not a machine translation); editable in the
admin like the English versions.
"""

from django.db import migrations
from django.utils import timezone

HOME = """La psicoterapia asistida con ketamina (KAP, por sus siglas en inglés) combina la terapia de conversación con dosis cuidadosas de ketamina, siempre bajo supervisión médica. A algunas personas, la ketamina les ayuda a aflojar el miedo de siempre y abre un espacio en el que los recuerdos y los sentimientos difíciles se sienten más abordables. Las sesiones de terapia antes, durante y después son donde se aprovecha ese espacio: para entender, sentir e integrar.

KAP puede valer la pena si usted vive con los efectos de un trauma: de la infancia, de un solo hecho abrumador o de experiencias que duraron mucho tiempo. Muchas personas que nos buscan cuentan que se sienten entumecidas o desconectadas, ansiosas o decaídas casi siempre, y estancadas: quieren sanar, pero les cuesta llegar a sus emociones, o años de terapia o de medicamentos no les han dado suficiente alivio.

KAP no es una solución rápida y no es para todas las personas. Algunas condiciones de salud y algunos medicamentos la hacen insegura, y a algunas personas les conviene más otro tipo de atención. Por eso un profesional clínico lee cada solicitud y la conversa con usted antes de decidir nada.

Solicitar toma unos 30 minutos. Sus respuestas se guardan en cada paso, solo nuestro personal clínico puede leerlas, y puede saltarse las preguntas que prefiera no contestar."""

WHAT_TO_EXPECT = """Después de que usted envíe su solicitud, un profesional clínico la lee, normalmente en un plazo de tres días hábiles, y se comunica con usted.

Si KAP puede ser adecuada para usted, el siguiente paso es una consulta: una conversación sobre su historia y sus metas, y una revisión médica de su salud y sus medicamentos. Si por ahora no parece lo indicado, le explicaremos por qué y le sugeriremos otras opciones.

Cuando el tratamiento sigue adelante, suele empezar con sesiones de preparación, luego unas pocas sesiones con ketamina con una terapeuta presente, cada una seguida de sesiones de integración. Usted puede detenerse en cualquier momento."""

CONSENT = """Esta solicitud ayuda a nuestra clínica a saber si la psicoterapia asistida con ketamina (KAP) puede ser segura y útil para usted. Por favor, lea esto antes de enviarla.

Qué pasa con sus respuestas. Sus respuestas se guardan de forma segura y solo las lee nuestro personal clínico y las personas que operan este servicio para nosotros. Las usamos para decidir con usted qué atención puede ayudarle. No las vendemos ni las compartimos con fines publicitarios. Las conservamos como lo exige la ley sobre expedientes de salud.

Esto no es un diagnóstico ni una decisión de tratamiento. Los cuestionarios ayudan a que un profesional clínico se prepare; esa persona revisa todo y habla con usted antes de decidir nada. Enviar esta solicitud no significa que se le vaya a ofrecer KAP, ni le obliga a empezar ningún tratamiento.

Esto no es un servicio de emergencia. Puede que no leamos su solicitud de inmediato. Si está pensando en quitarse la vida o está en peligro, llame o envíe un mensaje de texto al 988, o llame al 911.

Cómo nos comunicamos con usted. Usaremos el correo electrónico y el teléfono que nos dio para hablar de esta solicitud. Nuestros correos no incluyen sus respuestas.

Sus opciones. Puede saltarse las preguntas que prefiera no contestar, detenerse en cualquier momento y pedirnos ver, corregir o borrar lo que nos envió. Comuníquese con la clínica para hacerlo.

Al escribir su nombre abajo, usted confirma que la información que da es verdadera según su leal saber y entender, y que está de acuerdo con que la clínica la use como se describe aquí."""

CRISIS = [
    ("Línea 988 de Prevención del Suicidio y Crisis", "Llame o envíe un texto al 988",
     "tel:988", "Gratis y confidencial, las 24 horas, en español. Veteranos: llamen al 988 y "
                "marquen 1."),
    ("Servicios de emergencia", "Llame al 911", "tel:911",
     "Si usted u otra persona está en peligro inmediato."),
]


def forwards(apps, schema_editor):
    ContentPage = apps.get_model("clinic", "ContentPage")
    # The intake grew from five minutes to about thirty: mend the first English text if the
    # clinic has not rewritten it.
    for page in ContentPage.objects.filter(slug="home", language="en",
                                           body__contains="takes about five minutes"):
        page.body = page.body.replace("takes about five minutes", "takes about 30 minutes")
        page.save(update_fields=["body"])
    CrisisResource = apps.get_model("clinic", "CrisisResource")
    ConsentDocument = apps.get_model("clinic", "ConsentDocument")
    ContentPage.objects.get_or_create(
        slug="home", language="es",
        defaults={"title": "Psicoterapia asistida con ketamina para el trauma",
                  "summary": "Terapia, con apoyo de un medicamento, para personas que viven "
                             "con los efectos de un trauma.",
                  "body": HOME},
    )
    ContentPage.objects.get_or_create(
        slug="what-to-expect", language="es",
        defaults={"title": "Qué esperar", "body": WHAT_TO_EXPECT, "in_navigation": True,
                  "order": 1},
    )
    if not CrisisResource.objects.filter(language="es").exists():
        for order, (name, how, link, note) in enumerate(CRISIS):
            CrisisResource.objects.create(profile_id=1, name=name, how=how, link=link,
                                          note=note, order=order, language="es")
    ConsentDocument.objects.get_or_create(
        version=1, language="es",
        defaults={"title": "Consentimiento para esta solicitud", "body": CONSENT,
                  "published_at": timezone.now()},
    )


class Migration(migrations.Migration):
    dependencies = [("clinic", "0008_content_languages")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
