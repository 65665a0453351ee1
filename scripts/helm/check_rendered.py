"""Rules every rendered Hausportal manifest must keep, beyond the Kubernetes schemas.

Usage: python scripts/helm/check_rendered.py RENDERED.yaml...  (output of `helm template`)

Checked per file (one values scenario each): no Secret objects; secrets reach containers only
through secretKeyRef; every pod is non-root with a read-only root filesystem, no capabilities,
a writable /tmp emptyDir and resource requests and limits; each service's Deployment runs
uvicorn with the probes on port 8000, has a Service that selects only its pods and a
pre-install/pre-upgrade migration Job with the same environment; the Ingress routes exactly
/api/<service> to each deployed service without rewriting; the digest CronJob runs in notify.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

SECRET_NAME = re.compile(
    r"([Ss]ecret|SECRET|[Pp]assword|PASSWORD|PASSWD|[Cc]redential|CREDENTIAL|PRIVATE|"
    r"DATABASE_URL|TOKEN$|[Tt]oken$|KEY$|[Kk]ey$|DSN$)"
)
URL_WITH_PASSWORD = re.compile(r"://[^/@\s:]+:[^/@\s]+@")
COMPONENT = "app.kubernetes.io/component"
TMP = "/tmp"  # noqa: S108 (the mount path inside the containers)

Manifest = dict[str, Any]


def pod_spec(obj: Manifest) -> dict[str, Any] | None:
    kind = obj["kind"]
    if kind in ("Deployment", "Job"):
        return obj["spec"]["template"]["spec"]
    if kind == "CronJob":
        return obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return None


def pod_labels(obj: Manifest) -> dict[str, str]:
    if obj["kind"] == "CronJob":
        return obj["spec"]["jobTemplate"]["spec"]["template"]["metadata"]["labels"]
    return obj["spec"]["template"]["metadata"]["labels"]


class Checker:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[str] = []
        self.objects: list[Manifest] = [
            doc for doc in yaml.safe_load_all(path.read_text()) if isinstance(doc, dict)
        ]

    def fail(self, obj: Manifest | None, message: str) -> None:
        where = f"{obj['kind']}/{obj['metadata']['name']}" if obj else self.path.name
        self.errors.append(f"{self.path.name}: {where}: {message}")

    def of_kind(self, kind: str) -> Iterator[Manifest]:
        return (o for o in self.objects if o["kind"] == kind)

    def run(self) -> list[str]:
        for obj in self.objects:
            if obj["kind"] == "Secret":
                self.fail(obj, "the chart must not render Secrets")
            spec = pod_spec(obj)
            if spec is not None:
                self.check_pod(obj, spec)
        deployments = {d["metadata"]["labels"][COMPONENT]: d for d in self.of_kind("Deployment")}
        for name, deployment in deployments.items():
            self.check_deployment(name, deployment)
        self.check_ingress(deployments)
        self.check_cronjobs(deployments)
        self.check_hpas(deployments)
        return self.errors

    def check_pod(self, obj: Manifest, spec: dict[str, Any]) -> None:
        if spec.get("securityContext", {}).get("runAsNonRoot") is not True:
            self.fail(obj, "pod securityContext.runAsNonRoot must be true")
        if spec.get("automountServiceAccountToken") is not False:
            self.fail(obj, "pods need no API token: automountServiceAccountToken must be false")
        tmp_volumes = {v["name"] for v in spec.get("volumes", []) if "emptyDir" in v}
        for container in spec["containers"]:
            self.check_container(obj, container, tmp_volumes)

    def check_container(self, obj: Manifest, container: dict[str, Any], tmp: set[str]) -> None:
        ctx = container.get("securityContext", {})
        if ctx.get("readOnlyRootFilesystem") is not True:
            self.fail(obj, "readOnlyRootFilesystem must be true")
        if ctx.get("allowPrivilegeEscalation") is not False:
            self.fail(obj, "allowPrivilegeEscalation must be false")
        if "ALL" not in ctx.get("capabilities", {}).get("drop", []):
            self.fail(obj, "capabilities must drop ALL")
        mounts = container.get("volumeMounts", [])
        if not any(m["mountPath"] == TMP and m["name"] in tmp for m in mounts):
            self.fail(obj, f"{TMP} must be an emptyDir mount")
        resources = container.get("resources", {})
        for part in ("requests", "limits"):
            if not {"cpu", "memory"} <= set(resources.get(part, {})):
                self.fail(obj, f"resources.{part} must set cpu and memory")
        names = [env["name"] for env in container.get("env", [])]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            self.fail(obj, f"env vars set twice (the last one silently wins): {duplicates}")
        for env in container.get("env", []):
            if "value" in env and SECRET_NAME.search(env["name"]):
                self.fail(obj, f"{env['name']} looks secret but has a literal value")
            if "value" in env and URL_WITH_PASSWORD.search(str(env["value"])):
                self.fail(obj, f"{env['name']} holds a URL with a password")
            if SECRET_NAME.search(env["name"]) and "secretKeyRef" not in env.get("valueFrom", {}):
                self.fail(obj, f"{env['name']} must come from a secretKeyRef")
        if not any(
            env["name"].endswith("_OTEL_SERVICE_NAME")
            and env.get("valueFrom", {}).get("fieldRef", {}).get("fieldPath")
            == f"metadata.labels['{COMPONENT}']"
            for env in container.get("env", [])
        ):
            self.fail(obj, "<PREFIX>OTEL_SERVICE_NAME must come from the component label")

    def check_deployment(self, name: str, deployment: Manifest) -> None:
        spec = deployment["spec"]["template"]["spec"]
        (container,) = spec["containers"]
        command = container.get("command", [])
        expected = ["uvicorn", f"hausportal.{name}.main:create_app", "--factory"]
        if command[:3] != expected or "--proxy-headers" not in command:
            self.fail(deployment, f"command must start {expected} and pass --proxy-headers")
        ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
        if ports.get("http") != 8000:
            self.fail(deployment, "container port http must be 8000")
        for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
            http = container.get(probe, {}).get("httpGet", {})
            if http.get("path") != path or http.get("port") not in ("http", 8000):
                self.fail(deployment, f"{probe} must GET {path} on port 8000")
        prefix = f"{name.upper()}_"
        schema = {e["name"]: e.get("value") for e in container["env"]}.get(
            f"{prefix}DATABASE_SCHEMA"
        )
        if schema != name:
            self.fail(deployment, f"{prefix}DATABASE_SCHEMA must be {name!r}")

        pod = pod_labels(deployment)
        services = [
            s for s in self.of_kind("Service") if s["spec"]["selector"].items() <= pod.items()
        ]
        if len(services) != 1:
            self.fail(deployment, f"expected one Service selecting its pods, found {len(services)}")
        for service in services:
            selector = service["spec"]["selector"].items()
            for other in self.objects:
                if other["kind"] in ("Job", "CronJob") and selector <= pod_labels(other).items():
                    other_name = other["metadata"]["name"]
                    self.fail(service, f"selector also matches the pods of {other_name}")

        migrate = [f"hausportal-{name}", "migrate"]
        jobs = [
            j
            for j in self.of_kind("Job")
            if j["spec"]["template"]["spec"]["containers"][0].get("command") == migrate
        ]
        if len(jobs) != 1:
            self.fail(deployment, f"expected one migration Job, found {len(jobs)}")
            return
        (job,) = jobs
        hooks = set(job["metadata"].get("annotations", {}).get("helm.sh/hook", "").split(","))
        if not {"pre-install", "pre-upgrade"} <= hooks:
            self.fail(job, "must be a pre-install,pre-upgrade hook")
        job_container = job["spec"]["template"]["spec"]["containers"][0]
        if [e["name"] for e in job_container["env"]] != [e["name"] for e in container["env"]]:
            self.fail(job, "env must be the Deployment's env")
        if job_container["image"] != container["image"]:
            self.fail(job, "image must be the Deployment's image")

    def check_ingress(self, deployments: dict[str, Manifest]) -> None:
        ingresses = list(self.of_kind("Ingress"))
        if not ingresses:
            return
        (ingress,) = ingresses
        if any("rewrite" in key for key in ingress["metadata"].get("annotations", {})):
            self.fail(ingress, "paths must not be rewritten")
        services = {s["metadata"]["name"]: s for s in self.of_kind("Service")}
        routed = {}
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                service = services.get(backend["name"])
                if service is None or path["pathType"] != "Prefix":
                    self.fail(ingress, f"{path['path']}: not a Prefix path to a rendered Service")
                    continue
                component = service["spec"]["selector"][COMPONENT]
                if path["path"] != f"/api/{component}":
                    self.fail(ingress, f"{path['path']} routes to {component}")
                if backend["port"]["number"] != service["spec"]["ports"][0]["port"]:
                    self.fail(ingress, f"{path['path']}: port is not the Service's port")
                routed[component] = path["path"]
        if set(routed) != set(deployments):
            self.fail(ingress, f"routes {sorted(routed)}, services are {sorted(deployments)}")

    def check_cronjobs(self, deployments: dict[str, Manifest]) -> None:
        for cronjob in self.of_kind("CronJob"):
            container = pod_spec(cronjob)["containers"][0]  # type: ignore[index]
            if "notify" not in deployments:
                self.fail(cronjob, "digest rendered without the notify service")
                continue
            notify = deployments["notify"]["spec"]["template"]["spec"]["containers"][0]
            if container["image"] != notify["image"]:
                self.fail(cronjob, "must run the notify image")
            if [e["name"] for e in container["env"]] != [e["name"] for e in notify["env"]]:
                self.fail(cronjob, "env must be notify's env")

    def check_hpas(self, deployments: dict[str, Manifest]) -> None:
        names = {d["metadata"]["name"]: d for d in deployments.values()}
        for hpa in self.of_kind("HorizontalPodAutoscaler"):
            target = names.get(hpa["spec"]["scaleTargetRef"]["name"])
            if target is None:
                self.fail(hpa, "scales no rendered Deployment")
            elif "replicas" in target["spec"]:
                self.fail(target, "sets replicas although an HPA scales it")


def main(paths: list[str]) -> int:
    errors: list[str] = []
    for name in paths:
        checker = Checker(Path(name))
        found = checker.run()
        errors += found
        kinds: dict[str, int] = {}
        for obj in checker.objects:
            kinds[obj["kind"]] = kinds.get(obj["kind"], 0) + 1
        summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
        print(f"  {'FAIL' if found else 'ok  '} rules {Path(name).name}: {summary}")
    sys.stdout.flush()
    for error in errors:
        print(f"    {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
