# The PDF/A validator (veraPDF, from Maven Central) for the SmartPost PDF/A tests, in .tools/.
# `make test` and `make test-only` install it first, so a clean machine has it when the tests
# (HP_REQUIRE_INFRA=1: a missing validator fails) look for it.

.PHONY: pdfa-tools

pdfa-tools: ## install the veraPDF validator into .tools/verapdf (Java and Maven from Debian if missing)
	@bash $(CURDIR)/scripts/pdfa/install.sh

test test-only: pdfa-tools
