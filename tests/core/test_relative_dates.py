"""Dates relative to an anchor the source leaves undated are said in FHIR (cqf-relativeDateTime on
the item's date element), not only in a note; notes people read name anchors by their words."""

from __future__ import annotations

import re

import pytest
from ruamel.yaml import YAML

from fhirconv.api import convert_file
from fhirconv.validate import validate_resource_tree
from fhirconv.validate.terminology import is_text_only
from tests.conftest import MYELOMA, SAMPLES

RELATIVE = "http://hl7.org/fhir/StructureDefinition/cqf-relativeDateTime"
UCUM = "http://unitsofmeasure.org"
TAKOTSUBO = SAMPLES / "takotsubo-with-coronary-disease.yaml"
RADIOTHERAPY = SAMPLES / "breast-hypofractionated-radiotherapy.yaml"


def find(conv, rtype, key):
    value = f"{conv.case_id}/{key}"
    return next(r for r in conv.resources if r["resourceType"] == rtype
                and any(i["value"] == value for i in r["identifier"]))


def parts(holder):
    ext = next(e for e in holder["extension"] if e["url"] == RELATIVE)
    return {p["url"]: p for p in ext["extension"]}


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_offset_from_an_undated_event(version):
    conv = convert_file(TAKOTSUBO, fhir_version=version)
    pain = find(conv, "Condition", "chest-pain")
    assert "onsetDateTime" not in pain  # no date is invented
    rel = parts(pain["_onsetDateTime"])
    # the admission is a timeline event with no resource: the target names it by its words
    assert rel["target"]["valueReference"] == {"display": "hospital admission"}
    assert rel["relationship"]["valueCode"] == "before-start"
    two_days = {"value": 2, "unit": "days", "system": UCUM, "code": "d"}
    assert rel["offset"]["valueRange"] == {"low": two_days, "high": two_days}  # "about 2 days"
    follow_up = find(conv, "Observation", "lvef-2")
    rel = parts(follow_up["_effectiveDateTime"])
    assert rel["relationship"]["valueCode"] == "after-start"
    assert rel["offset"]["valueDuration"] == {"value": 1, "unit": "month", "system": UCUM, "code": "mo"}
    rel = parts(find(conv, "Observation", "admission-hr")["_effectiveDateTime"])
    assert rel["relationship"]["valueCode"] == "concurrent-with-start"
    assert rel["offset"]["valueDuration"]["value"] == 0


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_offset_from_an_undated_procedure_on_a_period_end(version):
    conv = convert_file(RADIOTHERAPY, fhir_version=version)
    hyper = find(conv, "Condition", "hyperpigmentation")
    boost = find(conv, "Procedure", "boost")
    rel = parts(hyper["_onsetDateTime"])
    # a logical reference (identifier and type): a relative date is no dependency between resources
    assert rel["target"]["valueReference"] == {"type": "Procedure", "identifier": boost["identifier"][0],
                                               "display": "radiotherapy"}
    assert rel["targetPath"]["valueString"] == ("occurrence" if version == "R5" else "performed")
    period = boost["occurrencePeriod" if version == "R5" else "performedPeriod"]
    assert set(period) == {"_end"}
    assert parts(period["_end"])["target"]["valueReference"] == {"display": "completion of radiotherapy"}


@pytest.mark.parametrize("version", ["R4", "R5"])
@pytest.mark.parametrize("sample", [TAKOTSUBO, RADIOTHERAPY, MYELOMA], ids=lambda p: p.stem)
def test_valid_in_every_layer_with_the_extension(sample, version):
    conv = convert_file(sample, fhir_version=version)
    issues = validate_resource_tree(conv.bundle, fhir_version=version)
    # Terms without a code are reported at their line in the case file (code-text-only here).
    assert [i for i in issues if i.severity in ("error", "warning") and not is_text_only(i)] == []


REFERENCE_KEYS = {"id", "date", "onset", "start", "end", "at", "abatement", "reason", "focus", "due_to", "part_of",
                  "from", "by", "encounter", "sequence"}


def _leaves(node, key=""):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _leaves(v, key)
    else:
        yield key, node


def _texts(resource):
    yield from (n["text"] for n in resource.get("note", []))
    yield resource.get("text", {}).get("div", "")


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_notes_name_items_by_their_words_not_ids(sample):
    case = YAML(typ="safe").load(sample.read_text(encoding="utf-8"))
    ids = set(case.get("timeline", {}))
    for section in ("conditions", "medications", "procedures", "observations", "encounters"):
        for item in case.get(section, []):
            ids.add(item["id"])
            ids.update(h["id"] for key in ("history", "verification_history") for h in item.get(key, []) if "id" in h)
    # an id that is also a word of the source ("abdominoplasty") may stand in the source's own text
    words = " ".join(str(v) for k, v in _leaves(case) if k not in REFERENCE_KEYS)
    ids = {i for i in ids if i not in words}
    conv = convert_file(sample)
    for resource in conv.resources:
        for text in _texts(resource):
            for item in ids:
                esc = re.escape(item)
                for pattern in (rf"['‘]{esc}['’]", rf"(?:before|after|date of) {esc}(?![\w-])", rf"\({esc}: "):
                    assert not re.search(pattern, text), (item, text)


def test_derived_dates_say_the_anchor_in_words():
    conv = convert_file(MYELOMA)
    onset = " ".join(n["text"] for n in find(conv, "Condition", "myeloma")["note"])
    assert "about 7 years before \u201ca 5th recurrence in June, 2011\u201d, dated 2011-06" in onset


