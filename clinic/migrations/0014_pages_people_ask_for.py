"""What people ask before they apply, as default pages in English and Spanish, written for
this project. The clinic edits them in the admin. The costs page holds text in [square
brackets] for the clinic to fill in (prices, insurers, how to pay), so it starts unpublished:
no client ever reads a placeholder. Nothing here promises a result."""

from django.db import migrations

# (slug, order in the menu or None, {language: (title, summary, body)})
PAGES = [
    ("kap-course", None, {
        "en": (
            "What a course of KAP looks like",
            "Preparation, a few medicine sessions with your therapist, and time to make sense "
            "of them.",
            "A course starts with conversations, not medicine. You meet a clinician, who "
            "reads your application with you, asks about your health and what you hope for, "
            "and decides with you whether KAP fits. If it does, you meet your therapist for "
            "one or more preparation sessions.\n\n"
            "Then come the medicine sessions, often several over a few weeks. Each takes a few "
            "hours in a quiet room. Ketamine is given at a low dose, your blood pressure and "
            "pulse are checked, and your therapist stays with you. Many people feel dreamlike "
            "or detached for a while; that wears off within the session.\n\n"
            "After each medicine session there is time to talk it through (integration), the "
            "same day or soon after. You go home with someone you trust: no driving until the "
            "next day.\n\n"
            "How many sessions, how far apart and in which setting is planned with you and "
            "reviewed as you go. You can stop at any point.",
        ),
        "es": (
            "Cómo es un tratamiento de KAP",
            "Preparación, algunas sesiones con medicamento junto a su terapeuta y tiempo para "
            "darles sentido.",
            "Un tratamiento empieza con conversaciones, no con el medicamento. Usted se reúne "
            "con un profesional clínico que revisa su solicitud con usted, le pregunta por su "
            "salud y por lo que espera, y decide con usted si la KAP le conviene. Si es así, "
            "tiene una o más sesiones de preparación con su terapeuta.\n\n"
            "Después vienen las sesiones con medicamento, a menudo varias a lo largo de unas "
            "semanas. Cada una dura unas horas en una sala tranquila. La ketamina se da en "
            "dosis baja, se controlan su presión arterial y su pulso, y su terapeuta se queda "
            "con usted. Muchas personas se sienten como en un sueño o algo desconectadas "
            "durante un rato; eso pasa dentro de la sesión.\n\n"
            "Tras cada sesión con medicamento hay tiempo para hablar de ella (integración), el "
            "mismo día o poco después. Vuelve a casa con alguien de confianza: no conduzca "
            "hasta el día siguiente.\n\n"
            "Cuántas sesiones, con qué frecuencia y en qué lugar se planifica con usted y se "
            "revisa sobre la marcha. Puede dejarlo en cualquier momento.",
        ),
    }),
    ("risks", None, {
        "en": (
            "Risks and side effects",
            "What people commonly feel, what is checked, and who should not take ketamine.",
            "During and shortly after a session, common effects are feeling detached or "
            "dreamlike, dizziness, nausea, blurred vision, drowsiness, and a rise in blood "
            "pressure and heart rate. They usually pass within a couple of hours; the team "
            "watches for them and can help.\n\n"
            "Some people find parts of a session frightening or sad. Your therapist is there "
            "for that, and preparation helps you know what to do if it happens.\n\n"
            "Ketamine is not for everyone. Very high blood pressure, some heart conditions, "
            "pregnancy, a history of psychosis or mania, and current misuse of ketamine or "
            "similar drugs are reasons a clinician may advise against it or ask for more "
            "checks. Some medicines interact with it, which is why the application asks "
            "about them.\n\n"
            "Used often and for a long time outside treatment, ketamine can harm the bladder "
            "and can be habit-forming. In a supervised course these risks are low, and your "
            "clinician will go through them with you before you decide.",
        ),
        "es": (
            "Riesgos y efectos secundarios",
            "Lo que la gente suele sentir, lo que se controla y quién no debería tomar "
            "ketamina.",
            "Durante una sesión y poco después, lo habitual es sentirse desconectado o como en "
            "un sueño, mareo, náuseas, visión borrosa, somnolencia y una subida de la presión "
            "arterial y del pulso. Suelen pasar en un par de horas; el equipo está atento y "
            "puede ayudar.\n\n"
            "A algunas personas partes de la sesión les dan miedo o tristeza. Su terapeuta "
            "está ahí para eso, y la preparación le ayuda a saber qué hacer si ocurre.\n\n"
            "La ketamina no es para todo el mundo. La presión arterial muy alta, algunas "
            "enfermedades del corazón, el embarazo, antecedentes de psicosis o manía y el uso "
            "indebido actual de ketamina o drogas parecidas son motivos por los que un "
            "profesional clínico puede desaconsejarla o pedir más pruebas. Algunos "
            "medicamentos interactúan con ella; por eso la solicitud pregunta por ellos.\n\n"
            "Usada a menudo y durante mucho tiempo fuera de un tratamiento, la ketamina puede "
            "dañar la vejiga y crear hábito. En un tratamiento supervisado estos riesgos son "
            "bajos, y su profesional clínico los revisará con usted antes de que decida.",
        ),
    }),
    ("costs", None, {
        "en": (
            "Costs and insurance",
            "What a course costs here, and what insurance may cover.",
            "The first consultation costs [the clinic's price, or: is free]. A preparation or "
            "integration session costs [price], and a medicine session [price].\n\n"
            "Insurance: [which insurers the clinic works with, and what they usually cover, "
            "for example the therapy sessions but not the medicine]. We can give you a "
            "statement to claim back what your plan covers.\n\n"
            "Paying: [how to pay, payment plans, sliding-scale places]. Ask us before you "
            "start; nobody should be surprised by a bill.",
        ),
        "es": (
            "Costos y seguro",
            "Lo que cuesta aquí un tratamiento y lo que el seguro puede cubrir.",
            "La primera consulta cuesta [el precio de la clínica, o: es gratuita]. Una sesión "
            "de preparación o de integración cuesta [precio], y una sesión con medicamento "
            "[precio].\n\n"
            "Seguro: [con qué aseguradoras trabaja la clínica y qué suelen cubrir, por ejemplo "
            "las sesiones de terapia pero no el medicamento]. Podemos darle un comprobante "
            "para reclamar lo que cubra su plan.\n\n"
            "Pago: [cómo pagar, planes de pago, plazas con tarifa según ingresos]. Pregúntenos "
            "antes de empezar; a nadie debería sorprenderle una factura.",
        ),
    }),
    ("who-we-can-see", None, {
        "en": (
            "Who we can and cannot see",
            "Adults, in the states where our clinicians are licensed.",
            "We can see adults who live in the states where our clinicians are licensed to "
            "practise; the home page lists them. The application checks your age and state "
            "first, so you do not spend time on questions we cannot act on.\n\n"
            "If we cannot see you, we say so kindly and point you to other help. Some health "
            "conditions mean KAP is not safe or not the right first step; a clinician, never "
            "the form, makes that call, and explains it.\n\n"
            "KAP is not an emergency service. If you are in danger now, the crisis lines at "
            "the bottom of every page are there for you.",
        ),
        "es": (
            "A quién podemos y no podemos atender",
            "Personas adultas, en los estados donde nuestros profesionales tienen licencia.",
            "Podemos atender a personas adultas que vivan en los estados donde nuestros "
            "profesionales tienen licencia para ejercer; la página de inicio los indica. La "
            "solicitud revisa primero su edad y su estado, para que no dedique tiempo a "
            "preguntas con las que no podríamos hacer nada.\n\n"
            "Si no podemos atenderle, se lo decimos con amabilidad y le indicamos otra ayuda. "
            "Algunas condiciones de salud hacen que la KAP no sea segura o no sea el primer "
            "paso adecuado; lo decide un profesional clínico, nunca el formulario, y se lo "
            "explica.\n\n"
            "La KAP no es un servicio de emergencias. Si está en peligro ahora, las líneas de "
            "crisis al pie de cada página están para usted.",
        ),
    }),
    ("faq", 2, {
        "en": (
            "Questions people ask",
            "Short answers; a clinician can tell you more.",
            "Will ketamine fix my trauma? No medicine does that on its own. KAP can make it "
            "easier for some people to work through what happened, alongside therapy. It helps "
            "some people a lot and others less.\n\n"
            "Do I have to answer every question? No. You may leave any question blank, or "
            "choose not to answer. Some questionnaires cannot be scored then; the clinician "
            "sees that and can ask you about it.\n\n"
            "Who reads my answers? Only the clinic's clinical staff, and every look at your "
            "record is logged. We never put your answers in an email.\n\n"
            "Can I stop halfway through the application? Yes. It is saved at each step, and "
            "you can ask for a link to come back from any device.\n\n"
            "What happens after I send it? A clinician reads it and contacts you. If your "
            "answers suggest you may be in danger, the team is told at once.\n\n"
            "The other pages say more: what a course looks like, risks and side effects, "
            "and who we can see. Ask us about costs before you start.",
        ),
        "es": (
            "Preguntas frecuentes",
            "Respuestas breves; un profesional clínico puede contarle más.",
            "¿La ketamina curará mi trauma? Ningún medicamento lo hace por sí solo. La KAP "
            "puede facilitar a algunas personas trabajar lo que vivieron, junto con la "
            "terapia. A algunas les ayuda mucho y a otras menos.\n\n"
            "¿Tengo que contestar todas las preguntas? No. Puede dejar cualquier pregunta en "
            "blanco o elegir no responder. Algunos cuestionarios no se pueden puntuar "
            "entonces; el profesional clínico lo ve y puede preguntarle.\n\n"
            "¿Quién lee mis respuestas? Solo el personal clínico de la clínica, y cada acceso "
            "a su expediente queda registrado. Nunca ponemos sus respuestas en un correo.\n\n"
            "¿Puedo dejar la solicitud a medias? Sí. Se guarda en cada paso, y puede pedir un "
            "enlace para volver desde cualquier dispositivo.\n\n"
            "¿Qué pasa cuando la envío? Un profesional clínico la lee y se pone en contacto "
            "con usted. Si sus respuestas sugieren que puede estar en peligro, se avisa al "
            "equipo de inmediato.\n\n"
            "Las otras páginas cuentan más: cómo es un tratamiento, riesgos y efectos "
            "secundarios y a quién podemos atender. Pregúntenos por los costos antes de "
            "empezar.",
        ),
    }),
]


def forwards(apps, schema_editor):
    ContentPage = apps.get_model("clinic", "ContentPage")
    for slug, order, versions in PAGES:
        for language, (title, summary, body) in versions.items():
            ContentPage.objects.get_or_create(slug=slug, language=language, defaults={
                "title": title, "summary": summary, "body": body,
                "published": slug != "costs",
                "in_navigation": order is not None, "order": order or 0})


class Migration(migrations.Migration):
    dependencies = [("clinic", "0013_one_time_estimate")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
