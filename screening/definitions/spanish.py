"""Official Spanish translations of the validated instruments, and only official ones.

A translation here is the instrument owner's own Spanish wording, copied unchanged from a
source named in the constant's `source`. Nothing in this module was translated by us: where
even one text of an instrument (title, instructions, an item, an answer label or an item stem)
could not be checked against the official Spanish, the instrument has no translation and is
shown in English with a note (CLINICAL.md: validated wording is never edited).

Keys are the definitions' own link ids and option codes, written out here as data. This module
deliberately imports no definition module, so that a definition can import its translation
from here without a circular import.

Checked in this pass, and why there is no translation for the others:
- PHQ-9: official Spanish (USA) form verified; PHQ9_ES below.
- GAD-7: Pfizer distributes a Spanish (USA) form, but no reproduction of the form itself was
  found, only transcriptions of its items, instructions and answer labels; its heading (title)
  could not be verified. No translation.
- PC-PTSD-5, PCL-5: no Spanish version published by the US VA National Center for PTSD was
  found (the Spanish PCL-5 versions found are third-party adaptations, e.g. Sanz et al.,
  Universidad Complutense de Madrid, 2016). No translation.
- ACE (ACEs Aware, adult): ACEs Aware states its screening tools are available in 17
  languages, but its Spanish adult questionnaire could not be read (introduction,
  instructions and the follow-up question unverified). No translation.
- AUDIT-C: WHO published the AUDIT manual in Spanish (WHO/MSD/MSB/01.6a, Spanish edition),
  but the Spanish of the self-report version's opening lines could not be read, and the name
  "AUDIT-C" is not part of the WHO instrument. No translation.
- Single-question drug screen (Smith et al. 2010): no Spanish version from the authors found.
  No translation.
- ASQ: NIMH's Spanish ASQ tool could not be read; public transcriptions disagree on
  question 3 and the title is unverified. No translation.
"""

from screening.schema import Translation

# PHQ-9, Spanish (USA) form from the Pfizer PHQ screeners (phqscreeners.com). Checked against
# the reproduction of that form, with its Spanish Pfizer line, at
# https://es.studenta.com/content/129686767/patient-health-questionnaire-9-spanish
# (file "PatientHealthQuestionnaire9_Spanish"), and against independent public transcriptions
# of the same form, which agree word for word. The form's heading is printed in capitals
# ("CUESTIONARIO SOBRE LA SALUD DEL PACIENTE-9 (PHQ-9)"); only its case is changed here, as
# the English definition does. The paper-only line "(Marque con un “✔” para indicar su
# respuesta)" is left out, as the English "(Use “✔” to indicate your answer)" is.
PHQ9_ES = Translation(
    language="es",
    source=(
        "PHQ-9, Spanish (USA) form, Pfizer PHQ screeners (phqscreeners.com): \"Elaborado por "
        "los doctores Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke y colegas, mediante "
        "una subvención educativa otorgada por Pfizer Inc. No se requiere permiso para "
        "reproducir, traducir, presentar o distribuir.\" Wording checked against the form as "
        "reproduced at https://es.studenta.com/content/129686767/"
        "patient-health-questionnaire-9-spanish and independent public transcriptions."
    ),
    title="Cuestionario sobre la salud del paciente-9 (PHQ-9)",
    description=(
        "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los "
        "siguientes problemas?"
    ),
    items={
        "44250-9": "Poco interés o placer en hacer cosas",
        "44255-8": "Se ha sentido decaído(a), deprimido(a) o sin esperanzas",
        "44259-0": (
            "Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido demasiado"
        ),
        "44254-1": "Se ha sentido cansado(a) o con poca energía",
        "44251-7": "Sin apetito o ha comido en exceso",
        "44258-2": (
            "Se ha sentido mal con usted mismo(a) \u2013 o que es un fracaso o que ha quedado "
            "mal con usted mismo(a) o con su familia"
        ),
        "44252-5": (
            "Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el "
            "periódico o ver la televisión"
        ),
        "44253-3": (
            "¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? o lo "
            "contrario \u2013 muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más "
            "de lo normal"
        ),
        "44260-8": "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera",
        "69722-7": (
            "Si marcó cualquiera de los problemas, ¿qué tanta dificultad le han dado estos "
            "problemas para hacer su trabajo, encargarse de las tareas del hogar, o llevarse "
            "bien con otras personas?"
        ),
    },
    options={
        "LA6568-5": "Ningún día",
        "LA6569-3": "Varios días",
        "LA6570-1": "Más de la mitad de los días",
        "LA6571-9": "Casi todos los días",
        "LA6572-7": "No ha sido difícil",
        "LA6573-5": "Un poco difícil",
        "LA6575-0": "Muy difícil",
        "LA6574-3": "Extremadamente difícil",
    },
)
