"""Peak memory of loading one very large article (``analysis.loading.load_corpus``).

Cases: a seed-style ``.txt`` of a 5 MB article, the same article in one CSV field
(with ``max_line_length`` raised), and a 50 MB article (rejected by the default
``max_text_chars``, then loaded with the limit raised). The article is random words,
a few of them outside Latin-1 (``it’s``), so Python stores it with 2 bytes per
character. Each load runs in a fresh subprocess; the figure is its peak RSS (VmHWM,
reset after importing the loader) minus its RSS at that point, printed beside the size
of the text in memory (``sys.getsizeof``). ``ru_maxrss`` would not do: Linux carries
it over from the parent process across ``exec``. The subprocess may not reserve more
than 12 GiB, so an unbounded allocation fails instead of swapping.

Usage::

    python benchmarks/bench_big_article.py           # all cases
    python benchmarks/bench_big_article.py --quick   # the 5 MB cases only
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

CHILD = """
import json, sys
from analysis.loading import load_corpus

def status(key):
    with open("/proc/self/status") as f:
        return int(f.read().split(key + ":")[1].split()[0]) * 1024

with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # peak RSS := current RSS
base = status("VmRSS")
articles, report = load_corpus(sys.argv[1], **json.loads(sys.argv[2]))
print(json.dumps({"growth": status("VmHWM") - base, "status": report["status"].tolist()}))
"""
LIMIT = 12 * 2**30


def article(n_chars: int, seed: int = 0) -> str:
    rng = np.random.default_rng(seed)
    vocab = np.array([f"w{i}" for i in range(50_000)] + ["café", "it’s", "naïve"])
    words = rng.choice(vocab, size=n_chars // 6)
    paras = [" ".join(words[i : i + 80]) + "." for i in range(0, len(words), 80)]
    return "A big title\n\n" + "\n\n".join(paras) + "\n"


def measure(path: Path, options: dict) -> dict:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))

    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), json.dumps(options)],
        capture_output=True,
        text=True,
        preexec_fn=limit,
    )
    if done.returncode:
        return {"growth": None, "status": [done.stderr.strip().splitlines()[-1][:60]]}
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="only the 5 MB cases")
    args = parser.parse_args()
    sizes = [5_000_000] if args.quick else [5_000_000, 50_000_000]
    print(f"{'case':<34}{'text MB':>9}{'growth MB':>11}{'x text':>8}  status")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            text = article(size)
            mb = size // 1_000_000
            txt, csv = Path(tmp) / f"a{mb}.txt", Path(tmp) / f"a{mb}.csv"
            txt.write_text(text, encoding="utf-8")
            row = text.replace('"', "").replace("\n\n", " ")
            csv.write_text(f'title,text\nBig,"{row}"\n', encoding="utf-8")
            cases = [(f"{mb} MB .txt", txt, {})]
            if size < 10_000_000:
                cases.append((f"{mb} MB CSV field", csv, {"max_line_length": 10 * size}))
            else:
                cases.append(
                    (f"{mb} MB .txt, max_text_chars raised", txt, {"max_text_chars": 10 * size})
                )
            in_memory = sys.getsizeof(text)
            for name, path, options in cases:
                out = measure(path, options)
                growth = out["growth"]
                shown = (
                    f"{growth / 1e6:>11.0f}{growth / in_memory:>8.1f}"
                    if growth is not None
                    else f"{'-':>11}{'-':>8}"
                )
                print(f"{name:<34}{in_memory / 1e6:>9.1f}{shown}  {out['status']}")


if __name__ == "__main__":
    main()
