"""The bad-input catalogue: the real CLI, as a subprocess, fed inputs a user gets wrong.

For every case, four things must hold: the exit code is not 0; stderr is exactly one line
that names what was wrong (and where); no traceback; and no file in the working folder is
created or changed. Each case runs in a fresh folder holding the files it needs.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

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
    "wf-unknown-group.toml": (HEAD + "[headcount]\nminr = 3\n").encode(),
    "wf-negative.toml": (HEAD + "[headcount]\nminer = -3\n").encode(),
    "wf-fraction.toml": (HEAD + "[headcount]\nminer = 2.5\n").encode(),
    "wf-nan.toml": (HEAD + "[headcount]\nminer = nan\n").encode(),
    "wf-empty-workforce.toml": (HEAD + "[headcount]\nminer = 0\n").encode(),
    "wf-unknown-section.toml": (HEAD + "[headcount]\nminer = 3\n[extra]\nx = 1\n").encode(),
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
    ("grid-out-of-range", ["sweep", "--alpha", "0:2:0.5"], "alpha must be in [0, 1], got 2"),
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
        "--cap must be between 1 and 1,000, got 0.5",
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


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for path in folder.rglob("*"):
        if path.is_file():
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
    return folder


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


@pytest.mark.slow
@pytest.mark.parametrize(("args", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(workdir: Path, args: list[str], fragment: str) -> None:
    if any("{readonly}" in a for a in args):
        args = [a.replace("{readonly}", _read_only_folder(workdir)) for a in args]
    before = _snapshot(workdir)
    done = subprocess.run(
        [sys.executable, "-m", "stakhanov", *args],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode != 0
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("stakhanov: "), lines[0]
    assert fragment in lines[0]
    assert "Traceback" not in done.stdout + done.stderr
    assert _snapshot(workdir) == before
