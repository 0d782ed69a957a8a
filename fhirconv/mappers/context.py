"""What every mapper needs besides the item: ids, references, the FHIR version, and warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fhirconv.case.loader import json_path
from fhirconv.case.model import Case, PathKey
from fhirconv.issues import Issue
from fhirconv.naming import EXTENSION_BASE, IDENTIFIER_SYSTEM, stable_id

__all__ = ["EXTENSION_BASE", "IDENTIFIER_SYSTEM", "MapContext"]


@dataclass
class MapContext:
    case: Case
    version: str = "R4"
    issues: list[Issue] = field(default_factory=list)
    _ids: dict[str, str] = field(default_factory=dict, repr=False)
    # each case condition's Condition.code, as its mapper wrote it: what later items say of it
    # (a status history is a cancer's disease status only when the condition is a cancer)
    condition_codes: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    @property
    def r5(self) -> bool:
        return self.version == "R5"

    def rid(self, key: str) -> str:
        """The stable resource id of item ``key`` (``myeloma``, ``vad/vincristine``)."""
        rid = self._ids.get(key)
        if rid is None:
            rid = self._ids[key] = stable_id(f"{self.case.id}/{key}")
        return rid

    def ref(self, resource_type: str, key: str, display: str | None = None) -> dict[str, str]:
        out = {"reference": f"{resource_type}/{self.rid(key)}"}
        if display:
            out["display"] = display
        return out

    def patient_ref(self) -> dict[str, str]:
        return self.ref("Patient", "patient")

    def identifier(self, key: str) -> list[dict[str, str]]:
        return [{"system": IDENTIFIER_SYSTEM, "value": f"{self.case.id}/{key}"}]

    def warn(self, path: PathKey, message: str, hint: str | None = None, severity: str = "warning") -> None:
        doc = self.case.source_doc
        line, col = doc.locate(path, force=False) if doc is not None else (None, None)
        issue = Issue(severity, message, code="informational" if severity == "information"
                                 else "code-invalid", layer="mapping", expression=json_path(path),
                                 file=self.case.name, line=line, column=col, hint=hint)  # type: ignore[arg-type]
        if issue not in self.issues:  # a regimen's drugs share their item's warnings
            self.issues.append(issue)
