"""The bad-input catalogue: the real CLI, as a subprocess, fed inputs a user gets wrong,
and inputs written to do harm.

For every mistake (``CASES``), four things must hold: the exit code is not 0; stderr is
exactly one line that names what was wrong (and where); no traceback; and no file in the
working folder is created or changed.

The hostile inputs (``HOSTILE``) are grouped by the cause they attack: markup in user text,
control characters, spreadsheet formulas, numbers out of range, sizes that scale work,
files that are not regular files, pathological TOML, failing output channels and quadratic
corners. Each ends with exit != 0 and one line naming the problem, or (``SHOWN``) exit 0 with
the user's text shown literally; at most two lines on stderr, no traceback, no raw control
character anywhere, no file created or changed.

Every run is the real CLI under a memory cap (``RLIMIT_AS``, set in the child) and a time
limit of 10 seconds, so a case that would exhaust memory or hang fails instead of taking
the machine with it.
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import signal
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

HEAD = '[meta]\ntitle = "t"\n'

# name -> file contents (bytes) put in the working folder before the run
FILES: dict[str, bytes] = {
    "syntax.toml": b"[meta\ntitle = 1\n",
    "empty.toml": b"",
    "binary.toml": bytes(range(256)),
    "latin1.toml": b'[meta]\ntitle = "caf\xe9"\n',
    "huge.toml": b"# padding line\n" * 700_000,  # 10.5 MB
    "unknown-key.toml": (HEAD + "[wages.miner]\nwage = 400\n").encode(),
    "unknown-section.toml": (HEAD + "[wagez.miner]\nlow = 1\n").encode(),
    "unknown-group.toml": (HEAD + "[wages.minr]\nlow = 300\n").encode(),
    "wrong-type.toml": (HEAD + "[wages.miner]\nlow = 'cheap'\n").encode(),
    "nan.toml": (HEAD + "[wages.miner]\nhigh = nan\n").encode(),
    "inf.toml": (HEAD + "[norms.coal-hewing]\nvalue = inf\n").encode(),
    "negative.toml": (HEAD + "[wages.miner]\nlow = -5\n").encode(),
    "low-high.toml": (HEAD + "[wages.miner]\nlow = 600\nhigh = 500\n").encode(),
    "unknown-rule.toml": (HEAD + "[rule]\nname = 'progresive'\n").encode(),
    "bad-edges.toml": (
        HEAD + "[rule]\nkind = 'progressive'\nlabel = 'x'\n"
        "[rule.provenance]\nsource_id = 'textbook'\nkind = 'textbook'\n"
        "reference = 'r'\nconfidence = 'low'\nnote = 'n'\n"
        "[rule.params]\nedges = [100, 125, 110]\nsurcharges = [25, 50, 100]\n"
    ).encode(),
    "formula-id.toml": (
        HEAD + '[[add.groups]]\nid = "=HYPERLINK(\\"http://example.invalid\\",\\"x\\")"\n'
        'label = "x"\nvalue = 100\nperiod = "month"\npay_basis = "time"\n'
        'note = "assumption"\n'
    ).encode(),
    "no-title.toml": b"[meta]\nnote = 'x'\n",
    "existing.toml": (HEAD).encode(),
    "existing.xlsx": b"the user's workbook",
    "existing.png": b"the user's picture",
    "wf-ok.toml": (HEAD + "[headcount]\nminer = 30\nauxiliary = 10\n").encode(),
    "privileges-minr.toml": (HEAD + '[privileges]\ngroups = ["minr"]\n').encode(),
    "wf-unknown-group.toml": (HEAD + "[headcount]\nminr = 3\n").encode(),
    "wf-negative.toml": (HEAD + "[headcount]\nminer = -3\n").encode(),
    "wf-fraction.toml": (HEAD + "[headcount]\nminer = 2.5\n").encode(),
    "wf-nan.toml": (HEAD + "[headcount]\nminer = nan\n").encode(),
    "wf-empty-workforce.toml": (HEAD + "[headcount]\nminer = 0\n").encode(),
    "wf-unknown-section.toml": (HEAD + "[headcount]\nminer = 3\n[extra]\nx = 1\n").encode(),
    # -- hostile: markup, control characters and formulas in user text
    "markup.toml": (
        b'[meta]\ntitle = "Pit [estimate] [/bold] [link=http://example.invalid]x[/link]"\n'
        b'[wages.miner]\nlabel = "Hewer [sic] [/b] :smile:"\n'
    ),
    "escape.toml": (
        b'[meta]\ntitle = "a\\u001b[2Jb\\nc\\u009b1m"\n'
        b'[wages.miner]\nlabel = "red\\u001b[31m \\u202eleft"\n'
    ),
    "wf-escape.toml": (
        b'[meta]\ntitle = "x\\u001b]8;;http://example.invalid\\u0007y [bold]"\n'
        b'note = "[/bold] \\r\\u0008z"\n[headcount]\nminer = 30\n'
    ),
    "formula.toml": (
        b"[meta]\ntitle = \"=cmd|' /C calc'!A0\"\n"
        b'[wages.miner]\nlabel = "=HYPERLINK(\\"http://example.invalid\\")"\nnote = "@SUM(A1)"\n'
    ),
    # -- hostile: numbers beyond any sane range
    "wage-huge-int.toml": (HEAD + "[wages.miner]\nlow = 1" + "0" * 400 + "\n").encode(),
    "wage-subnormal.toml": (HEAD + "[wages.miner]\nlow = 5e-324\n").encode(),
    "wage-1e308.toml": (HEAD + "[wages.miner]\nhigh = 1e308\n").encode(),
    "norm-huge-int.toml": (HEAD + "[norms.coal-hewing]\nvalue = 1" + "0" * 400 + "\n").encode(),
    "norm-1e308.toml": (HEAD + "[norms.coal-hewing]\nvalue = 1e308\n").encode(),
    "record-1e308.toml": (HEAD + "[records.stakhanov-1935]\noutput = 1e308\n").encode(),
    "cap-1e308.toml": (HEAD + "[montecarlo]\nopen_cap = 1e308\n").encode(),
    "privilege-1e308.toml": (
        HEAD + "[privileges.value]\n" + "\n".join(f"{p} = 1e308" for p in ("apartment",))
    ).encode(),
    "price-1e308.toml": (HEAD + "[prices.rye-bread]\nhigh = 1e308\n").encode(),
    "tolerance-subnormal.toml": (HEAD + "[claims]\ntolerance = 5e-324\n").encode(),
    "days-subnormal.toml": (HEAD + "[periods]\nworking_days_per_month = 5e-324\n").encode(),
    "digits-5000.toml": (HEAD + "[wages.miner]\nlow = " + "9" * 5000 + "\n").encode(),
    "paragraph-huge.toml": (
        HEAD + '[[add.groups]]\nid = "g"\nlabel = "l"\nvalue = 100\nperiod = "month"\n'
        'pay_basis = "time"\nsource_id = "markin-1936"\nparagraph = 1' + "0" * 400 + "\n"
    ).encode(),
    "rule-1e308.toml": (
        HEAD + "[rule]\nkind = 'progressive'\nlabel = 'x'\n"
        "[rule.provenance]\nsource_id = 'textbook'\nkind = 'textbook'\n"
        "reference = 'r'\nconfidence = 'low'\nnote = 'n'\n"
        "[rule.params]\nedges = [100, 125, 1e308]\nsurcharges = [25, 50, 100]\n"
    ).encode(),
    "wf-huge-int.toml": (HEAD + "[headcount]\nminer = 1" + "0" * 400 + "\n").encode(),
    "wf-1e18.toml": (HEAD + "[headcount]\nminer = 1000000000000000000\n").encode(),
    # -- hostile: groups that multiply rows
    "add-500.toml": (
        HEAD
        + "".join(
            f'[[add.groups]]\nid = "g{i}"\nlabel = "l"\nvalue = 100\nperiod = "month"\n'
            'pay_basis = "time"\nnote = "assumption"\n'
            for i in range(500)
        )
    ).encode(),
    "add-1001.toml": (
        HEAD
        + "".join(
            f'[[add.groups]]\nid = "g{i}"\nlabel = "l"\nvalue = 100\nperiod = "month"\n'
            'pay_basis = "time"\nnote = "assumption"\n'
            for i in range(1001)
        )
    ).encode(),
    # -- hostile: pathological TOML
    "deep-arrays.toml": (HEAD + "x = " + "[" * 5000 + "]" * 5000 + "\n").encode(),
    "deep-tables.toml": (HEAD + "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n").encode(),
    "dotted-header.toml": ("[" + ".".join(["a"] * 100_000) + "]\n").encode(),  # 200 KB
    "dotted-key.toml": (HEAD + ".".join(["k"] * 100_000) + " = 1\n").encode(),
    # -- hostile: thousands of unknown ids against thousands of known ones
    "many-unknown.toml": (
        HEAD
        + "".join(
            f'[[add.groups]]\nid = "g{i}"\nlabel = "l"\nvalue = 100\nperiod = "month"\n'
            'pay_basis = "time"\nnote = "assumption"\n'
            for i in range(3000)
        )
        + "[privileges]\ngroups = ["
        + ", ".join(f'"h{i}"' for i in range(3000))
        + "]\n"
    ).encode(),
    "wf-many-unknown.toml": (
        HEAD + "[headcount]\n" + "".join(f"group{i}x = 1\n" for i in range(5000))
    ).encode(),
}
# A folder named like an output file: writing "into" it must be refused, not descend.
FOLDERS = ("folder.xlsx", "folder.png")

CASES: list[tuple[str, list[str], str]] = [
    # (id, argv after `stakhanov`, a fragment the one line must contain)
    (
        "unknown-group",
        ["ratio", "minr", "auxiliary"],
        "unknown group 'minr' (did you mean 'miner'?)",
    ),
    ("unknown-base", ["ratios", "--base", "nobody"], "unknown group 'nobody'"),
    ("formula-group", ["ratio", '=HYPERLINK("x")', "miner"], "unknown group '=HYPERLINK"),
    (
        "unknown-record",
        ["norm", "--alpha", "0.1", "--toward", "stakhanov-1953"],
        "unknown record 'stakhanov-1953'",
    ),
    ("unknown-claim", ["claims", "kaslov-12-times"], "unknown claim 'kaslov-12-times'"),
    (
        "alpha-high",
        ["norm", "--alpha", "1.5", "--toward", "stakhanov-1935"],
        "--alpha must be between 0 and 1, got 1.5",
    ),
    (
        "alpha-negative",
        ["norm", "--alpha", "-0.5", "--toward", "stakhanov-1935"],
        "--alpha must be between 0 and 1, got -0.5",
    ),
    ("raise-minus-100", ["norm", "--raise", "-100%"], "a norm raise must be above -100%"),
    ("raise-text", ["norm", "--raise", "lots"], "--raise: 'lots' is not a percentage"),
    (
        "tariff-minus-150",
        ["norm", "--raise", "10%", "--tariff", "-150%"],
        "--tariff must be between -100 and 10,000%, got -150",
    ),
    ("grid-zero-step", ["sweep", "--alpha", "0:1:0"], "grid step must be > 0"),
    ("grid-negative-step", ["sweep", "--alpha", "0:1:-0.1"], "grid step must be > 0"),
    (
        "grid-out-of-range",
        ["sweep", "--alpha", "0:2:0.5"],
        "--alpha must be between 0 and 1, got 2",
    ),
    ("output-grid", ["rules", "--output", "30:0:1"], "grid low 30 > high 0"),
    ("unknown-rule-arg", ["rules", "--rule", "progresive"], "unknown rule 'progresive'"),
    ("negative-norm", ["rules", "--norm", "-7"], "--norm must be > 0, got -7"),
    (
        "working-days",
        ["ratio", "record-driller-day", "miner", "--working-days", "40"],
        "--working-days must be between 1 and 31 days, got 40",
    ),
    ("brigade-outputs", ["brigade", "--outputs", "102,-3"], "must be a number >= 0"),
    (
        "scenario-syntax",
        ["report", "--scenario", "syntax.toml"],
        "syntax.toml:1: TOML syntax error",
    ),
    (
        "scenario-empty",
        ["ratio", "miner", "auxiliary", "--scenario", "empty.toml"],
        "empty.toml: empty scenario file",
    ),
    ("scenario-binary", ["groups", "--scenario", "binary.toml"], "binary.toml: a binary file"),
    ("scenario-not-utf8", ["groups", "--scenario", "latin1.toml"], "latin1.toml:2: not UTF-8 text"),
    ("scenario-directory", ["groups", "--scenario", "."], ".: is a directory"),
    ("scenario-missing", ["groups", "--scenario", "nowhere.toml"], "nowhere.toml: no such file"),
    ("scenario-huge", ["groups", "--scenario", "huge.toml"], "huge.toml: too large"),
    (
        "scenario-unknown-key",
        ["groups", "--scenario", "unknown-key.toml"],
        "unknown-key.toml:4: wages.miner.wage: unknown key",
    ),
    (
        "scenario-unknown-section",
        ["groups", "--scenario", "unknown-section.toml"],
        "unknown-section.toml:3: wagez: unknown section (did you mean 'wages'?)",
    ),
    (
        "scenario-unknown-group",
        ["groups", "--scenario", "unknown-group.toml"],
        "unknown-group.toml:3: wages.minr: unknown group (did you mean 'miner'?)",
    ),
    (
        "scenario-privileges-group",
        ["groups", "--scenario", "privileges-minr.toml"],
        "privileges-minr.toml:4: privileges.groups: unknown group 'minr' (did you mean 'miner'?)",
    ),
    (
        "scenario-wrong-type",
        ["groups", "--scenario", "wrong-type.toml"],
        "wrong-type.toml:4: wages.miner.low: must be a number, got text",
    ),
    (
        "scenario-nan",
        ["groups", "--scenario", "nan.toml"],
        "nan.toml:4: wages.miner.high: must be a finite number",
    ),
    (
        "scenario-inf",
        ["groups", "--scenario", "inf.toml"],
        "inf.toml:4: norms.coal-hewing.value: must be a finite number",
    ),
    (
        "scenario-negative",
        ["groups", "--scenario", "negative.toml"],
        "negative.toml:4: wages.miner.low: must be > 0, got -5",
    ),
    (
        "scenario-low-high",
        ["groups", "--scenario", "low-high.toml"],
        "low-high.toml:4: wages.miner.low: low 600 > high 500",
    ),
    (
        "scenario-unknown-rule",
        ["norm", "--alpha", "0.1", "--toward", "stakhanov-1935", "--scenario", "unknown-rule.toml"],
        "rule.name: unknown rule",
    ),
    (
        "scenario-band-edges",
        ["norm", "--alpha", "0.1", "--toward", "stakhanov-1935", "--scenario", "bad-edges.toml"],
        "band edges must increase",
    ),
    ("scenario-formula-id", ["groups", "--scenario", "formula-id.toml"], "is not an id"),
    ("scenario-no-title", ["claims", "--scenario", "no-title.toml"], "meta.title: missing"),
    ("new-existing", ["scenario", "new", "existing.toml"], "existing.toml: already exists"),
    ("new-missing-folder", ["scenario", "new", "no/such/folder/s.toml"], "folder does not exist"),
    ("new-read-only", ["scenario", "new", "{readonly}/s.toml"], "folder is not writable"),
    ("new-directory", ["scenario", "new", "."], ".: is a directory"),
    ("workforce-syntax", ["inequality", "-w", "syntax.toml"], "syntax.toml:1: TOML syntax error"),
    (
        "workforce-empty-file",
        ["inequality", "-w", "empty.toml"],
        "empty.toml: empty workforce file",
    ),
    ("workforce-binary", ["inequality", "-w", "binary.toml"], "binary.toml: a binary file"),
    ("workforce-not-utf8", ["inequality", "-w", "latin1.toml"], "latin1.toml:2: not UTF-8 text"),
    ("workforce-huge", ["inequality", "-w", "huge.toml"], "huge.toml: too large"),
    ("workforce-missing", ["inequality", "-w", "nowhere.toml"], "nowhere.toml: no such file"),
    ("workforce-directory", ["inequality", "-w", "."], ".: is a directory, not a workforce file"),
    (
        "workforce-unknown-group",
        ["inequality", "-w", "wf-unknown-group.toml"],
        "wf-unknown-group.toml:4: headcount.minr: unknown group (did you mean 'miner'?)",
    ),
    (
        "workforce-negative",
        ["inequality", "-w", "wf-negative.toml"],
        "headcount.miner: must be >= 0 workers, got -3",
    ),
    (
        "workforce-fraction",
        ["inequality", "-w", "wf-fraction.toml"],
        "headcount.miner: must be a whole number of workers, got 2.5",
    ),
    (
        "workforce-nan",
        ["inequality", "-w", "wf-nan.toml"],
        "headcount.miner: must be a whole number",
    ),
    ("workforce-all-zero", ["inequality", "-w", "wf-empty-workforce.toml"], "empty workforce"),
    (
        "workforce-unknown-section",
        ["inequality", "-w", "wf-unknown-section.toml"],
        "wf-unknown-section.toml:5: extra: unknown section",
    ),
    ("workforce-none", ["inequality"], "give a workforce file"),
    (
        "workforce-bad-cap",
        ["inequality", "-w", "wf-ok.toml", "--cap", "0.5"],
        "--cap must be above 1 and at most 1,000, got 0.5",
    ),
    ("draws-zero", ["ratio", "miner", "auxiliary", "--draws", "0"], "draws must be > 0, got 0"),
    ("export-existing", ["export", "existing.xlsx"], "existing.xlsx: already exists (use --force"),
    ("export-missing-folder", ["export", "no/such/folder/out.xlsx"], "folder does not exist"),
    ("export-read-only", ["export", "{readonly}/out.xlsx"], "folder is not writable"),
    ("export-directory", ["export", "folder.xlsx"], "folder.xlsx: is a directory"),
    ("export-not-xlsx", ["export", "out.csv"], "out.csv: the file name must end in .xlsx"),
    ("plot-existing", ["plot", "existing.png"], "existing.png: already exists (use --force"),
    ("plot-missing-folder", ["plot", "no/such/folder/out.png"], "folder does not exist"),
    ("plot-read-only", ["plot", "{readonly}/out.png"], "folder is not writable"),
    ("plot-directory", ["plot", "folder.png"], "folder.png: is a directory"),
    ("plot-not-png", ["plot", "out.jpg"], "a plot is a PNG file"),
    (
        "plot-lorenz-without-workforce",
        ["plot", "out.png", "--kind", "lorenz"],
        "--kind lorenz needs --workforce",
    ),
    ("usage-missing-arg", ["ratio", "miner"], "Missing argument 'B'"),
    ("usage-bad-format", ["groups", "--format", "xml"], "Invalid value for '--format'"),
]


# -- hostile inputs -------------------------------------------------------------------------
LONG = "n" * 300  # longer than any file name the system allows (255 bytes)

# (id, argv, fragment of the one stderr line, how to run: "" or a special channel)
HOSTILE: list[tuple[str, list[str], str, str]] = [
    # 2. control characters in a mistyped argument stay escaped in the one line
    ("error-escape", ["ratio", "x\x1b[2J\ny", "miner"], "unknown group 'x\\x1b[2J\\ny'", ""),
    ("error-ascii", ["ratio", "шахтёр", "miner"], "unknown group '\\u0448\\u0430", "ascii"),
    ("error-c1", ["claims", "a\x9b31m"], "unknown claim 'a\\x9b31m'", ""),
    # 3b. a data package (--rates DIR) gets the limits of a scenario file
    ("package-zero", ["groups", "--rates", "pkg-zero"], "not a regular file (a device", ""),
    ("package-fifo", ["ratios", "--rates", "pkg-fifo"], "not a regular file (a device", ""),
    ("package-huge", ["report", "--rates", "pkg-huge"], "too large for a CSV file", ""),
    ("package-deep", ["sources", "--rates", "pkg-deep"], "nested too deeply (the limit is 32", ""),
    ("package-deep-bib", ["why", "miner", "--rates", "pkg-deep-bib"], "nested too deeply", ""),
    # 4. numbers out of range, in files and in options
    ("wage-huge-int", ["groups", "--scenario", "wage-huge-int.toml"], "got a number beyond", ""),
    ("wage-subnormal", ["groups", "--scenario", "wage-subnormal.toml"], "wages.miner.low", ""),
    ("wage-1e308", ["report", "--scenario", "wage-1e308.toml"], "got 1e+308", ""),
    ("norm-huge-int", ["ratios", "--scenario", "norm-huge-int.toml"], "norms.coal-hewing", ""),
    ("norm-1e308", ["norm", "--raise", "10%", "--scenario", "norm-1e308.toml"], "1e+308", ""),
    ("record-1e308", ["claims", "--scenario", "record-1e308.toml"], "records.stakhanov-1935", ""),
    ("cap-file-1e308", ["groups", "--scenario", "cap-1e308.toml"], "montecarlo.open_cap", ""),
    (
        "privilege-1e308",
        ["groups", "--scenario", "privilege-1e308.toml"],
        "privileges.value.apartment",
        "",
    ),
    ("price-1e308", ["groups", "--scenario", "price-1e308.toml"], "prices.rye-bread.high", ""),
    ("tolerance-subnormal", ["claims", "--scenario", "tolerance-subnormal.toml"], "small", ""),
    ("days-subnormal", ["groups", "--scenario", "days-subnormal.toml"], "between 1 and 31", ""),
    ("digits-5000", ["groups", "--scenario", "digits-5000.toml"], "a number too long", ""),
    ("paragraph-huge", ["groups", "--scenario", "paragraph-huge.toml"], "paragraph", ""),
    (
        "rule-1e308",
        ["norm", "--raise", "10%", "--scenario", "rule-1e308.toml"],
        "params.edges[2]",
        "",
    ),
    ("headcount-huge-int", ["inequality", "-w", "wf-huge-int.toml"], "headcount.miner", ""),
    ("headcount-1e18", ["inequality", "-w", "wf-1e18.toml"], "got 1e+18", ""),
    ("cap-1e308", ["ratio", "miner", "auxiliary", "--draws", "10", "--cap", "1e308"], "--cap", ""),
    ("cap-nan", ["inequality", "-w", "wf-ok.toml", "--cap", "nan"], "--cap must be", ""),
    (
        "working-days-subnormal",
        ["ratio", "record-driller-day", "miner", "--working-days", "5e-324"],
        "--working-days must be between 1 and 31 days",
        "",
    ),
    ("raise-1e308", ["norm", "--raise", "1e308%"], "--raise must be between", ""),
    ("tariff-1e308", ["norm", "--raise", "10%", "--tariff", "1e308"], "--tariff must be", ""),
    ("alpha-subnormal", ["norm", "--alpha", "5e-324", "--toward", "stakhanov-1935"], "small", ""),
    ("norm-arg-1e308", ["rules", "--norm", "1e308"], "--norm must be between", ""),
    ("pay-at-norm-1e308", ["rules", "--pay-at-norm", "1e308"], "--pay-at-norm must be", ""),
    ("outputs-1e308", ["brigade", "--outputs", "102,1e308"], "--outputs must be between", ""),
    ("seed-negative", ["inequality", "-w", "wf-ok.toml", "--seed", "-1"], "'--seed'", ""),
    # a subnormal anywhere in a grid: it passes a range from 0, yet a step of it never ends
    ("grid-subnormal-low", ["sweep", "--alpha", "1e-320:1:0.5"], "too small to compute", ""),
    ("grid-subnormal-high", ["sweep", "--alpha", "0:1e-320:0.5"], "too small to compute", ""),
    ("grid-subnormal-step", ["sweep", "--alpha", "0:1:1e-320"], "too small to compute", ""),
    ("tariff-subnormal", ["sweep", "--tariff", "0%:1%:1e-320%"], "too small to compute", ""),
    ("rules-subnormal", ["rules", "--output", "0:10:5e-324"], "too small", ""),
    ("tariff-grid-overflow", ["sweep", "--tariff", "-1e308:1e308:1"], "--tariff must be", ""),
    # 4b. --set values are parsed as a file's values are, with the same bounds
    ("set-digits-5000", ["report", "--set", "wages.miner.low=" + "9" * 5000], "too long", ""),
    ("set-digits-4301", ["report", "--set", "miner=" + "9" * 4301], "a number too long", ""),
    ("set-huge-int", ["report", "--set", "miner=1" + "0" * 400], "a number beyond", ""),
    ("set-1e308", ["report", "--set", "wages.miner.high=1e308"], "got 1e+308", ""),
    ("set-1e400", ["report", "--set", "wages.miner.low=1e400"], "must be a finite number", ""),
    ("set-nan", ["ratios", "--set", "miner=nan"], "must be a finite number", ""),
    ("set-subnormal", ["report", "--set", "miner=5e-324"], "wages.miner.low: must be", ""),
    ("set-negative", ["report", "--set", "miner=-1"], "wages.miner.low: must be > 0", ""),
    ("set-range-huge", ["report", "--set", "miner=300..1e308"], "wages.miner.high", ""),
    (
        "set-norm-1e308",
        ["norm", "--raise", "10%", "--set", "norms.coal-hewing.value=1e308"],
        "norms.coal-hewing.value",
        "",
    ),
    ("set-cap-1e308", ["groups", "--set", "montecarlo.open_cap=1e308"], "open_cap", ""),
    ("set-tolerance-1", ["claims", "--set", "claims.tolerance=1"], "below 1, got 1", ""),
    (
        "set-days-subnormal",
        ["groups", "--set", "periods.working_days_per_month=5e-324"],
        "between 1 and 31",
        "",
    ),
    # 5. sizes that scale work or memory, refused before anything is allocated
    ("draws-huge", ["ratio", "miner", "auxiliary", "--draws", "10" + "0" * 11], "--draws", ""),
    ("draws-huge-inequality", ["inequality", "-w", "wf-ok.toml", "--draws", "10" * 7], "limit", ""),
    (
        "sweep-product",
        ["sweep", "--alpha", "0:1:0.0001", "--tariff", "0%:100%:0.0001%"],
        # 0:1:0.0001 is 10,001 points and 0:100:0.0001 is 1,000,001; every pair is computed:
        # 10,001 * 1,000,001 = 10,001,000,000 + 10,001 = 10,001,010,001
        "--alpha × --tariff points: 10,001,010,001 is over the limit of 10,000,000",
        "",
    ),
    # Sobol draws: 2^20 and 2^24 would hold gigabytes (under the memory cap, an allocation
    # would fail as "out of memory"); the refusal names the limit instead, before any work.
    (
        "sobol-2-17",
        ["sensitivity", "ratio", "miner", "auxiliary", "--draws", str(2**17)],
        "--draws: 131,072 is over the limit of 65,536",
        "",
    ),
    (
        "sobol-2-20",
        ["sensitivity", "ratio", "miner", "auxiliary", "--draws", str(2**20)],
        "--draws: 1,048,576 is over the limit of 65,536",
        "",
    ),
    (
        "sobol-2-24",
        ["sensitivity", "claim", "kaslov-16-times", "--draws", str(2**24)],
        "--draws: 16,777,216 is over the limit of 65,536",
        "",
    ),
    ("brigade-huge", ["brigade", "--size", "1000000000"], "--size: 1,000,000,000 is over", ""),
    ("brigade-outputs-many", ["brigade", "--outputs", ",".join(["1"] * 2000)], "limit", ""),
    ("rules-rows", ["rules", "--output", "0:10000000:1"], "use a larger STEP", ""),
    ("sweep-table-rows", ["sweep", "--alpha", "0:1:0.000001"], "use --format csv", ""),
    (
        "ratios-pairs",
        ["ratios", "--scenario", "add-500.toml"],
        "give --base GROUP",  # 500 new groups and the base ones: over 250,000 ordered pairs
        "",
    ),
    ("add-too-many", ["groups", "--scenario", "add-1001.toml"], "1,001 new groups, over", ""),
    # 6. files that are not regular files
    ("scenario-dev-zero", ["groups", "--scenario", "zero.toml"], "not a regular file", ""),
    ("scenario-dev-urandom", ["groups", "--scenario", "urandom.toml"], "not a regular file", ""),
    ("scenario-fifo", ["groups", "--scenario", "fifo.toml"], "fifo.toml: not a regular file", ""),
    ("workforce-dev-zero", ["inequality", "-w", "zero.toml"], "not a regular file", ""),
    ("workforce-fifo", ["inequality", "-w", "fifo.toml"], "not a regular file", ""),
    # 7. pathological TOML
    ("deep-arrays", ["groups", "--scenario", "deep-arrays.toml"], "nested too deeply", ""),
    ("deep-tables", ["inequality", "-w", "deep-tables.toml"], "nested too deeply", ""),
    ("dotted-header", ["groups", "--scenario", "dotted-header.toml"], "nested too deeply", ""),
    ("dotted-key", ["groups", "--scenario", "dotted-key.toml"], "nested too deeply", ""),
    # 8. output channels that fail
    ("stdout-full", ["groups"], "standard output: cannot write (No space left", "dev-full"),
    ("stdout-full-csv", ["report", "--format", "csv"], "No space left on device", "dev-full"),
    ("stdout-closed", ["groups"], "standard output is closed", "closed-stdout"),
    # every path to stdout, also the ones click writes itself: help, the version
    ("stdout-full-help", ["--help"], "standard output: cannot write (No space", "dev-full"),
    ("stdout-full-version", ["--version"], "standard output: cannot write (No", "dev-full"),
    ("stdout-full-report", ["report"], "standard output: cannot write (No", "dev-full"),
    ("stdout-full-command-help", ["report", "--help"], "standard output: cannot", "dev-full"),
    ("stdout-full-group-help", ["scenario", "--help"], "standard output: cannot", "dev-full"),
    (
        "stdout-full-subcommand-help",
        ["sensitivity", "ratio", "--help"],
        "standard output: cannot write (No space left on device)",
        "dev-full",
    ),
    ("export-name-too-long", ["export", f"{LONG}.xlsx"], "File name too long", ""),
    ("plot-name-too-long", ["plot", f"{LONG}.png"], "File name too long", ""),
    ("new-name-too-long", ["scenario", "new", f"{LONG}.toml"], "File name too long", ""),
    ("export-disk-full", ["export", "out.xlsx"], "out.xlsx: cannot write", "disk-full"),
    ("plot-disk-full", ["plot", "out.png"], "out.png: cannot write", "disk-full"),
    ("new-disk-full", ["scenario", "new", "s.toml"], "cannot write (File too large)", "disk-full"),
    # 9. quadratic corners
    ("many-unknown-ids", ["groups", "--scenario", "many-unknown.toml"], "more problems", ""),
    ("many-unknown-groups", ["inequality", "-w", "wf-many-unknown.toml"], "more problems", ""),
]

# User text that must come out literally, with exit 0: (id, argv, fragment of stdout).
SHOWN: list[tuple[str, list[str], str]] = [
    ("markup-label", ["groups", "--scenario", "markup.toml"], "Hewer [sic] [/b]"),
    ("emoji-code", ["groups", "--scenario", "markup.toml"], ":smile:"),
    (
        "markup-title",
        ["report", "--scenario", "markup.toml"],
        "Pit [estimate] [/bold] [link=http://example.invalid]x[/link]",
    ),
    ("escape-label", ["groups", "--scenario", "escape.toml"], "red\\x1b[31m"),
    ("bidi-label", ["groups", "--scenario", "escape.toml"], "\\u202eleft"),
    ("escape-label-csv", ["groups", "--format", "csv", "--scenario", "escape.toml"], "\\x1b[31m"),
    (
        "escape-title",
        ["inequality", "-w", "wf-escape.toml", "--draws", "0"],
        "x\\x1b]8;;http://example.invalid\\x07y [bold]",
    ),
    ("escape-note", ["inequality", "-w", "wf-escape.toml", "--draws", "0"], "[/bold] \\r\\x08z"),
    ("escape-title-json", ["inequality", "-w", "wf-escape.toml", "-f", "json"], "\\u001b]8;;"),
    ("escape-title-stderr", ["ratios", "--scenario", "escape.toml"], "Every ordered pair"),
    ("formula-csv", ["groups", "--format", "csv", "--scenario", "formula.toml"], "'=HYPERLINK("),
    ("formula-note-csv", ["groups", "--format", "csv", "--scenario", "formula.toml"], "'@SUM(A1)"),
]


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            info = path.stat()
            out[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns)
    return out


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad-input")
    for name, content in FILES.items():
        (folder / name).write_bytes(content)
    for name in FOLDERS:
        (folder / name).mkdir()
    ro = folder / "ro"
    ro.mkdir()
    ro.chmod(stat.S_IRUSR | stat.S_IXUSR)
    (folder / "zero.toml").symlink_to("/dev/zero")
    (folder / "urandom.toml").symlink_to("/dev/urandom")
    os.mkfifo(folder / "fifo.toml")
    _hostile_packages(folder)
    return folder


def _hostile_packages(folder: Path) -> None:
    """Data packages (--rates DIR) whose files are hostile: they get a scenario's limits."""
    from stakhanov.data.newpackage import write_package

    for name in ("pkg-zero", "pkg-fifo", "pkg-huge", "pkg-deep", "pkg-deep-bib"):
        write_package(folder / name)
    (folder / "pkg-zero" / "wages.csv").unlink()
    (folder / "pkg-zero" / "wages.csv").symlink_to("/dev/zero")
    (folder / "pkg-fifo" / "norms.csv").unlink()
    os.mkfifo(folder / "pkg-fifo" / "norms.csv")
    with (folder / "pkg-huge" / "records.csv").open("a", encoding="utf-8") as handle:
        handle.write(("#" + "x" * 999 + "\n") * 2_000)
    (folder / "pkg-deep" / "datapackage.json").write_text("[" * 200_000 + "]" * 200_000)
    (folder / "pkg-deep-bib" / "references.json").write_text("[" * 200_000 + "]" * 200_000)
    sources = folder / "pkg-deep-bib" / "sources.csv"
    sources.write_text(
        sources.read_text()
        .replace("edition and pages", "x")
        .replace("\"archive, fond, opis', delo; or the book's x\"", "@key"),
        encoding="utf-8",
    )


