"""Organisms the Global Patient Set lacks, from the CC0 microorganism value set of hl7-pt/terminologias:
the shipped file's keys are today's look-up keys, none hides a table row or a GPS concept, and a
culture's organism named whole gets its code and source."""

from __future__ import annotations

import json

from fhirconv.api import convert_text
from fhirconv.terminology import gps_data, open_organisms
from fhirconv.terminology.normalize import normalize
from fhirconv.terminology.tables import builtin_table
from tests.terminology.known import matched as codes

SCT = "http://snomed.info/sct"


def test_each_key_is_the_name_as_normalize_makes_it() -> None:
    rows = open_organisms.rows()
    assert len(rows) > 3000
    assert not [(k, n) for k, (_, n) in rows.items() if normalize(n) != k]


def test_no_row_repeats_a_table_or_gps_concept() -> None:
    gps, table = gps_data.index(), builtin_table()
    assert gps is not None
    rows = open_organisms.rows()
    assert not [c for c, _ in rows.values() if gps.concept(c) is not None or table.with_code(SCT, c)]
    assert not [k for k in rows if table.find("finding", k)]


def test_a_cultured_organism_named_whole_is_coded_with_its_source() -> None:
    case = {"fhirconv": "1", "id": "org", "patient": {"sex": "male", "birth_date": "1990-01-01"}, "observations": [
        {"id": "a", "observation": "fungal culture", "value": {"term": "Scedosporium apiospermum"}},
        {"id": "b", "observation": "culture", "value": {"term": "Nocardia species"}},
        {"id": "c", "observation": "culture", "value": {"term": "Candida spp."}},
        {"id": "d", "observation": "culture", "value": {"term": "Escherichia coli"}}]}
    conv = convert_text(json.dumps(case), "case.json")
    values = [r["valueCodeableConcept"] for r in conv.resources if r["resourceType"] == "Observation"]
    assert [[c["code"] for c in v.get("coding", [])] for v in values] == [
        ["26861000146102"],  # Scedosporium apiospermum: the open value set
        ["59674005"],  # Genus Nocardia: an isolate named to its genus
        [],  # no genus concept for Candida in the sources: text only
        ["112283007"],  # the GPS's own, unchanged
    ]
    assert codes("finding", "Trichosporon asahii") == ["243475001"]
    assert codes("finding", "Trichosporon") == ["62289009"]  # the genus, as the value set names it
    assert codes("finding", "asahii") == []  # a part of a name is no organism
