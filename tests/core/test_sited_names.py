"""A finding named with where it is ("neck tenderness", "swelling of the left knee"): the finding is
coded, the site goes to Condition.bodySite with its side, the whole words stay the code's text, and
the user is told; names the reading must leave alone stay as they were."""

from __future__ import annotations

import json

from fhirconv.api import convert_file
from tests.conftest import run_cli

SCT = "http://snomed.info/sct"
TENDERNESS, SWELLING = "247348008", "65124004"
LATERALITY = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-laterality-qualifier"
CASE = """\
fhirconv: "1"
id: finding-sites
patient: {sex: female}
conditions:
  - {id: neck, condition: neck tenderness}
  - {id: of-the, condition: tenderness of the neck}
  - {id: sided, condition: swelling of the left knee}
  - {id: both, condition: swelling of both ankles}
  - {id: severe, condition: severe right calf tenderness}
  - {id: scalp, condition: scalp haematoma}
  - {id: given-site, condition: neck tenderness, body_site: {site: cervical spine}}
  - {id: pair, condition: pain in the face and upper limb}
  - {id: weakness, condition: left leg weakness}
  - {id: whole, condition: abdominal tenderness}
  - {id: unknown-site, condition: tenderness of the zzzbone}
"""


def _conditions(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(CASE, encoding="utf-8")
    result = convert_file(str(path))
    assert not [i for i in result.issues if i.is_error]
    by_id = {}
    for e in result.bundle["entry"]:
        r = e["resource"]
        if r["resourceType"] == "Condition":
            by_id[len(by_id)] = r
    return result, by_id


def _codes(cc):
    return [c["code"] for c in cc.get("coding", [])]


def test_the_finding_is_coded_and_the_site_is_the_body_site(tmp_path):
    result, cond = _conditions(tmp_path)
    for i in (0, 1):
        assert _codes(cond[i]["code"]) == [TENDERNESS]
        assert [_codes(s) for s in cond[i]["bodySite"]] == [["45048000"]]  # Neck structure
    assert cond[0]["code"]["text"] == "neck tenderness" and cond[1]["code"]["text"] == "tenderness of the neck"
    knee = cond[2]["bodySite"][0]
    assert _codes(cond[2]["code"]) == [SWELLING] and _codes(knee) == ["72696002"]  # Knee region structure
    assert knee["extension"][0]["url"] == LATERALITY
    assert _codes(knee["extension"][0]["valueCodeableConcept"]) == ["7771000"]  # Left
    ankles = cond[3]["bodySite"][0]["extension"][0]["valueCodeableConcept"]
    assert _codes(ankles) == ["51440002"]  # Right and left
    # severity words first, then the finding at its site
    assert _codes(cond[4]["code"]) == [TENDERNESS] and _codes(cond[4]["severity"]) == ["24484000"]
    assert _codes(cond[4]["bodySite"][0]) == ["53840002"]  # Structure of calf of leg
    # the word named with its site is tried first: ICD-10-CM's *Hematoma of scalp* (an inclusion term of
    # S00.03 *Contusion of scalp*, its initial encounter), at the scalp
    assert _codes(cond[5]["code"]) == ["S00.03XA"] and _codes(cond[5]["bodySite"][0]) == ["41695006"]
    told = [i for i in result.issues if "with its body site" in i.message]
    assert {i.expression for i in told} == {f"$.conditions[{i}].condition" for i in range(6)}
    assert all(i.severity == "information" and i.line for i in told)


def test_names_the_reading_leaves_alone(tmp_path):
    result, cond = _conditions(tmp_path)
    # the case's own body site wins: the finding is coded at it, not at the site the words name
    assert _codes(cond[6]["code"]) == [TENDERNESS] and _codes(cond[6]["bodySite"][0]) == ["122494005"]
    # a pair of sites, a finding outside the list (ICD-10-CM's Weakness is an asthenia), a site no table knows
    for i in (7, 8, 10):
        assert "coding" not in cond[i]["code"] and "bodySite" not in cond[i], cond[i]["code"]["text"]
    # a name with its own code is coded as it stands, with no body site added
    assert _codes(cond[9]["code"]) == ["43478001", "R10.819"] and "bodySite" not in cond[9]


def test_terms_search_shows_the_reading():
    proc = run_cli("terms", "search", "neck tenderness", "--kind", "condition", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    first = json.loads(proc.stdout)[0]
    assert first["code"] == TENDERNESS and "neck" in first["match"] and "body site" in first["match"]


PROCEDURES = """\
fhirconv: "1"
id: procedure-sites
patient: {sex: female}
procedures:
  - {id: adrenal, procedure: adrenal biopsy}
  - {id: sided, procedure: left adrenal biopsy}
  - {id: node, procedure: lymph node biopsy}
  - {id: amputation, procedure: amputation of the right leg}
  - {id: rt, procedure: radiotherapy to the breast}
  - {id: given, procedure: adrenal biopsy, body_site: {site: liver}}
  - {id: not-a-site, procedure: biopsy of the lesion}
  - {id: whole, procedure: liver biopsy}
"""


def test_a_procedure_named_with_its_site(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(PROCEDURES, encoding="utf-8")
    result = convert_file(str(path))
    procs = [e["resource"] for e in result.bundle["entry"] if e["resource"]["resourceType"] == "Procedure"]
    biopsy = "86273004"
    assert _codes(procs[0]["code"]) == [biopsy] and _codes(procs[0]["bodySite"][0]) == ["23451007"]  # Adrenal
    assert _codes(procs[1]["code"]) == [biopsy] and _codes(procs[1]["bodySite"][0]) == ["23451007"]
    assert _codes(procs[1]["bodySite"][0]["extension"][0]["valueCodeableConcept"]) == ["7771000"]  # Left
    assert _codes(procs[2]["bodySite"][0]) == ["59441001"]  # Structure of lymph node
    assert _codes(procs[3]["code"]) == ["81723002"] and _codes(procs[3]["bodySite"][0]) == ["61685007"]
    assert _codes(procs[4]["code"]) == ["1287742003"] and _codes(procs[4]["bodySite"][0]) == ["76752008"]
    # the case's own site stands, and the procedure its name says is coded there (a biopsy is true
    # whatever the site); no site, no reading; a whole name keeps its code
    assert _codes(procs[5]["code"]) == [biopsy] and [b["text"] for b in procs[5]["bodySite"]] == ["liver"]
    assert "coding" not in procs[6]["code"] and "bodySite" not in procs[6]
    assert _codes(procs[7]["code"]) == ["86259008"] and "bodySite" not in procs[7]  # Biopsy of liver
    told = {i.expression for i in result.issues if "with its body site" in i.message}
    assert told == {f"$.procedures[{i}].procedure" for i in range(5)}


PARTS = """\
fhirconv: "1"
id: site-parts
patient: {sex: female}
conditions:
  - {id: scad, condition: coronary artery dissection, body_site: {site: mid left anterior descending artery}}
  - {id: leg, condition: eschar, body_site: {site: right lower leg}}
  - {id: whole, condition: rash, body_site: {site: whole body}}
"""


def test_a_part_of_a_site_is_the_whole_site_with_the_words_in_the_text(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(PARTS, encoding="utf-8")
    result = convert_file(str(path))
    sites = [e["resource"].get("bodySite", [{}])[0] for e in result.bundle["entry"]
             if e["resource"]["resourceType"] == "Condition"]
    assert _codes(sites[0]) == ["59438005"] and sites[0]["text"] == "mid left anterior descending artery"
    assert _codes(sites[1]) == ["61685007"]  # Lower limb structure, on the right
    assert _codes(sites[1]["extension"][0]["valueCodeableConcept"]) == ["24028007"]  # Right
    assert _codes(sites[2]) == ["38266002"]  # a row: *Entire body as a whole*, not a part-of reading of "body"
    told = [i for i in result.issues if "the whole site" in i.message]
    assert [i.expression for i in told] == ["$.conditions[0].body_site.site", "$.conditions[1].body_site.site"]