def _read_only_folder(workdir: Path) -> str:
    """A folder this process cannot write: the chmod'ed one, or (as root, who ignores
    permissions) a kernel folder such as /sys. Fails in CI if there is none."""
    import tempfile

    for folder in (workdir / "ro", Path("/sys")):
        try:
            fd, name = tempfile.mkstemp(dir=folder)
        except OSError:
            return str(folder)
        os.close(fd)
        os.unlink(name)
    if os.environ.get("CI"):
        pytest.fail("no read-only folder to test with")
    pytest.skip("no read-only folder on this machine")


MEMORY = 2 << 30  # bytes of address space: numpy and openpyxl fit, a runaway read does not
SECONDS = 10


def _limits(how: str) -> Callable[[], None]:
    """What runs in the child before the CLI: the memory cap, and the channel to break."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        if how == "closed-stdout":
            os.close(1)
        elif how == "disk-full":  # a full disk, as the kernel reports it to a writer
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (2_000, 2_000))
        elif how == "no-override":  # a file's mode binds even root
            _no_override()

    return apply


def _run(workdir: Path, args: list[str], how: str = "") -> subprocess.CompletedProcess[str]:
    with contextlib.ExitStack() as stack:
        stdout: Any = subprocess.PIPE
        if how == "dev-full":
            stdout = stack.enter_context(open("/dev/full", "w"))
        env = dict(os.environ)
        if how == "ascii":  # a terminal that can show ASCII only
            env["PYTHONIOENCODING"] = "ascii"
        if how == "disk-full":  # a measured child could not save its coverage data either
            env = {k: v for k, v in env.items() if not k.startswith(("COVERAGE_", "COV_CORE_"))}
        return subprocess.run(
            [sys.executable, "-m", "stakhanov", *args],
            cwd=workdir,
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=SECONDS,
            env=env,
            preexec_fn=_limits(how),
        )


# Raw control characters a terminal would obey; \n ends lines and is allowed as such.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@pytest.mark.slow
@pytest.mark.parametrize(("args", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(workdir: Path, args: list[str], fragment: str) -> None:
    if any("{readonly}" in a for a in args):
        args = [a.replace("{readonly}", _read_only_folder(workdir)) for a in args]
    before = _snapshot(workdir)
    done = _run(workdir, args)
    assert done.returncode != 0
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("stakhanov: "), lines[0]
    assert fragment in lines[0]
    assert "Traceback" not in done.stdout + done.stderr
    assert _snapshot(workdir) == before


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "fragment", "how"), [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE]
)
def test_hostile_input(workdir: Path, args: list[str], fragment: str, how: str) -> None:
    before = _snapshot(workdir)
    done = _run(workdir, args, how)
    out = done.stdout or ""
    assert done.returncode == (2 if "'--seed'" in fragment else 1), done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("stakhanov: "), lines[0]
    assert fragment in lines[0]
    assert len(lines[0]) < 2_000  # thousands of problems are counted, not listed
    assert "Traceback" not in out + done.stderr
    assert not RAW_CONTROL.search(out + done.stderr)
    assert _snapshot(workdir) == before
    assert not [p for p in workdir.iterdir() if p.name.startswith((".out", ".s.toml", "out"))]


@pytest.mark.slow
@pytest.mark.parametrize(("args", "fragment"), [c[1:] for c in SHOWN], ids=[c[0] for c in SHOWN])
def test_user_text_is_shown_literally(workdir: Path, args: list[str], fragment: str) -> None:
    before = _snapshot(workdir)
    done = _run(workdir, args)
    assert done.returncode == 0, done.stderr
    assert fragment in done.stdout
    assert len(done.stderr.splitlines()) <= 2
    assert "Traceback" not in done.stdout + done.stderr
    assert not RAW_CONTROL.search(done.stdout + done.stderr)
    assert _snapshot(workdir) == before


# -- what --force may replace -----------------------------------------------------------------
# Every command that writes a file, with the file's name as {out}: the one mechanism they share
# (stakhanov.atomic) must hold for each of them.
WRITERS: list[tuple[str, list[str], str]] = [
    ("export", ["export", "{out}"], "out.xlsx"),
    ("html", ["html", "{out}", "--draws", "0"], "out.html"),
    ("plot", ["plot", "{out}"], "out.png"),
    ("sweep-output", ["sweep", "--alpha", "0:1:0.5", "-f", "csv", "-o", "{out}"], "out.csv"),
    # The --meta file is the special one: the --output beside it must not be written either.
    (
        "sweep-meta",
        ["sweep", "--alpha", "0:1:0.5", "-f", "csv", "-o", "rows.csv", "--meta", "{out}"],
        "out.json",
    ),
]


def _writer_args(args: list[str], out: str) -> list[str]:
    return [a.replace("{out}", out) for a in args]


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    import socket

    # A socket's path is limited to 108 bytes: bound by its short name, from its folder.
    with socket.socket(socket.AF_UNIX) as sock, contextlib.chdir(path.parent):
        sock.bind(path.name)


def _device(path: Path) -> None:
    """A character device like /dev/null (major 1, minor 3): only root may make one."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        if os.environ.get("CI") == "true":
            pytest.fail("cannot make a device node in CI (the tests run as root there)")
        pytest.skip("making a device node needs root")


