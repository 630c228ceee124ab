#!/usr/bin/env bash
# The measured benchmark run behind bench/RESULTS.md (about 8 minutes on 2 cores). Build first:
#   mvn -B -q package -pl bench -am -DskipTests
# Writes everything to bench/target/results/ (jmh.json, jmh.txt, the mains' output, tables.md, machine.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bench/target/benchmarks.jar
out=bench/target/results
mkdir -p "$out"
{
  echo "start: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "nproc: $(nproc)"
  free -h
  java -version 2>&1
  echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/machine.txt"

# JMH: every benchmark with its annotated warmup/measurement, allocation profiler on.
java -jar "$jar" -prof gc -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt"
java -Xmx64m -cp "$jar" dev.chatbridge.bench.MemoryMain --mb 100 | tee "$out/memory.txt"
java -cp "$jar" dev.chatbridge.bench.ConcurrencyMain --streams 1000 --threads 1000 | tee "$out/concurrency.txt"
java -cp "$jar" dev.chatbridge.bench.ConcurrencyMain --streams 1000 --threads 250 --warmup 0 | tee "$out/concurrency-250.txt"
java -cp "$jar" dev.chatbridge.bench.FirstEventMain --samples 2000 | tee "$out/first-event.txt"
java -cp "$jar" dev.chatbridge.bench.PairedRatio 30 | tee "$out/paired.txt"

echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.txt"
echo "end: $(date -u '+%Y-%m-%d %H:%M:%S UTC')" >> "$out/machine.txt"
java -cp "$jar" dev.chatbridge.bench.Report "$out/jmh.json" > "$out/tables.md"
cat "$out/machine.txt" "$out/tables.md"
