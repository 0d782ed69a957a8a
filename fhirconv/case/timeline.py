"""Resolving every date in a case: anchors, offsets, cycles.

Anchors are the ``timeline`` events, every item id (its main date: onset, start, date) and every
status-history entry id. Resolution is a depth-first walk with a stack, so a cycle is reported
with its whole chain and an unknown anchor with the ids that exist.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

from fhirconv.case.dates import BIRTH, DateError, DateSpan, PartialDate, Relative, parse_expr
from fhirconv.case.loader import SourceDoc
from fhirconv.case.model import ITEM_SECTIONS, PathKey, When
from fhirconv.issues import FhirconvError, few

# The words of a time the source gives without a number. Every section whose items have dates takes
# `when_text` too (family history has no dates).
_VAGUE = re.compile(r"\b(?:several|few|some|couple|many|recent(?:ly)?|later|earlier|previous(?:ly)?|prior|"
                    r"ago|past|soon|shortly)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where an anchor's date expression sits, its expression, and the source's words."""

    path: PathKey
    expr: str | int | None
    text: str | None = None
    assumed: bool = False  # a date the user set for an event the source leaves undated
    label: str | None = None  # the anchor in words (an event's text, an item's term), for notes people read


class Resolver:
    """Resolves date expressions against a case's anchors, caching results."""

    def __init__(self, doc: SourceDoc, anchors: dict[str, Anchor]):
        self.doc = doc
        self.anchors = anchors
        self._done: dict[str, When] = {}
        self.referenced: set[str] = set()  # anchors some other date is relative to

    def label(self, name: str) -> str:
        """Words for anchor ``name`` in a sentence: its label, quoted when it is the source's text."""
        a = self.anchors.get(name)
        return a.label if a is not None and a.label else name

    def anchor(self, name: str, stack: tuple[str, ...] = ()) -> When:
        if name in self._done:
            return self._done[name]
        if not stack:  # resolve the chain below ``name`` from its far end: no recursion to exhaust
            for below in reversed(self._chain(name)[1:]):
                self.anchor(below, (name,))
        a = self.anchors[name]
        if name in stack:
            chain = " -> ".join((*stack[stack.index(name):], name))
            raise FhirconvError(self.doc.issue(a.path, f"circular date reference: {chain}",
                                               hint="make one of these dates absolute"))
        when = When(None, None, a.text) if a.expr is None else self.resolve(a.expr, a.path, a.text, (*stack, name))
        if a.assumed:
            when = replace(when, assumed=True)
        self._done[name] = when
        return when

    def _chain(self, name: str) -> list[str]:
        """``name`` and the anchors its date rests on, in order, up to a resolved or absolute one (a
        cycle or a bad expression ends it; resolving reports them); refused past the chain limit."""
        from fhirconv.case import limits

        most = limits.current().max_date_chain
        chain = [name]
        seen = {name}
        while True:
            a = self.anchors[chain[-1]]
            try:
                parsed = parse_expr(a.expr) if a.expr is not None else None
            except DateError:
                return chain
            if not isinstance(parsed, Relative) or parsed.anchor not in self.anchors \
                    or parsed.anchor in self._done or parsed.anchor in seen:
                return chain
            if len(chain) > most:
                raise FhirconvError(self.doc.issue(self.anchors[name].path, f"the date of {name!r} rests on a "
                                                   f"chain of more than {most} relative dates", code="too-costly",
                                                   hint="date some events absolutely (or raise --max-date-chain)"))
            chain.append(parsed.anchor)
            seen.add(parsed.anchor)

    def resolve(self, expr: str | int, path: PathKey, text: str | None = None,
                stack: tuple[str, ...] = ()) -> When:
        """Resolve ``expr`` found at ``path``; errors point at ``path``."""
        try:
            parsed = parse_expr(expr)
        except DateError as exc:
            hint = exc.hint
            if hint and path and path[0] in ITEM_SECTIONS and _VAGUE.search(str(expr)):
                hint += ("; the source gives no number here: keep its words in `when_text` and leave the date out, "
                         "or give the item the date of the event it happened at")
            raise FhirconvError(self.doc.issue(path, str(exc), hint=hint)) from None
        if isinstance(parsed, PartialDate):
            return When(parsed, str(expr), text)
        return self._relative(parsed, str(expr), path, text, stack)

    def _relative(self, rel: Relative, expr: str, path: PathKey, text: str | None,
                  stack: tuple[str, ...]) -> When:
        if rel.anchor not in self.anchors:
            named = [a for a in self.anchors if a != BIRTH]  # the birth is said "age N", never by its id
            close = difflib.get_close_matches(rel.anchor, named[:5000], n=3)
            hint = (f"did you mean {', '.join(close)}?" if close
                    else f"known events and items: {few(sorted(named)) or 'none'}")
            raise FhirconvError(self.doc.issue(path, f"unknown date anchor {rel.anchor!r} in {expr!r}", hint=hint,
                                               code="not-found"))
        self.referenced.add(rel.anchor)
        base = self.anchor(rel.anchor, stack)
        label = self.label(rel.anchor)
        # the expression as people say it: "about 2 days before the blood pressure", not "...admission-bp"
        words = f"{expr[: len(expr) - len(rel.anchor)].rstrip()} {label}".strip() if expr.endswith(rel.anchor) \
            else expr
        if base.date is None:
            why = (f"{words}, and the date of {label} is not known ({base.derivation})" if rel.n and base.derivation
                   else f"{words}, and {label} has no date in the source" if rel.n
                   else f"the date of {label}: {base.derivation}" if base.derivation
                   else f"the date of {label}, which the source does not give")
            return When(None, expr, text, rel.approximate, derivation=why, anchor=rel.anchor, anchor_label=label,
                        offset=rel.n, unit=rel.unit, upto=rel.upto)
        try:
            date = base.date.shift_span(rel.n, rel.upto, rel.unit) if rel.upto is not None \
                else base.date.shift(rel.n, rel.unit) if rel.n else base.date
        except DateSpan as exc:  # "22 days after 2003": 2003 or 2004, which no partial date says
            why = f"{words}, dated {base.date.fhir()}: {exc.years[0]} or {exc.years[1]}"
            return When(None, expr, text, rel.approximate, derivation=why, anchor=rel.anchor, anchor_label=label,
                        offset=rel.n, unit=rel.unit, upto=rel.upto)
        except DateError as exc:
            raise FhirconvError(self.doc.issue(path, str(exc), hint=exc.hint)) from None
        derivation = None
        if rel.n or rel.approximate:
            derivation = f"{words}, dated {base.date.fhir()}"
        elif base.derived:
            derivation = base.derivation
        return When(date, expr, text, rel.approximate or base.approximate, derivation, assumed=base.assumed,
                    anchor=rel.anchor, anchor_label=label, offset=rel.n, unit=rel.unit, upto=rel.upto)
