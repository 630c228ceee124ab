#!/usr/bin/env bash
# Builds and tests examples/consumer, a separate Maven project that uses the installed ChatBridge artifacts
# (BOM import + core + onyx + testkit) exactly as a user's project would. Needs `mvn -B install` first.
set -euo pipefail
mvn -B -f examples/consumer/pom.xml verify