ASSUMED = "https://fhirconv.org/fhir/StructureDefinition/assumed-date"


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_pinned_dates_carry_the_assumed_date_extension(version):
    conv = convert_file(TAKOTSUBO, fhir_version=version, set_dates={"admission": "2024-03-01"})
    pain = find(conv, "Condition", "chest-pain")
    assert pain["onsetDateTime"] == "2024-02-28"
    assert pain["_onsetDateTime"] == {"extension": [{"url": ASSUMED, "valueBoolean": True}]}
    assert any("assumed" in n["text"] and "\u201chospital admission\u201d, dated 2024-03-01" in n["text"]
               for n in pain["note"])
    for key in ("admission-hr", "lvef-2", "patient/age"):
        assert find(conv, "Observation", key)["_effectiveDateTime"]["extension"][0]["url"] == ASSUMED
    # a date the source gives is never marked, nor an item still undated
    assert "_effectiveDateTime" not in find(conv, "Observation", "smoking")
    issues = validate_resource_tree(conv.bundle, fhir_version=version)
    # Terms without a code are reported at their line in the case file (code-text-only here).
    assert [i for i in issues if i.severity in ("error", "warning") and not is_text_only(i)] == []


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_pinned_encounter_and_procedure_dates(version):
    conv = convert_file(SAMPLES / "toddler-tablet-ingestion.yaml", fhir_version=version,
                        set_dates={"ed-visit": "2005-05-01"})
    visit = find(conv, "Encounter", "ed-visit")
    period = visit["actualPeriod" if version == "R5" else "period"]
    assert period["start"] == "2005-05-01" and period["_start"]["extension"][0]["url"] == ASSUMED
    issues = validate_resource_tree(conv.bundle, fhir_version=version)
    # Terms without a code are reported at their line in the case file (code-text-only here).
    assert [i for i in issues if i.severity in ("error", "warning") and not is_text_only(i)] == []


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_offsets_through_undated_events_are_carried_to_their_anchor(version):
    # follow-up-6m is "6 months after rt-end", both undated events with no resource: the status seen
    # at the 6-month follow-up is 6 months after the completion of radiotherapy
    conv = convert_file(RADIOTHERAPY, fhir_version=version)
    rel = parts(find(conv, "Observation", "hyperpigmentation-6m")["_effectiveDateTime"])
    assert rel["target"]["valueReference"] == {"display": "completion of radiotherapy"}
    assert rel["relationship"]["valueCode"] == "after-start"
    assert rel["offset"]["valueDuration"]["value"] == 6 and rel["offset"]["valueDuration"]["code"] == "mo"


def test_status_history_says_where_an_undated_entry_stands():
    conv = convert_file(SAMPLES / "type2-diabetes-sglt2-remission.yaml")
    t2dm = next(r for r in conv.resources if r["resourceType"] == "Condition"
                and "type 2 diabetes" in r["code"].get("text", "").lower())
    history = next(n["text"] for n in t2dm["note"] if n["text"].startswith("Status history"))
    assert history.endswith("(undated: 18 months after the dapagliflozin)")
    myeloma = " ".join(n["text"] for n in find(convert_file(MYELOMA), "Condition", "myeloma")["note"])
    assert "stringent complete response (undated: at the sCR response assessment)" in myeloma


CHAIN = """\
fhirconv: "1"
id: undated-chain
patient: {sex: male}
timeline:
  surgery: {text: bilateral knee replacement}
  day10: {date: 10 days after surgery, text: 10 days after the knee replacement}
  follow-up: {date: 3 months after day10}
conditions:
  - {id: dvt, condition: deep vein thrombosis, onset: follow-up}
"""


def test_an_event_dated_from_an_undated_event_says_how_it_was_dated(tmp_path):
    """An item on an event that is itself dated from an undated one keeps the source's words: the
    note says "3 months after ..." rather than that the source gives no date (it gives one, relatively)."""
    path = tmp_path / "case.yaml"
    path.write_text(CHAIN, encoding="utf-8")
    result = convert_file(str(path))
    cond = next(e["resource"] for e in result.bundle["entry"] if e["resource"]["resourceType"] == "Condition")
    notes = " ".join(n["text"] for n in cond["note"])
    assert "3 months after \u201c10 days after the knee replacement\u201d" in notes, notes
    assert "which the source does not give" not in notes


def test_a_date_that_may_fall_in_two_years_is_relative_to_its_anchor_with_no_value():
    # "22 days after" a phacoemulsification dated 2003 is 2003 or 2004: no year is written, the
    # extension says what it is relative to, and a date relative to it is not placed either
    from fhirconv.api import convert_text

    case = """fhirconv: "1"
id: span
patient: {sex: female}
timeline:
  phaco: {date: 2003, text: phacoemulsification}
  presentation: {date: 22 days after phaco, text: presentation}
conditions:
  - {id: endo, condition: endophthalmitis, onset: presentation}
  - {id: blur, condition: blurred vision, onset: 3 days before presentation}
sequence: [phaco, blur, endo]
"""
    conv = convert_text(case, "case.yaml")
    onsets = {r["code"]["text"]: r for r in conv.resources if r["resourceType"] == "Condition"}
    for name in ("endophthalmitis", "blurred vision"):
        assert "onsetDateTime" not in onsets[name]
        assert onsets[name]["_onsetDateTime"]["extension"][0]["url"].endswith("cqf-relativeDateTime")
    assert "2003 or 2004" in onsets["endophthalmitis"]["note"][0]["text"]