SPECIAL: dict[str, tuple[Callable[[Path], None], Callable[[int], bool]]] = {
    "fifo": (_fifo, stat.S_ISFIFO),
    "socket": (_socket, stat.S_ISSOCK),
    "device": (_device, stat.S_ISCHR),
}


def _entries(folder: Path) -> dict[str, tuple[int, int, int, int]]:
    """Every name in the folder, hidden ones too, with its kind and mode, inode, size and
    modification time: what a run must leave exactly as it was."""
    out = {}
    for path in folder.iterdir():
        info = path.lstat()
        out[path.name] = (info.st_mode, info.st_ino, info.st_size, info.st_mtime_ns)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(SPECIAL))
@pytest.mark.parametrize(("args", "out"), [w[1:] for w in WRITERS], ids=[w[0] for w in WRITERS])
def test_force_never_replaces_what_is_not_a_regular_file(
    tmp_path: Path, args: list[str], out: str, kind: str
) -> None:
    """Class: --force on a FIFO, a socket or a device node, for every command that writes a
    file. Refused (exit 1, one line), and the node keeps its type, inode and mode; nothing
    else appears in the folder."""
    make, is_kind = SPECIAL[kind]
    make(tmp_path / out)
    before = _entries(tmp_path)
    assert is_kind(before[out][0])  # the node really is what this case says
    done = _run(tmp_path, [*_writer_args(args, out), "--force"])
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0] == f"stakhanov: {out}: not a regular file (a device, a pipe or a socket)"
    assert "Traceback" not in done.stdout + done.stderr
    after = _entries(tmp_path)
    assert is_kind(after[out][0])
    assert after == before  # same names, and each one's type, mode, inode, size and time


