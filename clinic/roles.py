"""Staff roles. Each is a Django group; a data migration gives it its permissions."""

from enum import StrEnum


class Role(StrEnum):
    CLINICIAN = "Clinician"
    CLINIC_ADMIN = "Clinic admin"
