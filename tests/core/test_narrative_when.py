"""The narrative's "When" row says a date in words: a Period as its dates, an undated one as where the
source places it; never the date element's dictionary or its extensions (writers of rounds 194 and 196
found "{'extension': [...]}" and "{'start': '2011-06'}" in the generated text)."""

from __future__ import annotations

import json
import re

from fhirconv.api import convert_text

CASE = {
    "fhirconv": "1", "id": "when-words", "patient": {"sex": "female", "birth_date": "1960"},
    "timeline": {"admission": {"text": "admitted with chest pain"}},
    "procedures": [
        {"id": "ecg", "procedure": "electrocardiogram", "date": "admission"},
        {"id": "pci", "procedure": "percutaneous coronary intervention", "start": "2020-03-01", "end": "2020-03-02"},
    ],
    "medications": [
        {"id": "asa", "drug": "aspirin", "start": "2 days after admission"},
        {"id": "vad", "regimen": "VAD", "start": "2011-06"},
    ],
}


def _when(resource: dict) -> list[str]:
    return re.findall(r"<b>When</b>: ([^<]*)", resource["text"]["div"])


def test_the_when_row_is_words_never_a_dictionary() -> None:
    conv = convert_text(json.dumps(CASE), "case.json")
    rows = {r["id"]: _when(r) for r in conv.resources if r["resourceType"] in ("Procedure", "MedicationStatement")}
    said = [w for ws in rows.values() for w in ws]
    assert said and not [w for w in said if "{" in w or "extension" in w], said
    texts = {w for ws in rows.values() for w in ws}
    assert "2020-03-01 to 2020-03-02" in texts
    assert "from 2011-06" in texts
    assert any(w.startswith("(undated: ") and "admitted with chest pain" in w for w in texts), texts
