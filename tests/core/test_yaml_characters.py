"""The characters a case file may not hold are exactly those YAML 1.2 does not allow in a stream."""

from __future__ import annotations

from fhirconv.case.compose import BAD_CHAR


def _printable(cp: int) -> bool:
    """YAML 1.2 [1] c-printable, as the specification writes it."""
    return (cp in (0x09, 0x0A, 0x0D) or 0x20 <= cp <= 0x7E or cp == 0x85 or 0xA0 <= cp <= 0xD7FF
            or 0xE000 <= cp <= 0xFFFD or 0x10000 <= cp <= 0x10FFFF)


def test_bad_char_is_every_code_point_outside_yaml_printable():
    every = "".join(chr(cp) for cp in range(0x110000))
    found = [m.start() for m in BAD_CHAR.finditer(every)]
    assert found == [cp for cp in range(0x110000) if not _printable(cp)]


def test_a_case_with_a_control_character_is_refused_at_its_place(tmp_path):
    from fhirconv.case import load_case
    from fhirconv.issues import FhirconvError

    path = tmp_path / "case.yaml"
    path.write_text('fhirconv: "1"\nid: x\npatient: {sex: female}\nconditions:\n  - condition: "fe\\x07ver"\n'
                    .replace("\\x07", "\x07"), encoding="utf-8")
    try:
        load_case(path)
    except FhirconvError as exc:
        text = str(exc) + " ".join(str(i) for i in getattr(exc, "issues", []))
        assert ":5:" in text, text
    else:
        raise AssertionError("a control character was accepted")
