#!/usr/bin/env bash
# Benchmark smoke: every JMH benchmark for one short iteration, plus the concurrency, memory, reactive and
# first-event mains, so the benchmarks never rot. Measures nothing worth reading (see bench/RESULTS.md for the real
# run); fails on any benchmark error or failed main. Runs from the repo root after `mvn -B install` built
# bench/target/benchmarks.jar.
set -euo pipefail
jar=bench/target/benchmarks.jar
[ -f "$jar" ] || { echo "bench-smoke: $jar missing (run mvn package first)" >&2; exit 1; }
start=$(date +%s)

echo "-- JMH: every benchmark, 1 fork, no warmup, one 1 s iteration"
java -jar "$jar" -f 1 -wi 0 -i 1 -r 1s -foe true -rf json -rff bench/target/smoke-jmh.json

echo "-- memory: 100 MiB streamed reply under -Xmx64m"
java -Xmx64m -cp "$jar" dev.chatbridge.bench.MemoryMain --mb 100

echo "-- concurrency: 1000 streams on one client"
java -cp "$jar" dev.chatbridge.bench.ConcurrencyMain --streams 1000 --warmup 0

echo "-- reactive: 100 streams through the publisher, paused by demand (JDK 17: the client's daemon pool)"
java -cp "$jar" dev.chatbridge.bench.ReactiveMain --streams 100 --warmup 0

echo "-- first event latency"
java -cp "$jar" dev.chatbridge.bench.FirstEventMain --samples 50

echo "bench-smoke: ok in $(( $(date +%s) - start )) s"
