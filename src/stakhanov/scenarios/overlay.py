"""TOML overlays: the user's own assumptions, checked in full before anything applies.

A scenario names what it changes. Anything it names that the base does not have is an
error (did you mean ...?), except new groups under ``[[add.groups]]``. Every problem in
every file is collected, each as ``FILE:LINE: key.path: problem``, before one
``ScenarioError`` is raised: nothing is computed on half a scenario. Applying builds a new
``Rates``; the base is never mutated. Files layer in order and later ones win.

A figure a scenario changes cites the scenario line that set it (``_cited``); each
``--set`` on the command line is a one-key document parsed here too (``commandline``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from stakhanov.data.interval import Interval, describe
from stakhanov.data.limits import SIZES, in_range
from stakhanov.data.rates import Rates
from stakhanov.data.records import PAY_BASES, PERIODS, Citation, WageGroup
from stakhanov.data.tomlfile import TomlDoc, read_toml
from stakhanov.errors import ScenarioError, clip, did_you_mean
from stakhanov.scenarios._checks import Check, in_line_order, kind_of, merged_interval, section
from stakhanov.scenarios._cited import cite, cited_change, still_open
from stakhanov.scenarios._prices import parse_prices
from stakhanov.scenarios._rule_table import rule_table

__all__ = [
    "SECTIONS",
    "Overlay",
    "apply",
    "apply_files",
    "check_files",
    "is_workforce_file",
    "parse",
]

SECTIONS = (
    "meta",
    "wages",
    "norms",
    "records",
    "rule",
    "privileges",
    "periods",
    "revision",
    "claims",
    "montecarlo",
    "prices",
    "add",
)
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_WAGE_KEYS = (
    "low",
    "high",
    "low_open",
    "high_open",
    "period",
    "pay_basis",
    "norm_id",
    "label",
    "note",
)
_NORM_KEYS = ("value", "low", "high", "note")
_RECORD_KEYS = ("output", "low", "high", "low_open", "high_open", "note")
_ADD_KEYS = (
    "id",
    "label",
    "industry",
    "stakhanovite",
    "value",
    "low",
    "high",
    "low_open",
    "high_open",
    "period",
    "pay_basis",
    "norm_id",
    "source_id",
    "paragraph",
    "note",
)
_SECTION_KEYS: Mapping[str, tuple[str, ...]] = {
    "meta": ("title", "note"),
    "privileges": ("value", "groups"),
    "periods": ("working_days_per_month",),
    "revision": ("raise", "alpha", "toward", "tariff"),
    "claims": ("tolerance",),
    "montecarlo": ("open_cap",),
    "add": ("groups",),
}


@dataclass
class Overlay:
    """What one scenario file changes, validated against the rates it will apply to."""

    name: str
    title: str = ""
    wages: dict[str, WageGroup] = field(default_factory=dict)
    norms: dict[str, Any] = field(default_factory=dict)
    records: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)  # Rates fields set outright


def parse(doc: TomlDoc, rates: Rates, *, titled: bool = True) -> Overlay:
    """Validate ``doc`` against ``rates``; raise one ``ScenarioError`` with every problem.

    ``titled=False`` is for a ``--set`` on the command line: one key, no [meta] title.
    """
    data = doc.data
    if "headcount" in data and "headcount" not in SECTIONS:
        # A workforce file (scenarios.workforce) given where a scenario goes: say what it is.
        raise ScenarioError(
            f"{doc.where('headcount')}: this is a workforce file (headcount per group), not a "
            "scenario: give it to --workforce (e.g. stakhanov inequality --workforce FILE)"
        )
    c = Check(doc)
    overlay = Overlay(doc.name)
    for name in data:
        if name not in SECTIONS:
            hint = did_you_mean(name, SECTIONS) or f" (expected one of {', '.join(SECTIONS)})"
            c.fail((name,), f"unknown section{hint}")
    meta = c.table(("meta",), data.get("meta", {})) or {}
    c.keys(("meta",), meta, _SECTION_KEYS["meta"])
    title = meta.get("title")
    if title is None:
        if titled:
            c.fail(("meta", "title"), "missing: every scenario needs a [meta] title")
    elif (text := c.text(("meta", "title"), title)) is not None:
        if not text.strip():
            c.fail(("meta", "title"), "empty: say in a few words what the scenario assumes")
        overlay.title = text.strip()
    added = _added_groups(c, data.get("add"), rates)
    group_ids = {**rates.wages, **{g.id: g for g in added}}
    _wages(c, data.get("wages"), rates, overlay)
    _norms(c, data.get("norms"), rates, overlay)
    _records(c, data.get("records"), rates, overlay)
    _settings(c, data, rates, group_ids, overlay)
    overlay.settings["prices"] = parse_prices(c, data.get("prices"), rates)
    for g in added:
        overlay.wages[g.id] = g
    if c.problems:
        raise ScenarioError(c.problems)
    return overlay


def _wages(c: Check, raw: Any, rates: Rates, overlay: Overlay) -> None:
    for gid, fields in (c.table(("wages",), raw) or {} if raw is not None else {}).items():
        path = ("wages", gid)
        if not c.known(path, gid, "group", rates.wages) or (t := c.table(path, fields)) is None:
            continue
        c.keys(path, t, _WAGE_KEYS)
        base = rates.wages[gid]
        wage = still_open(
            c, path, t, base.wage, merged_interval(c, path, t, base.wage, kind="wage")
        )
        period = c.text((*path, "period"), t["period"], tuple(PERIODS)) if "period" in t else None
        basis = (
            c.text((*path, "pay_basis"), t["pay_basis"], PAY_BASES) if "pay_basis" in t else None
        )
        norm_id = t.get("norm_id")
        if norm_id is not None and c.text((*path, "norm_id"), norm_id) is not None:
            c.known((*path, "norm_id"), norm_id, "norm", rates.norms)
        texts = {k: c.text((*path, k), t[k]) for k in ("label", "note") if k in t}
        if wage is None:
            continue
        # A value written as it already stands changes nothing (nor its inferred flags).
        period = None if period == base.period else period
        basis = None if basis == base.pay_basis else basis
        group = replace(
            base,
            wage=wage,
            period=period or base.period,
            period_inferred=base.period_inferred if period is None else False,
            pay_basis=basis or base.pay_basis,
            pay_basis_inferred=base.pay_basis_inferred if basis is None else False,
            norm_id=norm_id if isinstance(norm_id, str) else base.norm_id,
            label=texts.get("label") or base.label,
            note=texts.get("note") or base.note,
        )
        figure = ("wage", "period", "pay_basis", "norm_id")
        keys = ("low", "high", "low_open", "high_open", *figure[1:])
        was = f"{describe(base.wage)} a {base.period}"
        group = cited_change(c.doc, path, base, group, figure, keys, was, texts)
        if group != base:
            overlay.wages[gid] = group


def _norms(c: Check, raw: Any, rates: Rates, overlay: Overlay) -> None:
    for nid, fields in (c.table(("norms",), raw) or {} if raw is not None else {}).items():
        path = ("norms", nid)
        if not c.known(path, nid, "norm", rates.norms) or (t := c.table(path, fields)) is None:
            continue
        c.keys(path, t, _NORM_KEYS)
        base = rates.norms[nid]
        value = c.number((*path, "value"), t["value"], kind="output") if "value" in t else None
        if "value" in t and value is None:
            continue
        texts = {k: c.text((*path, k), t[k]) for k in ("note",) if k in t}
        if value is not None and "low" not in t and "high" not in t:
            # A value alone is a point; the base's own value alone changes nothing.
            same = value == base.value
            norm = base if same else replace(base, value=value, range=Interval.point(value))
        else:
            span = still_open(
                c, path, t, base.range, merged_interval(c, path, t, base.range, kind="output")
            )
            if span is None:
                continue
            point = (
                value
                if value is not None
                else (base.value if span.low <= base.value <= span.high else span.mid)
            )
            if not span.low <= point <= span.high:
                c.fail(
                    (*path, "value"),
                    f"{point:g} lies outside low..high ({span.low:g}..{span.high:g})",
                )
                continue
            norm = replace(base, value=point, range=span)
        keys = ("value", "low", "high", "low_open", "high_open")
        was = f"{base.value:g} {base.unit}"
        norm = cited_change(c.doc, path, base, norm, ("value", "range"), keys, was, texts)
        if norm != base:
            overlay.norms[nid] = norm


def _records(c: Check, raw: Any, rates: Rates, overlay: Overlay) -> None:
    for rid, fields in (c.table(("records",), raw) or {} if raw is not None else {}).items():
        path = ("records", rid)
        if not c.known(path, rid, "record", rates.records) or (t := c.table(path, fields)) is None:
            continue
        c.keys(path, t, _RECORD_KEYS)
        base = rates.records[rid]
        texts = {k: c.text((*path, k), t[k]) for k in ("note",) if k in t}
        if "output" in t:
            if "low" in t or "high" in t:
                c.fail((*path, "output"), "give output, or low and high, not both")
                continue
            out = c.number((*path, "output"), t["output"], kind="output")
            if out is None:
                continue
            same = base.output.is_point and out == base.output.low  # keeps its "almost"
            span: Interval | None = Interval(out, out, approx=base.output.approx if same else "")
        else:
            span = still_open(
                c, path, t, base.output, merged_interval(c, path, t, base.output, kind="output")
            )
        if span is None:
            continue
        keys = ("output", "low", "high", "low_open", "high_open")
        was = f"{describe(base.output)} {base.unit}"
        record = replace(base, output=span)
        record = cited_change(c.doc, path, base, record, ("output",), keys, was, texts)
        if record != base:
            overlay.records[rid] = record


def _settings(
    c: Check, data: Mapping[str, Any], rates: Rates, group_ids: Mapping[str, Any], overlay: Overlay
) -> None:
    """The sections that set a Rates field outright: rule, privileges, periods, ..."""
    out = overlay.settings
    for name in ("privileges", "periods", "revision", "claims", "montecarlo"):
        if name in data and (t := c.table((name,), data[name])) is not None:
            c.keys((name,), t, _SECTION_KEYS[name])
    if "rule" in data and (t := c.table(("rule",), data["rule"])) is not None:
        out["rule"] = rule_table(c, t, rates)
    priv = section(data, "privileges")
    if "value" in priv and (values := c.table(("privileges", "value"), priv["value"])):
        checked: dict[str, float] = {}
        for pid, rubles in values.items():
            path = ("privileges", "value", pid)
            if c.known(path, pid, "privilege", rates.privileges):
                number = c.number(path, rubles, low_ok=True, kind="privilege")
                if number is not None:
                    checked[pid] = number
        out["privilege_values"] = MappingProxyType(checked)
    if "groups" in priv:
        ids = priv["groups"]
        if not isinstance(ids, list):
            c.fail(("privileges", "groups"), f"must be a list of group ids, got {kind_of(ids)}")
        else:
            for gid in ids:
                if c.text(("privileges", "groups"), gid) is not None:
                    c.known(("privileges", "groups"), gid, "group", group_ids)
            out["privilege_groups"] = tuple(str(g) for g in ids)
    periods = section(data, "periods")
    if "working_days_per_month" in periods:
        out["working_days_per_month"] = c.number(
            ("periods", "working_days_per_month"),
            periods["working_days_per_month"],
            high=31,
            kind="working_days",
        )
    claims = section(data, "claims")
    if "tolerance" in claims:
        out["claim_tolerance"] = c.number(
            ("claims", "tolerance"), claims["tolerance"], low=-math.inf, kind="tolerance"
        )
    mc = section(data, "montecarlo")
    if "open_cap" in mc:
        out["open_cap"] = c.number(
            ("montecarlo", "open_cap"), mc["open_cap"], low=-math.inf, kind="cap"
        )  # the range in data.limits says it all
    rev = section(data, "revision") if "revision" in data else None
    if rev is not None:
        out["revision"] = _revision(c, rev, rates)


def _revision(c: Check, t: Mapping[str, Any], rates: Rates) -> dict[str, Any] | None:
    out: dict[str, Any] = {}
    if ("raise" in t) == ("alpha" in t):
        c.fail(("revision",), "give either raise, or alpha with toward")
        return None
    if "raise" in t:
        out["raise_pct"] = c.percent(("revision", "raise"), t["raise"])
    else:
        out["alpha"] = c.number(
            ("revision", "alpha"), t["alpha"], low_ok=True, high=1, kind="alpha"
        )
        toward = t.get("toward")
        if toward is None:
            c.fail(("revision", "toward"), "missing: alpha needs a record to move toward")
        elif c.text(("revision", "toward"), toward) and c.known(
            ("revision", "toward"), toward, "record", rates.records
        ):
            out["toward"] = toward
    if "tariff" in t:
        out["tariff_pct"] = c.percent(("revision", "tariff"), t["tariff"])
    return None if any(v is None for v in out.values()) else out


def _added_groups(c: Check, raw: Any, rates: Rates) -> list[WageGroup]:
    if raw is None or (t := c.table(("add",), raw)) is None:
        return []
    c.keys(("add",), t, _SECTION_KEYS["add"])
    items = t.get("groups", [])
    if not isinstance(items, list):
        c.fail(("add", "groups"), "must be [[add.groups]] tables")
        return []
    if len(items) > SIZES["groups"]:
        c.fail(
            ("add", "groups"), f"{len(items):,} new groups, over the limit of {SIZES['groups']:,}"
        )
        return []
    out: list[WageGroup] = []
    for i, item in enumerate(items):
        path = ("add", "groups", str(i))
        if (g := c.table(path, item)) is None:
            continue
        c.keys(path, g, _ADD_KEYS)
        gid = g.get("id")
        if not isinstance(gid, str) or not gid:
            c.fail((*path, "id"), "missing: a new group needs an id")
            continue
        if not _ID.fullmatch(gid):
            # An id is typed on command lines and written into spreadsheets: keep it plain.
            c.fail(
                (*path, "id"), f"'{clip(gid)}' is not an id: use lower-case letters, digits, '-'"
            )
            continue
        if gid in rates.wages or any(o.id == gid for o in out):
            c.fail((*path, "id"), f"group '{gid}' already exists: change it under [wages.{gid}]")
            continue
        raw_wage = dict(g)
        if "value" in g:
            raw_wage.setdefault("low", g["value"])
            raw_wage.setdefault("high", g["value"])
        missing = [k for k in ("label", "low", "high", "period", "pay_basis") if k not in raw_wage]
        for k in missing:
            c.fail((*path, k), f"missing: a new group needs {k}")
        note = g.get("note", "")
        cited = "source_id" in g and "paragraph" in g
        if not cited and not (isinstance(note, str) and note.lower().startswith("assumption")):
            c.fail(path, 'a new group needs source_id and paragraph, or note = "assumption: ..."')
        if missing:
            continue
        wage = merged_interval(c, path, raw_wage, Interval.point(1.0), kind="wage")
        period = c.text((*path, "period"), g["period"], tuple(PERIODS))
        basis = c.text((*path, "pay_basis"), g["pay_basis"], PAY_BASES)
        label = c.text((*path, "label"), g["label"])
        industry = c.text((*path, "industry"), g.get("industry", "unspecified"))
        noted = c.text((*path, "note"), note) if "note" in g else ""
        norm_id = g.get("norm_id")
        if norm_id is not None:
            c.known((*path, "norm_id"), str(norm_id), "norm", rates.norms)
        if cited:
            c.known((*path, "source_id"), str(g["source_id"]), "source", rates.sources)
            paragraph = g["paragraph"]
            if not isinstance(paragraph, int) or isinstance(paragraph, bool) or paragraph < 1:
                c.fail((*path, "paragraph"), f"must be a positive whole number, got {paragraph!r}")
            elif problem := in_range(paragraph, "paragraph"):
                c.fail((*path, "paragraph"), problem)
        if wage is None or period is None or basis is None or noted is None:
            continue
        if label is None or industry is None:
            continue
        # A group the user assumes, with no source, cites the scenario line that adds it.
        citation = (
            Citation(str(g["source_id"]), int(g["paragraph"]))
            if cited
            else cite(c.doc, path, ("id",))
        )
        out.append(
            WageGroup(
                id=gid,
                label=label,
                industry=industry,
                stakhanovite=bool(g.get("stakhanovite", False)),
                wage=wage,
                period=period,
                period_inferred=False,
                pay_basis=basis,
                pay_basis_inferred=False,
                norm_id=str(norm_id) if norm_id else None,
                citation=citation,
                note=f"added by scenario {c.doc.name}" + (f": {note}" if note else ""),
            )
        )
    return out


def apply(rates: Rates, overlay: Overlay) -> Rates:
    """A new ``Rates`` with the overlay's changes; ``rates`` itself is left as it was."""

    def merged(base: Mapping[str, Any], changes: Mapping[str, Any]) -> Mapping[str, Any]:
        return MappingProxyType({**base, **changes})

    settings = {k: v for k, v in overlay.settings.items() if v is not None}
    label = f"{overlay.title} ({overlay.name})" if overlay.title else overlay.name
    return replace(
        rates,
        wages=merged(rates.wages, overlay.wages),
        norms=merged(rates.norms, overlay.norms),
        records=merged(rates.records, overlay.records),
        scenarios=(*rates.scenarios, label),
        **settings,
    )


def check_files(rates: Rates, paths: Sequence[str | Path]) -> tuple[Rates, list[str]]:
    """Validate every file in order (each against the ones before it) and apply them.

    Returns the layered rates and every problem found in any file; the rates are only
    meaningful when the list is empty.
    """
    problems: list[str] = []
    current = rates
    for path in paths:
        try:
            current = apply(current, parse(read_toml(path, "scenario"), current))
        except ScenarioError as exc:
            problems.extend(in_line_order(exc.problems))  # files in order, then lines
    return current, problems


def is_workforce_file(path: str | Path) -> bool:
    """Whether a TOML file is a workforce file (it has ``[headcount]``), not a scenario."""
    try:
        return "headcount" in read_toml(path, "scenario").data
    except ScenarioError:
        return False  # unreadable: the scenario check says why


def apply_files(rates: Rates, paths: Sequence[str | Path]) -> Rates:
    """Apply scenario files in order, later ones winning, after checking all of them."""
    layered, problems = check_files(rates, paths)
    if problems:
        raise ScenarioError(problems)
    return layered
