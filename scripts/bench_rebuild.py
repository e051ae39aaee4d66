"""Issue 16's rebuild targets as whole processes, side by side at two corpus sizes: a no-op
``lexpub build`` (≤ 1 s) and the rebuild after editing one act file (at the large size ≤ 2× the same
edit's rebuild at the small size).

Each size is a folder holding ``source/`` (``scripts/gen_corpus.py``, same seed and density), a
``build/`` already built from it and the ``cache/`` that build filled — the full build of 1,000 works
takes most of an hour on two cores, so it is made once beforehand, not here::

    python scripts/gen_corpus.py W/source --works 1000 --amendments 500 --units 10 --seed 16
    LEXPUB_CACHE=W/cache lexpub build --source W/source --out W/build

The edit is the same at both sizes: a comment line appended to the file of a base work that exactly
one other work amends and that amends none (other bytes, the same law; the corpus stays valid). A
run is A B A B: the no-op of each size, then the edit of each size. The edit is undone after each
edited rebuild and the tree rebuilt (untimed), so every timed rebuild starts from the same state.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_process import LEXPUB, summary, timed_cpu, user_env  # noqa: E402

TARGET = re.compile(r"^\s*target: ([a-z]+-\d{4}-[0-9a-z-]+)[#/\s]", re.M)


def victim(src: Path) -> Path:
    """A base work amended by exactly one work (the first such, by file name)."""
    amended_by: dict[str, set[str]] = {}
    texts = {path: path.read_text("utf-8") for path in sorted((src / "acts").glob("*.yaml"))}
    for path, text in texts.items():
        for target in TARGET.findall(text):
            amended_by.setdefault(target, set()).add(path.stem)
    for path, text in texts.items():
        if len(amended_by.get(path.stem, ())) == 1 and "amend:" not in text:
            return path
    raise SystemExit(f"{src}: no base work amended by exactly one work")


def run(folder: Path, env: dict[str, str]) -> tuple[float, float, float]:
    args = [str(LEXPUB), "build", "--source", str(folder / "source"), "--out", str(folder / "build")]
    return timed_cpu(args, env)


def measure(sizes: dict[str, Path], runs: int) -> dict[str, Any]:
    got: dict[str, dict[str, list[tuple[float, float, float]]]] = {k: {"noop": [], "edit": []} for k in sizes}
    envs = {k: user_env({"LEXPUB_CACHE": str(f / "cache")}) for k, f in sizes.items()}
    victims = {k: victim(f / "source") for k, f in sizes.items()}
    for k, f in sizes.items():
        run(f, envs[k])  # settle: the tree is this source's build
    for i in range(runs):
        for k, f in sizes.items():
            got[k]["noop"].append(run(f, envs[k]))
        for k, f in sizes.items():
            path = victims[k]
            original = path.read_bytes()
            try:
                path.write_bytes(original + f"# bench edit {i}\n".encode())
                got[k]["edit"].append(run(f, envs[k]))
            finally:
                path.write_bytes(original)
            run(f, envs[k])  # back to the unedited build, untimed
    large, small = sizes
    out: dict[str, Any] = {"victims": {k: v.name for k, v in victims.items()}}
    for what in ("noop", "edit"):
        a, b = got[large][what], got[small][what]
        out[what] = {
            large: summary(a),
            small: summary(b),
            "ratio": statistics.median(x[0] / y[0] for x, y in zip(a, b, strict=True)),
            "cpu_ratio": statistics.median(x[2] / y[2] for x, y in zip(a, b, strict=True)),
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("large", type=Path, help="folder with source/, build/ and cache/ of the large corpus")
    ap.add_argument("small", type=Path, help="the same for the small corpus")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    sizes = {args.large.name: args.large, args.small.name: args.small}
    result = measure(sizes, args.runs)
    for what, label in (("noop", "no-op rebuild"), ("edit", "rebuild after editing one act file")):
        r = result[what]
        cells = "; ".join(
            f"{k}: {r[k]['median_s']:.2f} s (min {r[k]['min_s']:.2f}, max {r[k]['max_s']:.2f}; CPU {r[k]['cpu_median_s']:.2f} s; "
            f"peak RSS {r[k]['peak_rss_mib']:.0f} MiB)"
            for k in sizes
        )
        print(f"{label}: {cells}; ratio {r['ratio']:.2f}× (CPU {r['cpu_ratio']:.2f}×)")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