@pytest.mark.slow
@pytest.mark.parametrize(("args", "out"), [w[1:] for w in WRITERS], ids=[w[0] for w in WRITERS])
def test_force_keeps_a_private_file_private(tmp_path: Path, args: list[str], out: str) -> None:
    """Class: --force over a regular file of the user's. It is replaced (new content) and
    keeps its permission bits, not the default ones: 0o600 stays 0o600."""
    target = tmp_path / out
    target.write_bytes(b"the user's private file")
    target.chmod(0o600)
    done = _run(tmp_path, [*_writer_args(args, out), "--force"])
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert stat.S_ISREG(target.lstat().st_mode)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() != b"the user's private file"
    assert target.stat().st_size > 0


@pytest.mark.slow
@pytest.mark.parametrize(("args", "out"), [w[1:] for w in WRITERS], ids=[w[0] for w in WRITERS])
def test_force_replaces_a_symlink_never_what_it_points_to(
    tmp_path: Path, args: list[str], out: str
) -> None:
    """Class: --force over a symlink (here to a FIFO, which must not be opened): the link is
    replaced by a regular file; what it pointed to keeps its type, inode and mode."""
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / out).symlink_to("pipe")
    pointed = (tmp_path / "pipe").lstat()
    done = _run(tmp_path, [*_writer_args(args, out), "--force"])
    assert done.returncode == 0, done.stderr
    assert stat.S_ISREG((tmp_path / out).lstat().st_mode)
    now = (tmp_path / "pipe").lstat()
    assert stat.S_ISFIFO(now.st_mode)
    assert (now.st_ino, now.st_mode) == (pointed.st_ino, pointed.st_mode)


