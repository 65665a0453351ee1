# Benchmarks: slow, not part of `make test` (a small smoke run of each is).

.PHONY: bench-smartpost

bench-smartpost: install ## SmartPost engine vs native qpdf/pdftotext on ~5,000 pages, JSON: ARGS=...
	@$(UV) run --frozen python scripts/bench/smartpost.py $(ARGS)
