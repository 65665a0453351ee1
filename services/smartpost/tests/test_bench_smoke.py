"""A small run of `make bench-smartpost` (about 200 pages), so the benchmark cannot rot."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

BENCH = Path(__file__).resolve().parents[3] / "scripts" / "bench" / "smartpost.py"


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_smartpost", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestBenchmarkSmoke:
    def test_both_pipelines_give_the_same_letters(self, tmp_path: Path):
        native = all(shutil.which(tool) for tool in ("qpdf", "pdftotext"))
        argv = ["--letters", "80", "--repeat", "1", "--work-dir", str(tmp_path), "--no-install"]
        report = _bench_module().main(argv)

        assert report["letters"] == 80
        assert report["pages"] >= 150
        assert report["ours"]["ready"] == 80
        assert all(report["checks"].values()), report["checks"]
        assert report["ours"]["peak_rss_mb"]["tree"] > 0
        if native:
            assert report["checks"]["same_letters"]
            assert report["ratio"] > 0
        else:
            assert "native" not in report