@pytest.mark.slow
@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
@pytest.mark.parametrize(("args", "out"), [w[1:] for w in WRITERS], ids=[w[0] for w in WRITERS])
def test_a_name_ending_in_slash_is_refused(
    tmp_path: Path, args: list[str], out: str, force: bool
) -> None:
    """Class: an output name ending in / (`plot out.png/`), with and without --force: it
    names a folder, so it is refused, and neither `out.png` nor anything else is created."""
    argv = _writer_args(args, f"{out}/") + (["--force"] if force else [])
    done = _run(tmp_path, argv)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0] == f"stakhanov: {out}/: names a folder (it ends in /), not a file"
    assert "Traceback" not in done.stdout + done.stderr
    assert list(tmp_path.iterdir()) == []


# -- long user text is cut, invisible characters are shown ------------------------------------
BIG = "ab" * 50_000  # 100 KB, under the kernel's 128 KB limit on one argument
# The longest fixed text of the messages below ("stakhanov: Invalid value for '--format' /
# '-f': '" and "' is not one of 'table', 'csv', 'json'. (see 'stakhanov --help')"), counted
# by hand, with room to spare: a line is the cut text (errors.ECHO characters, "..." and the
# length) and at most this much more.
FIXED = 150

# (id, argv with {big} for the long text, file name -> contents, the whole text that is cut
# (an option's value or a name holds the long text), the words that follow the cut text
# (what is wrong), how many times the line repeats it (each time cut))
ECHOES: list[tuple[str, list[str], dict[str, str], str, str, int]] = [
    ("ratio-id", ["ratio", "{big}", "miner"], {}, "{big}", "'", 1),
    ("why-id", ["why", "{big}"], {}, "{big}", "'", 1),
    ("claim-id", ["claims", "{big}"], {}, "{big}", "'", 1),
    ("record-id", ["norm", "--alpha", "0.1", "--toward", "{big}"], {}, "{big}", "'", 1),
    ("rule-id", ["rules", "--rule", "{big}"], {}, "{big}", "'", 1),
    ("raise-value", ["norm", "--raise", "{big}"], {}, "{big}", "' is not a percentage", 1),
    ("grid-value", ["sweep", "--alpha", "{big}"], {}, "{big}", "' is not a number or LO", 1),
    ("grid-equals", ["sweep", "--alpha={big}"], {}, "{big}", "' is not a number or LO", 1),
    ("format-value", ["groups", "--format", "{big}"], {}, "{big}", "' is not one of 'table'", 1),
    # the --set is named (cut), then the key in it (cut again)
    ("set-key", ["report", "--set", "wages.{big}.low=3"], {}, "wages.{big}.low=3", " (", 2),
    (
        "set-value",
        ["report", "--set", "wages.miner.low={big}"],
        {},
        "wages.miner.low={big}",
        " (command line): wages.miner.low: must be a number, got text",
        1,
    ),
    ("scenario-name", ["groups", "--scenario", "{big}"], {}, "{big}", ": cannot read (File", 1),
    ("export-name", ["export", "{big}.xlsx"], {}, "{big}.xlsx", ": cannot write (File name", 1),
    ("new-name", ["scenario", "new", "{big}.toml"], {}, "{big}.toml", ": cannot write (File", 1),
    (
        "scenario-group",
        ["groups", "--scenario", "s.toml"],
        {"s.toml": HEAD + '[wages."{big}"]\nlow = 3\n'},
        "{big}",
        ": unknown group",
        1,
    ),
    (
        "workforce-group",
        ["inequality", "-w", "w.toml"],
        {"w.toml": HEAD + '[headcount]\n"{big}" = 3\n'},
        "{big}",
        ": unknown group",
        1,
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "files", "whole", "after", "echoes"),
    [e[1:] for e in ECHOES],
    ids=[e[0] for e in ECHOES],
)
def test_long_user_text_is_cut_with_its_length(
    tmp_path: Path, args: list[str], files: dict[str, str], whole: str, after: str, echoes: int
) -> None:
    """Class: 100 KB of user text (an id, an option's value, a file name, a key in a file)
    that an error line repeats. The line repeats its first errors.ECHO characters, then
    '...' and the full length (the documented form, built here), and still says what is
    wrong after it; the line stays short."""
    from stakhanov.errors import ECHO

    for name, text in files.items():
        (tmp_path / name).write_text(text.replace("{big}", BIG), encoding="utf-8")
    done = _run(tmp_path, [a.replace("{big}", BIG) for a in args])
    assert done.returncode in (1, 2), done.stderr[:500]
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr[:500]
    line = lines[0]
    assert "Traceback" not in done.stdout + done.stderr
    text = whole.replace("{big}", BIG)
    cut = f"{text[:ECHO]}... ({len(text):,} characters)"
    assert line.count(cut) >= 1, line[:500]
    assert f"{cut}{after}" in line, line[:500]
    assert len(line) < echoes * len(cut) + FIXED, line[:500]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files)


