"""Released definition versions never change in place: a change is a new version (old
responses keep scoring under the version they were answered with). Each version's data
(items, wording, options and their scores, branching, bands and cut-offs of its module)
is fingerprinted here; changing one fails this test. To release a new version, add it with
its fingerprint; never edit an existing line."""

import dataclasses
import enum
import hashlib
import importlib
import json

from django.utils import translation
from django.utils.functional import Promise

from screening import definitions

RELEASED = {
    # (code, version): fingerprint
    ('candidacy', '1'): 'd16682062429e5a7',
    ('candidacy', '2'): '3bb46b0680be0029',
    ('candidacy', '3'): '89a8609fc50d712d',
    ('pc-ptsd-5', '1'): '8533c51e32f5fd28',
    ('pcl-5', '1'): '3781dbcdfe177ccd',
    ('phq-9', '1'): '03309d64447c6dac',
    ('gad-7', '1'): '72529e17f3e2a1ad',
    ('asq', '1'): '97390983c56ba776',
    ('asq', '2'): '0ca19e6c62f0534b',
    ('ace', '1'): '913fd026c948c378',
    ('audit-c', '1'): '06af9e1ef3d6b2bf',
    ('drug-screen', '1'): 'd907d91298094d4a',
    ('dissociatives', '1'): '23b2b284efd26094',
    ('medical', '1'): '05419f9f5314c3ff',
    ('psychiatric', '1'): '4d59b032faf13a38',
    ('medications', '1'): 'a5ea87c03defa09c',
    ('goals', '1'): '21968d71da6340c9',
    ('pre-session', '1'): 'fc8a7bfa8e2e869c',
}

# Module-level clinical constants that live with each instrument's definition.
CONSTANTS = ("BANDS", "CUTOFF", "DEFAULT_CUTOFF", "CUTOFF_RANGE", "CUTOFF_MEN",
             "CUTOFF_WOMEN", "CUTOFF_TEXT", "CUTOFF_TEXTS")


def _plain(value):
    if isinstance(value, Promise):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # Fields left out of a definition's equality (its scorer, its translations, what we
        # know about its LOINC total code) are not part of the version's data either.
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if not f.name.startswith("_") and f.compare}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def fingerprint(questionnaire) -> str:
    module = importlib.import_module(questionnaire.scorer.__module__) \
        if questionnaire.scorer else None
    with translation.override("en"):
        data = {
            "definition": _plain(questionnaire),
            "scorer": questionnaire.scorer.__qualname__ if questionnaire.scorer else None,
            "constants": {name: _plain(getattr(module, name)) for name in CONSTANTS
                          if module is not None and hasattr(module, name)},
            "translations": [_plain(t) for t in questionnaire.translations],
        }
    encoded = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()[:16]


def test_every_released_version_is_unchanged():
    current = {key: fingerprint(q) for key, q in definitions.REGISTRY.items()}
    changed = {key: current[key] for key, known in RELEASED.items() if current.get(key) != known}
    assert not changed, (
        f"Released definitions changed in place: {changed}. Make a new version instead.")


def test_every_definition_is_released_with_a_fingerprint():
    assert set(definitions.REGISTRY) == set(RELEASED), (
        "New versions, with their fingerprints to add to RELEASED: "
        + repr({k: fingerprint(q) for k, q in definitions.REGISTRY.items()
                if k not in RELEASED}))
