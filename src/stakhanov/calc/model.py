"""One resolved model per run: the data, the pay rule and the norm revision, settled once.

A run's assumptions come from several places: the built-in ``rates/``, the scenario files,
each ``--set``, the pay rule (``--rule``, else a scenario's ``[rule]``, else the straight
piece rate) and the norm revision (the options typed, else a scenario's ``[revision]``).
Each output used to settle them on its own, and some settled them differently (the
workbook wrote straight-rate formulas under a progressive rule; the inequality report
repaid wages at straight rates). A ``Model`` is the one place they are settled: the CLI
builds it once (``build_model``, from a ``Rates`` that scenarios and ``--set`` have already
changed) and hands the same value to every output, which reads the rule and the revision
from it and never looks them up again.

Neighbours: ``norms`` (what a revision does), ``data.rules`` (the rule files).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from stakhanov.calc.norms import NormResult, Revision, apply_revision, revise_norm, rule_for
from stakhanov.data.rates import Rates
from stakhanov.data.rules import RuleSpec

__all__ = ["Model", "build_model"]


@dataclass(frozen=True)
class Model:
    """The resolved assumptions of one run.

    ``rates``: the data after every scenario and ``--set``; ``rule``: the pay rule every
    revision uses; ``revision``: the scenario's revision (``raise_pct`` or ``alpha`` with
    ``toward``, and ``tariff_pct``), used when the command is given none, or None.
    """

    rates: Rates
    rule: RuleSpec
    revision: Mapping[str, Any] | None = None

    @property
    def tariff_pct(self) -> float:
        """The tariff change of the scenario's revision, 0 without one: the default of
        every revision in the run, typed or the scenario's, and of every grid along α."""
        return float((self.revision or {}).get("tariff_pct", 0.0))

    @property
    def scenarios(self) -> tuple[str, ...]:
        """The scenarios applied, in order (empty: the built-in data as it is)."""
        return self.rates.scenarios

    def revision_for(
        self,
        *,
        raise_pct: float | None = None,
        alpha: float | None = None,
        toward: str | None = None,
        tariff_pct: float | None = None,
        norm_id: str | None = None,
    ) -> Revision | None:
        """The revision the options ask for, else the scenario's own, else None.

        A revision typed replaces the scenario's norm move; the tariff is ``tariff_pct``
        if given, else the model's (``Model.tariff_pct``), so no output drops it.

        >>> from stakhanov import load_rates
        >>> build_model(load_rates()).revision_for(alpha=0.1, toward="stakhanov-1935").new.mid
        16.5
        """
        asked: dict[str, Any] = {"raise_pct": raise_pct, "alpha": alpha, "toward": toward}
        if raise_pct is None and alpha is None and toward is None:
            if not self.revision:
                return None
            asked = dict(self.revision)
        tariff = tariff_pct if tariff_pct is not None else self.tariff_pct
        if asked.get("raise_pct") is not None and norm_id is None:
            norm_id = _default_norm(self.rates)
        return revise_norm(
            self.rates,
            norm_id,
            raise_pct=asked.get("raise_pct"),
            alpha=asked.get("alpha"),
            toward=asked.get("toward"),
            tariff_pct=float(tariff),
        )

    def apply(self, revision: Revision, groups: Sequence[str] | None = None) -> NormResult:
        """Every group's earnings before and after ``revision``, under the model's rule."""
        return apply_revision(
            self.rates, revision, self.rule, None if groups is None else list(groups)
        )


def build_model(
    rates: Rates, rule: str | RuleSpec | None = None, *, revision: Mapping[str, Any] | None = None
) -> Model:
    """The model of ``rates`` (already loaded, with scenarios and ``--set`` applied).

    ``rule`` is the rule the user typed (``--rule``): it beats the scenario's ``[rule]``,
    which beats the straight piece rate. ``revision`` likewise beats the scenario's.

    >>> from stakhanov import load_rates
    >>> build_model(load_rates()).rule.name
    'straight'
    """
    spec = rule if isinstance(rule, RuleSpec) else rule_for(rates, rule)
    chosen = revision if revision is not None else rates.revision
    return Model(rates, spec, None if chosen is None else MappingProxyType(dict(chosen)))


def _default_norm(rates: Rates) -> str:
    from stakhanov.data.settings import report_settings

    return str(report_settings(rates).get("defaults", {})["norm"])
