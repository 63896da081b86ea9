"""deploy/kubernetes validates offline against the Kubernetes schemas (kubernetes-validate
bundles them) and keeps what running Camau needs: 2+ replicas, probes on /readyz and /healthz,
a PodDisruptionBudget over the same pods, non-root, the migration before serving, and a
termination grace longer than Camau's own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

FOLDER = Path(__file__).resolve().parents[1] / "deploy" / "kubernetes"
VERSION = "1.37.0"


def manifests() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(FOLDER.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        for document in yaml.safe_load_all(path.read_text()):
            found[f"{document['kind']}/{document['metadata']['name']}"] = document
    return found


@pytest.mark.parametrize("name", sorted(manifests()))
def test_manifest_is_valid_against_the_kubernetes_schema(name: str) -> None:
    kubernetes_validate.validate(manifests()[name], VERSION, strict=True)


def test_kustomization_lists_every_manifest_but_the_example_secret() -> None:
    listed = yaml.safe_load((FOLDER / "kustomization.yaml").read_text())["resources"]
    files = {p.name for p in FOLDER.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(listed) == files - {"secret.example.yaml"}


def test_deployment_runs_camau_as_a_service() -> None:
    found = manifests()
    deployment, budget = found["Deployment/camau"], found["PodDisruptionBudget/camau"]
    spec = deployment["spec"]
    pod = spec["template"]["spec"]
    [container] = pod["containers"]
    assert spec["replicas"] >= 2
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["resources"]["requests"] and container["resources"]["limits"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert [c["command"] for c in pod["initContainers"]] == [["camau", "db", "upgrade"]]
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert pod["terminationGracePeriodSeconds"] > float(env["CAMAU_SHUTDOWN_GRACE"])
    assert container["envFrom"] == [{"secretRef": {"name": "camau"}}]
    labels = spec["template"]["metadata"]["labels"]
    assert budget["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert found["Service/camau"]["spec"]["selector"].items() <= labels.items()
