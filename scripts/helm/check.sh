#!/usr/bin/env bash
# `make helm-check`: the Hausportal chart, offline, in a few seconds.
#   1. helm lint --strict with the chart's values and with every ci/*-values.yaml scenario
#   2. helm template of each scenario, validated with kubernetes-validate --strict against
#      every version in KUBE_VERSIONS (schemas bundled with the package, no network)
#   3. the chart's own rules on each rendered scenario (scripts/helm/check_rendered.py)
#   4. negative tests: every scripts/helm/bad-values/*.yaml must be rejected by
#      values.schema.json with the message in its "# expect:" line
#   5. every key of values.yaml down to the second level has a comment line above it
#   6. hadolint on the service Dockerfile (where make helm-tools could install it)
# Needs .tools/bin/helm (make helm-tools) and the workspace venv (make install).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HELM="${HELM:-$ROOT/.tools/bin/helm}"
HADOLINT="${HADOLINT:-$ROOT/.tools/bin/hadolint}"
CHART="$ROOT/deploy/helm/hausportal"
BAD="$ROOT/scripts/helm/bad-values"
KUBE_VERSIONS="${KUBE_VERSIONS:-1.30.0 1.33.0}"
RELEASE=hausportal
NAMESPACE=hausportal
if [[ -z "${UV:-}" ]]; then
  UV="$(command -v uv || echo "python3 -m uv")"
fi
read -r -a uv <<<"$UV"

if [[ ! -x "$HELM" ]]; then
  echo "helm-check: $HELM is missing; run: make helm-tools" >&2
  exit 2
fi

start=$(date +%s%N)
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
min_kube="${KUBE_VERSIONS%% *}"
failures=0
fail() {
  echo "  FAIL $*" >&2
  failures=$((failures + 1))
}
indent() { sed 's/^/    /' >&2; }

echo "helm-check: $("$HELM" version --short), chart $CHART"

# name:values-file pairs; "values" is the chart's own values.yaml alone.
scenarios=("values:")
for file in "$CHART"/ci/*-values.yaml; do
  scenarios+=("$(basename "$file" -values.yaml):$file")
done

rendered=()
for scenario in "${scenarios[@]}"; do
  name="${scenario%%:*}"
  file="${scenario#*:}"
  args=()
  [[ -n "$file" ]] && args=(--values "$file")
  if log="$("$HELM" lint --strict --kube-version "$min_kube" "$CHART" "${args[@]}" 2>&1)"; then
    echo "  ok   lint     $name"
  else
    fail "lint     $name"
    indent <<<"$log"
    continue
  fi
  target="$out/$name.yaml"
  if "$HELM" template "$RELEASE" "$CHART" --namespace "$NAMESPACE" --kube-version "$min_kube" \
    "${args[@]}" >"$target" 2>"$out/$name.err"; then
    echo "  ok   template $name ($(grep -c '^kind:' "$target") objects)"
    rendered+=("$target")
  else
    fail "template $name"
    indent <"$out/$name.err"
  fi
done

if ((${#rendered[@]})); then
  for version in $KUBE_VERSIONS; do
    if log="$("${uv[@]}" run --frozen kubernetes-validate --strict --quiet \
      --kubernetes-version "$version" "${rendered[@]}" 2>&1)"; then
      echo "  ok   kubernetes-validate --strict $version (${#rendered[@]} scenarios)"
    else
      fail "kubernetes-validate --strict $version"
      indent <<<"$log"
    fi
  done
  if ! "${uv[@]}" run --frozen python "$ROOT/scripts/helm/check_rendered.py" "${rendered[@]}"; then
    fail "chart rules (check_rendered.py)"
  fi
fi

# Negative tests: a bad values file that helm accepts is a failure of helm-check.
bad_count=0
for file in "$BAD"/*.yaml; do
  bad_count=$((bad_count + 1))
  name="$(basename "$file")"
  expect="$(sed -n 's/^# expect: //p' "$file")"
  if [[ -z "$expect" ]]; then
    fail "reject   $name has no '# expect:' line"
    continue
  fi
  if log="$("$HELM" lint --strict "$CHART" --values "$file" 2>&1)"; then
    fail "reject   $name: the schema accepted it"
  elif ! grep -q "don't meet the specifications of the schema" <<<"$log"; then
    fail "reject   $name: failed, but not on the schema"
    indent <<<"$log"
  elif ! grep -qF -- "$expect" <<<"$log"; then
    fail "reject   $name: schema error without '$expect'"
    indent <<<"$log"
  else
    echo "  ok   reject   $name"
  fi
done
if ((bad_count == 0)); then
  fail "no negative tests in $BAD"
fi

uncommented="$(awk '/^(  )?[A-Za-z][A-Za-z0-9_.-]*:/ && prev !~ /^ *#/ { print "    line " NR ": " $0 }
  !/^ *$/ { prev = $0 }' "$CHART/values.yaml")"
if [[ -z "$uncommented" ]]; then
  echo "  ok   values.yaml keys commented"
else
  fail "values.yaml keys without a comment:"
  echo "$uncommented" >&2
fi

if [[ -x "$HADOLINT" ]]; then
  if log="$("$HADOLINT" "$ROOT/Dockerfile" 2>&1)"; then
    echo "  ok   hadolint Dockerfile"
  else
    fail "hadolint Dockerfile"
    indent <<<"$log"
  fi
else
  echo "  skip hadolint Dockerfile (not installed for this platform)"
fi

elapsed=$((($(date +%s%N) - start) / 1000000))
if ((failures)); then
  echo "helm-check: FAILED ($failures failures, ${elapsed} ms)" >&2
  exit 1
fi
echo "helm-check: ${#scenarios[@]} scenarios linted, rendered and validated against" \
  "Kubernetes ${KUBE_VERSIONS// /, }; $bad_count bad values files rejected (${elapsed} ms)"