@pytest.mark.slow
def test_a_long_title_is_refused_by_its_length_not_repeated(tmp_path: Path) -> None:
    """Class: text in a file over its length limit (a title, a label, a note; the limits
    table in data/limits.py, the file itself under the size limit): one short line that
    gives the length and the limit, never the text."""
    from stakhanov.data.limits import SIZES

    for key, section in (("title", "meta"), ("label", "wages.miner"), ("note", "wages.miner")):
        length = 500_000  # 500 KB: well over every text limit, half the file size limit
        assert length < SIZES["file_bytes"] and length > SIZES[f"{key}_chars"]
        text = HEAD if section != "meta" else ""
        text += f'[{section}]\n{key} = "{"y" * length}"\n'
        (tmp_path / "s.toml").write_text(text, encoding="utf-8")
        done = _run(tmp_path, ["groups", "--scenario", "s.toml"])
        assert done.returncode == 1, done.stderr[:500]
        lines = done.stderr.splitlines()
        assert len(lines) == 1, done.stderr[:500]
        limit = SIZES[f"{key}_chars"]
        assert lines[0].endswith(
            f"{section}.{key}: too long: 500,000 characters, over the limit of {limit:,} "
            f"for a {key}"
        ), lines[0][:500]
        assert "yyy" not in lines[0]


