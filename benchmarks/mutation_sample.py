"""Draw a simple random sample of mutmut's mutants, and score a finished run of it.

Why a sample: the computing layers have about 17,000 mutants, and mutmut needs about an
hour and a half per thousand of them on two cores, so a full run takes about a day. A simple random
sample of a few hundred, drawn with a fixed seed over every mutant of every module in
``[tool.mutmut] only_mutate``, estimates the share killed with a stated margin, and anyone
can draw the same sample again and check it.

    mutmut run 'zzz.nothing*'          # generates mutants/ (fails: "nothing matches")
    python benchmarks/mutation_sample.py draw --size 400 --seed 20261202 > sample.txt
    mutmut run $(cat sample.txt)
    python benchmarks/mutation_sample.py score sample.txt --equivalent docs/mutation-verdicts.txt

``score`` reads each mutant's exit code from mutmut's ``mutants/**/*.meta`` files (see
``KILLED_CODES``; a mutant no selected test runs is counted as a survivor, since no test
would notice it). A survivor listed in the verdicts file as
``NAME | equivalent | why`` (one line each; the file also records which test kills each
other survivor) is left out of the denominator: no test can kill an equivalent mutant.
"""

from __future__ import annotations

import argparse
import glob
import json
import math
import random
import sys
from pathlib import Path

# mutmut 3.8's exit codes for a mutant (mutmut/stats.py, status_by_exit_code): killed (1,
# 3), timed out (24, -24, 36, 152, 255), crashed (-9, -11) or caught by the type check (37).
# Everything else (0 survived, 5 and 33 no tests, 34 skipped, 35 suspicious) counts as alive.
KILLED_CODES = {1, 3, 24, -24, 36, 152, 255, -9, -11, 37}


def all_mutants(root: Path) -> dict[str, int | None]:
    codes: dict[str, int | None] = {}
    for meta in sorted(glob.glob(str(root / "mutants" / "src" / "**" / "*.meta"), recursive=True)):
        codes.update(json.loads(Path(meta).read_text())["exit_code_by_key"])
    return codes


def draw(size: int, seed: int, root: Path) -> list[str]:
    names = sorted(all_mutants(root))
    return sorted(random.Random(seed).sample(names, size))


def _equivalent(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and parts[1] == "equivalent":
            out[parts[0]] = parts[2]
    return out


def score(sample: list[str], equivalent: dict[str, str], root: Path) -> str:
    codes = all_mutants(root)
    missing = [n for n in sample if codes.get(n) is None]
    if missing:
        return f"{len(missing)} mutants of the sample have not run yet, e.g. {missing[0]}"
    killed = [n for n in sample if codes[n] in KILLED_CODES]
    survivors = [n for n in sample if codes[n] not in KILLED_CODES]
    real = [n for n in survivors if n not in equivalent]
    judged = len(sample) - (len(survivors) - len(real))
    share = len(killed) / judged
    # Wilson score interval, 95%, for the share killed among non-equivalent mutants
    z = 1.959964
    centre = (share + z * z / (2 * judged)) / (1 + z * z / judged)
    half = z * math.sqrt(share * (1 - share) / judged + z * z / (4 * judged * judged))
    half /= 1 + z * z / judged
    lines = [
        f"sample: {len(sample)} of {len(codes)} mutants",
        f"killed: {len(killed)}",
        f"survived: {len(survivors)} ({len(survivors) - len(real)} equivalent, {len(real)} not)",
        f"killed of the non-equivalent: {len(killed)}/{judged} = {share:.1%}"
        f" (95% interval {centre - half:.1%} to {centre + half:.1%})",
    ]
    lines += [f"  survives: {n} (exit {codes[n]})" for n in real]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw")
    d.add_argument("--size", type=int, default=400)
    d.add_argument("--seed", type=int, default=20261202)
    s = sub.add_parser("score")
    s.add_argument("sample", type=Path)
    s.add_argument("--equivalent", type=Path)
    args = parser.parse_args(argv)
    root = Path.cwd()
    if args.command == "draw":
        print("\n".join(draw(args.size, args.seed, root)))
        return 0
    sample = args.sample.read_text().split()
    print(score(sample, _equivalent(args.equivalent), root))
    return 0


if __name__ == "__main__":
    sys.exit(main())
