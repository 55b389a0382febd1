from tests.conftest import clinician, committed_clinic_defaults  # noqa: F401