# Format characters (Unicode category Cf) a mistyped or pasted id can carry: zero-width
# space and joiner, left-to-right and right-to-left marks, the Arabic letter mark, the
# byte-order mark, the right-to-left override. Each must come out as its \\u escape.
FORMAT_CHARACTERS = ["\u200b", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u202e"]
ID_PLACES: list[tuple[str, list[str], dict[str, str]]] = [
    ("ratio", ["ratio", "mi{c}ner", "auxiliary"], {}),
    ("why", ["why", "mi{c}ner"], {}),
    ("claims", ["claims", "kaslov{c}"], {}),
    ("set", ["report", "--set", "mi{c}ner=300"], {}),
    ("scenario", ["groups", "--scenario", "s.toml"], {"s.toml": HEAD + '[wages."mi{c}ner"]\n'}),
    ("file-name", ["groups", "--scenario", "s{c}.toml"], {}),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    "char", FORMAT_CHARACTERS, ids=[f"U+{ord(c):04X}" for c in FORMAT_CHARACTERS]
)
@pytest.mark.parametrize(
    ("args", "files"), [p[1:] for p in ID_PLACES], ids=[p[0] for p in ID_PLACES]
)
def test_format_characters_in_an_error_are_escaped(
    tmp_path: Path, args: list[str], files: dict[str, str], char: str
) -> None:
    """Class: an id or a name holding an invisible format character, on the command line or
    in a file. The one error line holds no character of category Cf (by unicodedata, not by
    the code's own list), and shows the character as its escape."""
    import unicodedata

    assert unicodedata.category(char) == "Cf"
    for name, text in files.items():
        (tmp_path / name).write_text(text.replace("{c}", char), encoding="utf-8")
    done = _run(tmp_path, [a.replace("{c}", char) for a in args])
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert not [c for c in done.stderr if unicodedata.category(c) == "Cf"], ascii(done.stderr)
    assert f"\\u{ord(char):04x}" in lines[0], ascii(lines[0])


# -- files a user can read or not, and the ends of each range ---------------------------------
# Capabilities by which root reads any file and enters any folder (linux/capability.h).
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2
PR_CAPBSET_DROP = 24


def _no_override() -> None:
    """In the child (``_limits("no-override")``): as root, no right to ignore permission
    bits.

    Root reads any file, so a refusal by permission can only be seen without that right:
    the two capabilities are dropped from the child's bounding set before it runs the CLI,
    so the CLI runs as root but is refused by a file's mode like any user."""
    import ctypes

    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) refused")


@pytest.mark.slow
@pytest.mark.parametrize("where", ["file-mode-000", "folder-not-searchable"])
@pytest.mark.parametrize(
    "args",
    [["groups", "--scenario", "{file}"], ["inequality", "-w", "{file}"]],
    ids=["scenario", "workforce"],
)
def test_a_file_that_cannot_be_read_is_permission_denied(
    tmp_path: Path, args: list[str], where: str
) -> None:
    """Class: a scenario or workforce file the user may not read (its mode is 000, or its
    folder may not be entered). Exit 1, one line naming the file: 'permission denied';
    nothing on stdout, nothing changed."""
    folder = tmp_path / "private"
    folder.mkdir()
    secret = folder / "secret.toml"
    secret.write_text(HEAD + "[headcount]\nminer = 3\n", encoding="utf-8")
    if where == "file-mode-000":
        secret.chmod(0o000)
    else:
        folder.chmod(0o600)  # readable, but not searchable: no file in it can be opened
    shown = "private/secret.toml"
    before = _snapshot(tmp_path)
    try:
        done = _run(tmp_path, [a.replace("{file}", shown) for a in args], how="no-override")
    except subprocess.SubprocessError as exc:  # prctl refused: a container without the right
        if os.environ.get("CI") == "true":
            pytest.fail(f"cannot drop root's override of permissions in CI: {exc}")
        pytest.skip(f"cannot drop root's override of permissions here: {exc}")
    finally:
        folder.chmod(0o700)
        secret.chmod(0o600)
    assert done.returncode == 1, done.stderr
    assert done.stderr == f"stakhanov: {shown}: permission denied\n"
    assert done.stdout == ""
    assert _snapshot(tmp_path) == before


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["groups", "--scenario", "bom.toml"], '[meta]\ntitle = "t"\n[wages.miner]\nlow = 400\n'),
        (["inequality", "-w", "bom.toml", "--draws", "0"], HEAD + "[headcount]\nminer = 3\n"),
        (["scenario", "check", "bom.toml"], HEAD + "[wages.miner]\nlow = 400\n"),
    ],
    ids=["scenario", "workforce", "check"],
)
def test_a_byte_order_mark_is_accepted(tmp_path: Path, args: list[str], text: str) -> None:
    """Class: a file that starts with a UTF-8 byte-order mark, as some Windows editors write:
    accepted, exit 0, read as the same file without it (the mark shown nowhere)."""
    (tmp_path / "bom.toml").write_bytes(b"\xef\xbb\xbf" + text.encode())
    done = _run(tmp_path, args)
    assert done.returncode == 0, done.stderr
    assert "\ufeff" not in done.stdout + done.stderr
    assert "\\ufeff" not in done.stdout + done.stderr
    (tmp_path / "plain.toml").write_bytes(text.encode())
    plain = _run(tmp_path, [a.replace("bom.toml", "plain.toml") for a in args])
    assert done.stdout.replace("bom.toml", "plain.toml") == plain.stdout


# (id, argv, accepted?) at each end of a range and one step outside it, as docs/limits.md
# gives them: a claim's tolerance is at least 0 and below 1; a cap above 1 and at most 1,000.
# An open end (tolerance 1, cap 1) is itself refused; a closed one (tolerance 0, cap 1,000)
# accepted, and one step past it refused.
RANGE_ENDS: list[tuple[str, list[str], str | None]] = [
    ("tolerance-0", ["claims", "--set", "claims.tolerance=0"], None),
    ("tolerance-below-0", ["claims", "--set", "claims.tolerance=-0.001"], "got -0.001"),
    ("tolerance-0.999", ["claims", "--set", "claims.tolerance=0.999"], None),
    ("tolerance-1", ["claims", "--set", "claims.tolerance=1"], "got 1"),
    ("tolerance-1.001", ["claims", "--set", "claims.tolerance=1.001"], "got 1.001"),
    ("tolerance-file-1", ["claims", "--scenario", "tolerance-1.toml"], "got 1"),
    ("tolerance-file-0.999", ["claims", "--scenario", "tolerance-0.999.toml"], None),
    (
        "tolerance-option-1",
        ["sensitivity", "claim", "kaslov-16-times", "--tolerance", "1", "--draws", "0"],
        "got 1",
    ),
    (
        "tolerance-option-0",
        ["sensitivity", "claim", "kaslov-16-times", "--tolerance", "0", "--draws", "0"],
        None,
    ),
    ("cap-1", ["inequality", "-w", "wf-ok.toml", "--draws", "10", "--cap", "1"], "got 1"),
    ("cap-1.001", ["inequality", "-w", "wf-ok.toml", "--draws", "10", "--cap", "1.001"], None),
    ("cap-1000", ["inequality", "-w", "wf-ok.toml", "--draws", "10", "--cap", "1000"], None),
    (
        "cap-1000.001",
        ["inequality", "-w", "wf-ok.toml", "--draws", "10", "--cap", "1000.001"],
        "got 1000.001",  # the value as given: "got 1000" would contradict "at most 1,000"
    ),
    ("cap-ratio-1", ["ratio", "miner", "auxiliary", "--draws", "10", "--cap", "1"], "got 1"),
    ("cap-file-1", ["groups", "--set", "montecarlo.open_cap=1"], "got 1"),
    ("cap-file-1000", ["groups", "--set", "montecarlo.open_cap=1000"], None),
    ("cap-file-1001", ["groups", "--set", "montecarlo.open_cap=1000.5"], "got 1000.5"),
]
RANGE_WORDS = {
    "tolerance": "must be at least 0 and below 1",
    "cap": "must be above 1 and at most 1,000",
}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "refused"), [r[1:] for r in RANGE_ENDS], ids=[r[0] for r in RANGE_ENDS]
)
def test_each_end_of_a_range_is_as_the_table_says(
    tmp_path: Path, args: list[str], refused: str | None
) -> None:
    """Class: a value at an end of its range, or one step outside it (in a file, in --set,
    in an option). Accepted (exit 0) or refused (exit 1, one line in the table's words,
    naming the value as given)."""
    (tmp_path / "wf-ok.toml").write_bytes(FILES["wf-ok.toml"])
    for value in ("1", "0.999"):
        (tmp_path / f"tolerance-{value}.toml").write_text(
            f"{HEAD}[claims]\ntolerance = {value}\n", encoding="utf-8"
        )
    done = _run(tmp_path, args)
    assert "Traceback" not in done.stdout + done.stderr
    if refused is None:
        assert done.returncode == 0, done.stderr
        return
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    words = RANGE_WORDS["cap" if "cap" in " ".join(args) else "tolerance"]
    assert lines[0].endswith(f"{words}, {refused}"), lines[0]


