# Real test infrastructure on 127.0.0.1 (docs/infra.md): PostgreSQL 15 :55432, Kafka :59092,
# SeaweedFS S3 :58333, maildev SMTP :51025 (API :51080). State, pids and logs in .infra/.
# HP_KAFKA_IMPL=tansu picks the Tansu broker instead of Apache Kafka.
UV ?= uv
INFRA := $(UV) run --frozen bash $(CURDIR)/scripts/infra/all.sh

.PHONY: infra-up infra-down infra-status

infra-up: ## install what is missing, start the four test servers, write .infra/env
	@$(INFRA) up

infra-down: ## stop the test servers that infra-up started
	@$(INFRA) down

infra-status: ## show the test servers; fails unless all four are up
	@$(INFRA) status
