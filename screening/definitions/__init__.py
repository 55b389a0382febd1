"""Every questionnaire the app asks (the intake, and during care), by code and version."""

from screening.schema import Questionnaire

from .ace import ACE
from .asq import ASQ, ASQ_V1
from .auditc import AUDIT_C
from .candidacy import CANDIDACY, CANDIDACY_V1, CANDIDACY_V2
from .dissociatives import DISSOCIATIVES
from .drug_screen import DRUG_SCREEN
from .gad7 import GAD7
from .goals import GOALS
from .medical import MEDICAL
from .medications import MEDICATIONS
from .pcl5 import PCL_5
from .pcptsd5 import PC_PTSD_5
from .phq9 import PHQ9
from .presession import PRE_SESSION
from .psychiatric import PSYCHIATRIC

# Older versions stay, so that answers given under them keep scoring as they were.
_ALL: tuple[Questionnaire, ...] = (
    CANDIDACY_V1, CANDIDACY_V2, CANDIDACY, PC_PTSD_5, PCL_5, PHQ9, GAD7, ASQ_V1, ASQ, ACE,
    AUDIT_C, DRUG_SCREEN, DISSOCIATIVES, MEDICAL, PSYCHIATRIC, MEDICATIONS, GOALS,
    PRE_SESSION,
)

REGISTRY: dict[tuple[str, str], Questionnaire] = {(q.code, q.version): q for q in _ALL}
CURRENT: dict[str, Questionnaire] = {q.code: q for q in _ALL}  # the last version listed


def get(code: str, version: str | None = None) -> Questionnaire:
    """The definition a response was given under (the current one when no version is named)."""
    if version is None:
        return CURRENT[code]
    return REGISTRY[(code, version)]
