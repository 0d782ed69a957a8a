"""Concept families of the twelfth unseen round (cardiology: tricuspid endocarditis in a man who
injected drugs, cardiac tamponade in severe hypothyroidism; neurology: Streptococcus intermedius
brain abscess, myasthenic crisis): the rows added reach their codes under the wordings clinicians
use, words naming a kind of aphasia or nodule and the way or skull region of a craniotomy are read
as narrowing, a milli-international unit is suggested in UCUM, and the wordings no open artefact
codes stay text (data README, twelfth unseen round)."""

from __future__ import annotations

import pytest

from fhirconv.case.units import ucum_suggestion
from fhirconv.terminology import lookup
from tests.terminology.known import ICD, LOINC, SCT, codes, converted

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


@pytest.mark.parametrize(("kind", "term", "system", "code"), [
    ("condition", "intravenous drug use", SCT, "228388006"),
    ("condition", "IV drug use", SCT, "228388006"),
    ("condition", "IVDU", SCT, "228388006"),
    ("condition", "intravenous drug abuse", SCT, "228388006"),
    ("condition", "multiple pulmonary nodules", SCT, "445249002"),
    ("condition", "brain abscess", SCT, "60404007"),
    ("condition", "brain abscess", ICD, "G06.0"),
    ("condition", "cerebral abscesses", SCT, "60404007"),
    ("condition", "lacunar stroke", SCT, "230698000"),
    ("condition", "lacunar infarcts", SCT, "230698000"),
    ("condition", "lacunar infarction", ICD, "I63.81"),
    ("condition", "mitral valve vegetation", SCT, "301185000"),
    ("condition", "aortic valve vegetations", SCT, "301184001"),
    ("condition", "vasogenic edema", SCT, "2032001"),
    ("condition", "vasogenic oedema", ICD, "G93.6"),
    ("procedure", "invasive mechanical ventilation", SCT, "1258985005"),
    ("procedure", "invasive ventilation", SCT, "1258985005"),
    ("medication", "anticholinesterase inhibitors", SCT, "90802006"),
    ("medication", "anticholinesterase agents", SCT, "90802006"),
    ("observation", "transthoracic echocardiogram", LOINC, "59281-6"),
    ("observation", "TTE", LOINC, "59281-6"),
    ("observation", "transoesophageal echocardiogram", LOINC, "42148-7"),
])
def test_round12_wordings_reach_their_code(kind, term, system, code):
    assert code in codes(kind, term, system), lookup(kind, term)


def test_mechanical_ventilation_keeps_its_broader_code():
    """"mechanical ventilation" alone does not say invasive: it stays Artificial respiration."""
    assert "1258985005" not in codes("procedure", "mechanical ventilation", SCT)
    assert "40617009" in codes("procedure", "mechanical ventilation", SCT)


CASE = """\
fhirconv: "1"
id: round12-words
patient: {sex: female}
conditions:
  - {id: aphasia, condition: expressive aphasia}
  - {id: receptive, condition: receptive aphasia}
  - {id: nodules, condition: cavitating multiple lung nodules}
procedures:
  - {id: craniotomy, procedure: stereotactic left temporal craniotomy}
  - {id: frontal, procedure: right frontal craniotomy}
"""


def test_kinds_of_aphasia_nodule_and_craniotomy_are_read_as_the_broader_concept(tmp_path):
    """An expressive or a receptive aphasia is an aphasia, cavitating multiple lung nodules multiple lung nodules, a
    stereotactic left temporal craniotomy a craniotomy; the whole name stays the code's text and an
    information line says so."""
    result, found = converted(tmp_path, CASE, ("Condition", "Procedure"), SCT)
    assert found["expressive aphasia"] == ["87486003"]
    assert found["receptive aphasia"] == ["87486003"]
    # a lung nodule and lung nodules have one key (keys are singular): only "multiple" says several
    assert found["cavitating multiple lung nodules"] == ["445249002"]
    assert found["stereotactic left temporal craniotomy"] == ["25353009"]
    assert found["right frontal craniotomy"] == ["25353009"]
    warned = {i.expression: i.severity for i in result.issues}
    assert warned["$.conditions[0].condition"] == "information"


def test_milli_international_units_are_suggested_in_ucum():
    assert ucum_suggestion("mIU/L") == "m[IU]/L"
    assert ucum_suggestion("uIU/mL") == "u[IU]/mL"
    assert ucum_suggestion("IU/L") == "[IU]/L"


@pytest.mark.parametrize(("kind", "term"), [
    ("condition", "tricuspid valve vegetation"),  # only mitral and aortic valve vegetations are published
    ("condition", "muffled heart sounds"),
    ("condition", "word-finding difficulty"),
    ("condition", "failed extubation"),
    ("procedure", "pericardiocentesis"),  # only the fluoroscopy-guided kind and the guidance are published
    ("procedure", "pericardial window"),
    ("procedure", "reintubation"),
    ("procedure", "repetitive nerve stimulation test"),
])
def test_round12_wordings_without_an_exact_code_stay_text(kind, term):
    assert not [c for c in lookup(kind, term) if c.system in (SCT, LOINC, ICD, RXNORM)], lookup(kind, term)
