"""Everyday procedures whose SNOMED CT code the OHDSI Phenotype Library's cohort concept sets state
(Apache-2.0, read by ``tools/terminology/extract.py --ohdsi``): each family of wordings reaches its
code through the library, and wordings with only a narrower code stay text (data README, Known gaps,
"Everyday procedures, OHDSI Phenotype Library")."""

from __future__ import annotations

import pytest

from fhirconv.terminology import lookup

SCT = "http://snomed.info/sct"


@pytest.mark.parametrize(("term", "code"), [
    ("plasmapheresis", "20720000"),
    ("therapeutic plasmapheresis", "20720000"),
    ("renal biopsy", "7246002"),
    ("kidney biopsy", "7246002"),
    ("percutaneous renal biopsy", "7246002"),
    ("renal replacement therapy", "398887003"),
    ("RRT", "398887003"),
    ("resuscitation", "439569004"),
    ("lung biopsy", "78603008"),
    ("emergency tracheostomy", "287439000"),
    ("ECT", "23835007"),
    ("exchange transfusion", "39188002"),
    ("massive transfusion", "277360004"),
    ("DC defibrillation", "308842001"),
])
def test_procedure_family(term, code):
    codings = lookup("procedure", term)
    assert [(c.system, c.code) for c in codings] == [(SCT, code)]
    assert codings[0].source.startswith("OHDSI/PhenotypeLibrary (Apache-2.0) inst/cohorts/")


@pytest.mark.parametrize(("term", "code", "source"), [
    ("IVC filter placement", "398182006", "hl7.terminology.r4@7.0.1"),
    ("inferior vena cava filter insertion", "398182006", "hl7.terminology.r4@7.0.1"),
    ("skin graft", "304040003", "hl7.terminology.r4@7.0.1"),
    ("skin grafting", "304040003", "hl7.terminology.r4@7.0.1"),
    ("uterine curettage", "176820000", "HL7/fhir-ips (CC0-1.0; SNOMED IPS Terminology CC BY 4.0) input/fsh/"),
    ("spinal cord decompression", "10836008", "HL7/fhir-ips (CC0-1.0; SNOMED IPS Terminology CC BY 4.0) input/fsh/"),
])
def test_procedure_family_other_artefacts(term, code, source):
    codings = lookup("procedure", term)
    assert [(c.system, c.code) for c in codings] == [(SCT, code)]
    assert codings[0].source.startswith(source)


@pytest.mark.parametrize("term", ["defibrillation", "paracentesis", "fasciotomy", "spontaneous breathing trial"])
def test_only_narrower_or_no_code_stays_text(term):
    assert lookup("procedure", term) == ()
