"""What a scenario moves (``scenario diff``) and a starter file (``scenario new``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .comparison import Ratio, ratios
from .interval import describe
from .norms import NormEffect, revise
from .rates import Rates
from .report import report_settings
from .scenario import apply_files

__all__ = ["InputChange", "ScenarioDiff", "diff", "starter"]


@dataclass(frozen=True)
class InputChange:
    """One input the scenarios change, as text the user can read."""

    path: str
    before: str
    after: str

    def as_dict(self) -> dict[str, Any]:
        return {"input": self.path, "from": self.before, "to": self.after}


@dataclass(frozen=True)
class ScenarioDiff:
    scenarios: tuple[str, ...]
    inputs: tuple[InputChange, ...]
    ratios: tuple[tuple[Ratio, Ratio], ...]
    norms: tuple[tuple[str, NormEffect, NormEffect], ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenarios": list(self.scenarios),
            "inputs": [c.as_dict() for c in self.inputs],
            "ratios": [
                {
                    "numerator": a.numerator,
                    "denominator": a.denominator,
                    "before": _ends(a),
                    "after": _ends(b),
                }
                for a, b in self.ratios
            ],
            "norms": [
                {
                    "revision": label,
                    "group": a.group,
                    "before": a.after.central,
                    "after": b.after.central,
                }
                for label, a, b in self.norms
            ],
        }


def _ends(r: Ratio) -> dict[str, float | None]:
    return {"low": r.low, "central": r.central, "high": r.high}


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-12)


def _inputs(base: Rates, new: Rates) -> list[InputChange]:
    out = []
    for gid, g in new.wages.items():
        old = base.wages.get(gid)
        if old is None:
            out.append(InputChange(f"add.groups.{gid}", "—", f"{describe(g.wage)} a {g.period}"))
            continue
        for name, before, after in (
            ("wage", describe(old.wage), describe(g.wage)),
            ("period", old.period, g.period),
            ("pay_basis", old.pay_basis, g.pay_basis),
            ("norm_id", str(old.norm_id), str(g.norm_id)),
            ("label", old.label, g.label),
        ):
            if before != after:
                out.append(InputChange(f"wages.{gid}.{name}", before, after))
    for nid, norm in new.norms.items():
        old_norm = base.norms[nid]
        if (old_norm.value, old_norm.range) != (norm.value, norm.range):
            before, after = f"{old_norm.value:g} {old_norm.unit}", f"{norm.value:g} {norm.unit}"
            out.append(InputChange(f"norms.{nid}", before, after))
    for rid, rec in new.records.items():
        old_rec = base.records[rid]
        if old_rec.output != rec.output:
            out.append(
                InputChange(
                    f"records.{rid}.output",
                    f"{describe(old_rec.output)} {old_rec.unit}",
                    f"{describe(rec.output)} {rec.unit}",
                )
            )
    for name in (
        "rule",
        "privilege_values",
        "privilege_groups",
        "working_days_per_month",
        "revision",
        "claim_tolerance",
        "open_cap",
    ):
        before, after = getattr(base, name), getattr(new, name)
        if before != after:
            out.append(InputChange(name, _text(before), _text(after)))
    return out


def _text(value: Any) -> str:
    if value is None or value == () or value == {}:
        return "—"
    if hasattr(value, "name") and hasattr(value, "kind"):
        return f"{value.name} ({value.kind})"
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "items"):
        return ", ".join(
            f"{k} = {v:g}" if isinstance(v, float) else f"{k} = {v}" for k, v in value.items()
        )
    return f"{value:g}" if isinstance(value, float) else str(value)


def diff(rates: Rates, paths: Sequence[str | Path]) -> ScenarioDiff:
    """Inputs changed, and the ratios and norm effects that moved, base → scenarios."""
    new = apply_files(rates, paths)
    inputs = _inputs(rates, new)
    settings = report_settings(rates)
    touched = [g for g in new.wages if g not in rates.wages or new.wages[g] != rates.wages[g]]
    groups = list(dict.fromkeys([*settings.get("matrix_groups", []), *touched]))
    priv = bool(new.privilege_values)
    before = ratios(rates, groups=[g for g in groups if g in rates.wages], with_privileges=priv)
    after = {
        (r.numerator, r.denominator): r for r in ratios(new, groups=groups, with_privileges=priv)
    }
    moved = tuple(
        (b, a)
        for b in before
        if (a := after[(b.numerator, b.denominator)])
        and not all(_same(getattr(b, e), getattr(a, e)) for e in ("low", "central", "high"))
    )
    norms = []
    examples = list(settings.get("norm_examples", []))
    for ex in examples:
        kw = {"alpha": float(ex["alpha"]), "toward": str(ex["toward"])}
        old, cur = revise(rates, **kw), revise(new, **kw)  # type: ignore[arg-type]
        label = cur.revision.method + f", rule {cur.rule}"
        by_group = {e.group: e for e in old.effects}
        for e in cur.effects:
            o = by_group.get(e.group)
            # A row moves when the revision treats the group differently, not merely because
            # the scenario changed its wage (the inputs table already says that).
            if o is not None and (
                o.paid_by_norm != e.paid_by_norm
                or not _same(o.change_pct.central, e.change_pct.central)
                or (e.paid_by_norm and not _same(o.after.central, e.after.central))
            ):
                norms.append((label, o, e))
    return ScenarioDiff(new.scenarios, tuple(inputs), moved, tuple(norms))


def starter(rates: Rates) -> str:
    """A commented scenario file with the current base values, that `scenario check` accepts."""
    lines = [
        "# A stakhanov scenario: your own assumptions over the built-in data (rates/).",
        "# Every section but [meta] is optional: uncomment what you change, delete the rest.",
        "# Then: stakhanov scenario check THIS.toml; stakhanov report --scenario THIS.toml",
        "",
        "[meta]",
        'title = "My scenario"',
        'note = "why I think so, with sources"',
        "",
        "# Wage groups: any of low, high, low_open, high_open, period, pay_basis, norm_id.",
    ]
    for g in rates.wages.values():
        lines += [
            f"# [wages.{g.id}]  # now {describe(g.wage)} a {g.period} ({g.citation})",
            f"# low = {g.wage.low:g}",
            f"# high = {g.wage.high:g}",
        ]
    lines.append("\n# Norms: value (the point used), or low and high.")
    for n in rates.norms.values():
        lines += [
            f"# [norms.{n.id}]  # now {n.value:g} {n.unit} ({n.citation})",
            f"# value = {n.value:g}",
        ]
    lines.append("\n# Records: output, or low and high.")
    for r in rates.records.values():
        if r.norm_id:
            lines += [
                f"# [records.{r.id}]  # now {describe(r.output)} {r.unit} ({r.citation})",
                f"# output = {r.output.mid:g}",
            ]
    rules = sorted(p.stem for p in (rates.root / "rules").glob("*.toml")) if rates.root else []
    privileges = ", ".join(f"{p} = 0" for p in rates.privileges)
    stakh = ", ".join(f'"{g.id}"' for g in rates.wages.values() if g.stakhanovite)
    lines += [
        "",
        f"# Pay rule for norm revisions: one of {', '.join(rules)}.",
        "# [rule]",
        '# name = "straight"',
        "",
        "# In-kind privileges: monthly ruble value (an assumption; the sources give none).",
        "# [privileges]",
        f"# value = {{ {privileges} }}",
        f"# groups = [{stakh}]",
        "",
        "# Working days per month, to turn a day figure into a month.",
        "# [periods]",
        "# working_days_per_month = 25",
        "",
        "# A norm revision that `stakhanov norm` and the report use: raise, or alpha + toward.",
        "# [revision]",
        "# alpha = 0.1",
        '# toward = "stakhanov-1935"',
        '# tariff = "0%"',
        "",
        '# New groups, each with source_id and paragraph, or note = "assumption: ...".',
        "# [[add.groups]]",
        '# id = "timberman"',
        '# label = "Timberman propping behind a hewer"',
        "# value = 170",
        '# period = "month"',
        '# pay_basis = "time"',
        '# note = "assumption: paid like the auxiliary team driver"',
        "",
    ]
    return "\n".join(lines)


def write_starter(rates: Rates, path: str | Path) -> Path:
    """Write ``starter(rates)`` to ``path``, never replacing an existing file.

    The text goes to a temporary file in the same folder, which is then hard-linked into
    place: the link fails if ``path`` exists, so nothing the user had is overwritten, and a
    crash leaves no half-written file under ``path``.
    """
    import os
    import tempfile

    from .errors import OutputError

    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise OutputError(f"{path}: is a directory")
    if target.exists():
        raise OutputError(f"{path}: already exists (scenario new never replaces a file)")
    if not folder.is_dir():
        raise OutputError(f"{path}: folder does not exist")
    try:
        fd, temp = tempfile.mkstemp(prefix=".stakhanov-", suffix=".tmp", dir=folder)
    except OSError:  # permission denied, a read-only file system, ...
        raise OutputError(f"{path}: folder is not writable") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(starter(rates))
        os.link(temp, target)
    except FileExistsError:
        raise OutputError(f"{path}: already exists (scenario new never replaces a file)") from None
    finally:
        os.unlink(temp)
    return target
