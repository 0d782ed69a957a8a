"""Files under a directory come in the order of their paths, as Path objects compare."""

from __future__ import annotations

from pathlib import Path

from fhirconv.files import files_under

NAMES = ["a.yaml", "A.yaml", "b.json", "a b.yaml", "a-b.yaml", "a_b.yaml", "ab.yaml", "a0.yaml", "a10.yaml",
         "a2.yaml", "Z.yaml", "é.yaml", "e.yaml", "x.jsonl", "skip.txt", "~.yaml", ".hidden.yaml"]
DIRS = ["", "a", "a b", "a-b", "A", "a/b", "a/b c", "ab", "z", ".git"]


def test_the_order_is_the_order_of_the_paths(tmp_path):
    for d in DIRS:
        (tmp_path / d).mkdir(parents=True, exist_ok=True)
        for name in NAMES:
            (tmp_path / d / name).write_text("{}", encoding="utf-8")
    found = files_under(tmp_path, (".yaml", ".json", ".jsonl"))
    expected = [f for f in sorted(tmp_path.rglob("*"))
                if f.suffix in (".yaml", ".json", ".jsonl") and f.is_file()
                and not any(part.startswith(".") for part in f.relative_to(tmp_path).parts)]
    assert found == expected
    assert len(found) == (len(DIRS) - 1) * (len(NAMES) - 2)
    assert Path(tmp_path, "a b", "a.yaml") in found
