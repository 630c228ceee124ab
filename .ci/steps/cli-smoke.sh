#!/usr/bin/env bash
# The README's first command on the built CLI jar: with no configuration it starts the embedded Onyx emulator
# and must print the streamed echo reply and exit 0. Then one --json call, checked for its contract keys.
set -euo pipefail
jar="$(pwd)/examples/target/chatbridge-cli.jar"
[ -f "$jar" ] || { echo "missing $jar (run mvn -B install first)" >&2; exit 1; }

# Run from an empty directory and without ChatBridge settings, as on a fresh machine.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for v in $(env | grep -o '^CHATBRIDGE_[A-Z0-9_]*' || true); do unset "$v"; done

out=$(cd "$work" && java -jar "$jar" send "Hello" 2>"$work/err") || {
  echo "cli-smoke: send exited $?" >&2; cat "$work/err" >&2; exit 1; }
if [ "$out" != "Echo: Hello" ]; then
  echo "cli-smoke: expected 'Echo: Hello', got '$out'" >&2; cat "$work/err" >&2; exit 1
fi
grep -q '^note: no base URL configured; using the embedded onyx emulator at http://127.0.0.1:' "$work/err" || {
  echo "cli-smoke: missing the embedded-emulator note on stderr" >&2; cat "$work/err" >&2; exit 1; }

json=$(cd "$work" && java -jar "$jar" --json send "Hi there" 2>/dev/null)
for key in '"vendor":"onyx"' '"sessionId":' '"reply":{"id":' '"role":"assistant"' '"text":"Echo: Hi there"' '"citations":['; do
  case "$json" in
    *"$key"*) ;;
    *) echo "cli-smoke: --json output lacks $key: $json" >&2; exit 1 ;;
  esac
done
[ "$(printf '%s\n' "$json" | wc -l)" -eq 1 ] || { echo "cli-smoke: --json printed more than one line" >&2; exit 1; }

# A usage error exits 2 with one chatbridge: line on stderr.
set +e
(cd "$work" && java -jar "$jar" sessions list --limit 0 >/dev/null 2>"$work/err")
code=$?
set -e
[ "$code" -eq 2 ] || { echo "cli-smoke: usage error exited $code, expected 2" >&2; exit 1; }
grep -q '^chatbridge: ' "$work/err" || { echo "cli-smoke: no chatbridge: error line" >&2; exit 1; }
echo "cli-smoke: ok"