# -- a reader that goes away: `stakhanov report | head -1` ----------------------------------
PIPED: list[tuple[str, list[str]]] = [
    ("report", ["report"]),
    ("ratios", ["ratios"]),
    ("sources", ["sources"]),
    ("why", ["why", "stakhanov-1935"]),
    ("norm", ["norm", "--alpha", "0.1", "--toward", "stakhanov-1935"]),
    ("rules", ["rules"]),
    ("sweep", ["sweep", "--alpha", "0:1:0.01"]),
    ("sweep-csv", ["sweep", "--alpha", "0:1:0.0001", "--format", "csv"]),  # streamed
    ("report-json", ["report", "--format", "json"]),
]
# Outputs a pipe holds whole: only a reader gone before the first write can break them.
PIPED_SMALL: list[tuple[str, list[str]]] = [
    ("help", ["--help"]),
    ("version", ["--version"]),
    ("command-help", ["report", "--help"]),
    ("claims-csv", ["claims", "--format", "csv"]),
]
PIPE_BYTES = 4096  # the smallest pipe Linux makes (one page): the output must overflow it


def _piped(workdir: Path, args: list[str], first_line: bool) -> tuple[int, str, int]:
    """Run the CLI with stdout a pipe whose reader reads the first line (or nothing) and
    closes it; return the exit code, stderr, and how many bytes were read."""
    import fcntl

    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    child = subprocess.Popen(
        [sys.executable, "-m", "stakhanov", *args],
        cwd=workdir,
        stdout=write_end,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_limits(""),
    )
    os.close(write_end)
    got = b""
    if first_line:  # a byte at a time: take nothing from the pipe beyond the first line
        while not got.endswith(b"\n") and (byte := os.read(read_end, 1)):
            got += byte
    os.close(read_end)
    try:
        _, err = child.communicate(timeout=SECONDS)
    finally:
        child.kill()
    return child.returncode, err, len(got)


@pytest.mark.slow
@pytest.mark.parametrize("args", [p[1] for p in PIPED], ids=[p[0] for p in PIPED])
def test_a_reader_that_stops_after_one_line_is_not_an_error(workdir: Path, args: list[str]) -> None:
    """Class: stdout a pipe whose reader stops after the first line (`| head -1`), for
    every command with more output than the pipe holds (measured by a full run, so the
    CLI really writes after the reader has gone). Exit 0, nothing on stderr: no
    traceback, no 'Broken pipe'."""
    code, err, read = _piped(workdir, args, first_line=True)
    assert (code, err) == (0, ""), err
    full = _run(workdir, args)
    assert full.returncode == 0
    assert read == len(full.stdout.splitlines()[0].encode()) + 1
    assert len(full.stdout.encode()) > PIPE_BYTES + read, "the output fits in the pipe"


@pytest.mark.slow
@pytest.mark.parametrize(
    "args", [p[1] for p in PIPED + PIPED_SMALL], ids=[p[0] for p in PIPED + PIPED_SMALL]
)
def test_a_reader_gone_before_the_first_write_is_not_an_error(
    workdir: Path, args: list[str]
) -> None:
    """Class: stdout a pipe whose reader has closed before the CLI writes anything (`| true`):
    the first write fails, whatever writes it (a rich table, JSON, CSV, streamed rows,
    click's help and version). Exit 0, nothing on stderr."""
    code, err, _ = _piped(workdir, args, first_line=False)
    assert (code, err) == (0, ""), err


# -- Ctrl-C ------------------------------------------------------------------------------------
# A run of some 6 seconds that streams its rows: 100,001 α points × 11 tariffs, and a header.
LONG_RUN = ["sweep", "--alpha", "0:1:0.00001", "--tariff", "0%:10%:1%", "--format", "csv"]
LONG_ROWS = 100_001 * 11 + 1
# Files of the package a traceback may name when the signal came before __main__.run could
# make it quiet: Python's own start-up, then the two modules every run imports first.
BEFORE_RUN = {"__init__", "calc/display"}


def _interrupt(
    workdir: Path, args: list[str], delay: float = 0.0, after_first_line: bool = False
) -> tuple[bool, int, str, str, float]:
    """Start the CLI, send SIGINT after ``delay`` seconds (or once it has written its first
    line); return whether it was still running then, its exit code, stdout, stderr, and the
    seconds it took to end after the signal."""
    import time

    # As a context manager, so the pipes are closed however the run ends.
    with subprocess.Popen(
        [sys.executable, "-m", "stakhanov", *args],
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_limits(""),
    ) as child:
        first = ""
        if after_first_line:
            assert child.stdout is not None
            first = child.stdout.readline()
        else:
            time.sleep(delay)
        running = child.poll() is None
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        try:
            out, err = child.communicate(timeout=SECONDS)
        except subprocess.TimeoutExpired:  # the signal was not acted on: end it, and say so
            child.kill()
            out, err = child.communicate()
        took = time.monotonic() - sent
    return running, child.returncode, first + out, err, took


def _before_run(code: int, err: str) -> bool:
    """A signal from before the package could catch it: killed by SIGINT before Python set
    its own handler (exit -2, nothing said), or a traceback from Python's own start-up or
    the two first modules (documented in stakhanov/__main__.py as out of reach)."""
    if code == -signal.SIGINT and err == "":
        return True
    named = set(re.findall(r'File "[^"]*/src/stakhanov/([\w/]+)\.py"', err))
    named |= set(re.findall(r'File "[^"]*/site-packages/stakhanov/([\w/]+)\.py"', err))
    return "Traceback" in err and named <= BEFORE_RUN


@pytest.mark.slow
@pytest.mark.parametrize("delay", [round(0.05 + 0.0125 * i, 4) for i in range(21)])  # 0.05 to 0.3 s
def test_ctrl_c_during_start_up_exits_130_quietly(workdir: Path, delay: float) -> None:
    """Class: Ctrl-C while the command line is starting (its modules still importing), at
    several moments. Exit 130, nothing on stderr, and at once: the run (some 6 seconds)
    was really cut short, not finished. A signal that came before the package could act
    (a machine so loaded that Python's own start-up is still running) proves nothing: that
    moment is tried again later, a few times."""
    # Later and later (up to 1 s more, well inside the 6-second run) on a loaded machine.
    for attempt in range(10):
        running, code, out, err, took = _interrupt(workdir, LONG_RUN, delay + 0.1 * attempt)
        assert running, "the run was over before the signal: it proves nothing"
        if code != 130 and _before_run(code, err):
            continue
        # A signal lost in the first instants (the run went on: finished whole, exit 0,
        # nothing said, or still running when the time ran out) is the same documented
        # limit; it is tried later, and one later moment must pass.
        finished_whole = (code, err) == (0, "") and out.count("\n") >= LONG_ROWS - 1
        if finished_whole or took >= SECONDS:
            continue
        assert (code, err) == (130, ""), err[-2000:]
        assert took < 3, f"{took:.1f} s after the signal: it was not acted on"
        assert out.count("\n") < LONG_ROWS
        return
    pytest.fail(f"every signal came before the package could act (from {delay} s on)")


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        LONG_RUN,
        ["sensitivity", "ratio", "miner", "auxiliary", "--draws", "16384", "--format", "csv"],
    ],
    ids=["sweep-streaming", "sensitivity-computing"],
)
def test_ctrl_c_during_the_work_exits_130_quietly(workdir: Path, args: list[str]) -> None:
    """Class: Ctrl-C during a long command, while it streams rows (signalled once it has
    written its first line) or while it computes (signalled at 1 s of a longer run).
    Exit 130 at once, nothing on stderr, and the output cut short."""
    streaming = args is LONG_RUN
    running, code, out, err, took = _interrupt(workdir, args, delay=1.0, after_first_line=streaming)
    assert running, "the run was over before the signal: it proves nothing"
    assert (code, err) == (130, ""), err[-2000:]
    assert took < 3, f"{took:.1f} s after the signal: it was not acted on"
    if streaming:
        assert out.count("\n") < LONG_ROWS


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.3, 1.0, 2.0])
def test_ctrl_c_while_a_file_is_written_leaves_nothing(tmp_path: Path, delay: float) -> None:
    """Class: Ctrl-C during a command that writes a file (the same 6-second run, to -o):
    exit 130 and no file at all in the folder, the target or a temporary one."""
    args = [*LONG_RUN, "-o", "out.csv"]
    for attempt in range(4):  # a signal during Python's own start-up is tried again, later
        running, code, _, err, _ = _interrupt(tmp_path, args, delay + 0.5 * attempt)
        assert running, "the run was over before the signal: it proves nothing"
        if not (code != 130 and _before_run(code, err)):
            break
    assert (code, err) == (130, ""), err[-2000:]
    assert list(tmp_path.iterdir()) == []
