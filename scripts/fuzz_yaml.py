"""Coverage-guided fuzzing of the YAML loader with atheris (optional; not part of ``make test``).

Input: random bytes from libFuzzer. Property: :func:`lexpub.yamlsrc.decode` + :func:`lexpub.yamlsrc.loads`
either return data or raise :class:`lexpub.errors.LexpubError` whose every issue names a file and a
line ≥ 1; anything else is a crash libFuzzer reports with the input that caused it.

    .venv/bin/pip install atheris
    .venv/bin/python scripts/fuzz_yaml.py -max_total_time=60 [corpus_dir]

Seed the corpus with ``source/acts/*.yaml`` for deeper coverage.
"""

from __future__ import annotations

import sys


def main() -> None:
    try:
        import atheris
    except ImportError:
        print("atheris is not installed: .venv/bin/pip install atheris", file=sys.stderr)
        raise SystemExit(2) from None

    with atheris.instrument_imports():
        from lexpub.errors import LexpubError
        from lexpub.sources.yamlfile import decode, loads

    def one_input(data: bytes) -> None:
        try:
            loads(decode(data, "fuzz.yaml"), "fuzz.yaml")
        except LexpubError as exc:
            for issue in exc.issues:
                if issue.loc is None or not issue.loc.file or issue.loc.line < 1:
                    raise AssertionError(f"error without a location: {issue}") from None

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
