"""What the messages cost (ADR 0012): import time of `bvr.i18n`, of Babel and of
toolforge-i18n, each in a fresh process (median of N, default 15), and the time to format one
message with our renderer and with toolforge-i18n's `I18nFormatter` (best per call).
Import times are CPU time of the process (`time.process_time`), so other work on a busy
machine shows less than in wall-clock time.

python benchmarks/i18n_cost.py [RUNS]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import timeit

IMPORTS = {
    "python -c pass": "pass",
    "import bvr.i18n": "import bvr.i18n",
    "bvr.i18n + plain message": "from bvr.i18n import translate; translate('web-language', 'nl')",
    "bvr.i18n + PLURAL message (loads Babel)":
        "from bvr.i18n import translate; translate('core-shared', 'nl', num=2)",
    "import babel + Locale('nl')": "import babel; babel.Locale('nl').plural_form",
    "import toolforge_i18n": "import toolforge_i18n",
}


def _seconds(code: str, runs: int) -> float:
    timings = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", f"import time; t = time.process_time(); {code}; "
             "print(time.process_time() - t)"], capture_output=True, text=True, check=True)
        timings.append(float(out.stdout.split()[-1]))
    return statistics.median(timings)


def _per_call() -> list[tuple[str, float]]:
    import babel
    from toolforge_i18n._formatters import I18nFormatter
    from toolforge_i18n._translations import mw2py

    from bvr.i18n import catalogue, translate, variables

    key = "core-report-filed"
    python_format = mw2py(catalogue("nl")[key], babel.Locale("nl"), variables()[key])
    formatter = I18nFormatter(locale_identifier="nl", get_gender=lambda _: "n")
    translate(key, "nl", number="2026-001", num_readers=2)
    rows = []
    for label, call in (
            ("bvr.i18n.translate", lambda: translate(key, "nl", number="2026-001",
                                                     num_readers=2)),
            ("toolforge I18nFormatter.format", lambda: formatter.format(
                python_format, number="2026-001", num_readers=2))):
        runs = timeit.repeat(call, number=2000, repeat=5)
        rows.append((label, min(runs) / 2000))
    return rows


def main(runs: int = 15) -> None:
    print(f"fresh process, CPU time, median of {runs} (ms)")
    for label, code in IMPORTS.items():
        print(f"{label:45} {_seconds(code, runs) * 1000:8.1f}")
    print("format one message with a PLURAL, best of 5x2000 (µs per call)")
    for label, seconds in _per_call():
        print(f"{label:45} {seconds * 1e6:8.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
