"""A medication's status history keeps each period's own dose: an entry gives its `dose` (and
`frequency`) when they changed; an entry whose words say the dose changed but give none carries no
dose (the item's would be a wrong fact there), and the user is told at the entry's line."""

from __future__ import annotations

from fhirconv.api import convert_text

CASE = """fhirconv: "1"
id: history-dose
patient: {sex: female}
medications:
  - id: mp
    drug: methylprednisolone
    dose: {value: 40, unit: mg}
    frequency: {times: 1, per: day}
    start: 2020-01-01
    history:
      - {id: mp-taper, status: active, date: 2020-02-01, text: tapered to 10 mg daily}
      - {id: mp-low, status: active, date: 2020-03-01, dose: {value: 5, unit: mg}}
      - {id: mp-stop, status: stopped, date: 2020-04-01}
  - id: dapa
    drug: dapagliflozin
    dose: {value: 10, unit: mg}
    start: 2020-01-01
    history:
      - {id: dapa-stop, status: stopped, date: 2020-02-01, text: stopped before surgery}
      - {id: dapa-restart, status: active, date: 2020-02-03, text: restarted}
"""


def _doses(conv, drug: str) -> list:
    return [(r["effectivePeriod"]["start"],
             r["dosage"][0]["doseAndRate"][0]["doseQuantity"]["value"] if r.get("dosage") else None)
            for r in conv.resources if r["resourceType"] == "MedicationStatement"
            and r["medicationCodeableConcept"]["text"] == drug]


def test_each_period_has_its_own_dose_or_none() -> None:
    conv = convert_text(CASE, "case.yaml")
    assert _doses(conv, "methylprednisolone") == [("2020-01-01", 40), ("2020-02-01", None), ("2020-03-01", 5),
                                                  ("2020-04-01", 5)]
    told = [i for i in conv.issues if "say the dose changed" in i.message]
    assert [(i.line, i.severity) for i in told] == [(11, "warning")]


def test_a_stop_and_restart_keep_the_dose() -> None:
    conv = convert_text(CASE, "case.yaml")
    assert _doses(conv, "dapagliflozin") == [("2020-01-01", 10), ("2020-02-01", 10), ("2020-02-03", 10)]


def test_a_frequency_written_as_prescriptions_write_it_gets_its_mapping_as_hint() -> None:
    import pytest

    from fhirconv.issues import FhirconvError

    for said, hint in [("q8h", "{times: 1, per: hour, every: 8}"), ("BID", "{times: 2, per: day}"),
                       ("every 2 weeks", "{times: 1, per: week, every: 2}")]:
        with pytest.raises(FhirconvError) as err:
            convert_text(f'fhirconv: "1"\nid: f\npatient: {{sex: female}}\nmedications:\n'
                         f'  - {{id: a, drug: aspirin, frequency: "{said}"}}\n', "case.yaml")
        assert hint in (err.value.issues[0].hint or ""), err.value.issues[0]


STOPPED_FOR = """fhirconv: "1"
id: history-reason
patient: {sex: female}
medications:
  - id: pred
    drug: prednisone
    dose: {value: 40, unit: mg}
    start: 2020-01-01
    history:
      - {id: pred-stop, status: stopped, date: 2020-02-01, text: discontinued due to increased anxiety}
      - {id: pred-again, status: active, date: 2020-03-01, text: restarted despite a decreased platelet count}
      - {id: pred-half, status: active, date: 2020-04-01, text: dose halved}
"""


def test_words_about_something_else_are_no_dose_change() -> None:
    """A stop's reason, or a change said of a laboratory value, keeps the dose and draws no warning;
    a change said of the dose still does."""
    conv = convert_text(STOPPED_FOR, "case.yaml")
    assert _doses(conv, "prednisone") == [("2020-01-01", 40), ("2020-02-01", 40), ("2020-03-01", 40),
                                          ("2020-04-01", None)]
    told = [i for i in conv.issues if "say the dose changed" in i.message]
    assert [i.line for i in told] == [12]


UNDATED = """fhirconv: "1"
id: history-undated
patient: {sex: female}
medications:
  - id: pred
    drug: prednisone
    dose: {value: 40, unit: mg}
    start: 2020-01-01
    history:
      - {id: pred-stop, status: stopped, when_text: later stopped by her family doctor}
  - id: cbz
    drug: carbamazepine
    start: 2019
    history:
      - {id: cbz-stop, status: stopped}
"""


def test_a_change_the_source_gives_no_date_for() -> None:
    """A history entry needs no date: its period's dates are unknown and said in a note with the
    source's words, the item's own period has no end; nothing is refused, nothing invented."""
    conv = convert_text(UNDATED, "case.yaml")
    stmts = [r for r in conv.resources if r["resourceType"] == "MedicationStatement"]
    assert [(r["status"], r.get("effectivePeriod")) for r in stmts] == [
        ("unknown", {"start": "2020-01-01"}), ("stopped", None), ("unknown", {"start": "2019"}), ("stopped", None)]
    notes = [n["text"] for n in stmts[1]["note"]]
    assert any("later stopped by her family doctor" in n for n in notes)


def test_a_dose_per_day_is_written_as_a_rate_and_the_user_is_told() -> None:
    """"3 mg/kg/d", as reports write daily doses, is a rate (doseAndRate.rateQuantity); the user is
    told, with the once-a-day form as the hint; an hourly infusion rate draws no such note."""
    conv = convert_text('fhirconv: "1"\nid: d\npatient: {sex: male}\nmedications:\n'
                        "  - {id: a, drug: aspirin, dose: {value: 3, unit: mg/kg/d}}\n"
                        '  - {id: b, drug: heparin, dose: {value: 1000, unit: "[IU]/h"}}\n', "case.yaml")
    stmts = [r for r in conv.resources if r["resourceType"] == "MedicationStatement"]
    assert stmts[0]["dosage"][0]["doseAndRate"][0]["rateQuantity"]["unit"] == "mg/kg/d"
    told = [i for i in conv.issues if "is an amount per day" in i.message]
    assert [(i.line, i.severity) for i in told] == [(5, "information")]
    assert "{value: 3, unit: mg/kg} with frequency {times: 1, per: day}" in (told[0].hint or "")


WORDS_CASE = """fhirconv: "1"
id: history-words
patient: {sex: female}
medications:
  - id: heparin
    drug: heparin
    history:
      - {id: heparin-stop, status: stopped, when_text: after the stent placement, text: heparin was discontinued}
  - id: dapa
    drug: dapagliflozin
    start: 2020-01-01
    history:
      - {id: dapa-stop, status: stopped, date: 2020-02-01, text: stopped before surgery}
"""


def test_each_entry_keeps_its_words_once() -> None:
    """An entry's words land once on its statement: in its start's note ("the source says: ..."), or,
    when that note gives the entry's `when_text`, in a note of their own (once written nowhere)."""
    conv = convert_text(WORDS_CASE, "case.yaml")
    notes = {r["identifier"][0]["value"].rsplit("/", 1)[-1]: " | ".join(n["text"] for n in r.get("note", []))
             for r in conv.resources if r["resourceType"] == "MedicationStatement"}
    assert notes["heparin-stop"].count("heparin was discontinued") == 1
    assert notes["heparin-stop"].count("after the stent placement") == 1
    assert notes["dapa-stop"].count("stopped before surgery") == 1
