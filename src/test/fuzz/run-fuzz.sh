#!/usr/bin/env bash
# Fuzzes the input readers (src/test/java/dev/psapolicy/fuzz/ReadersFuzzTest.java) with Jazzer,
# each target for a bounded time. Not part of CI: `mvn -B verify` runs the same targets in
# regression mode over their committed seeds. See docs/security-model.md, "Inputs".
#
#   src/test/fuzz/run-fuzz.sh               # every target, 8 s each (about a minute of fuzzing)
#   src/test/fuzz/run-fuzz.sh 300           # every target, 5 minutes each
#   src/test/fuzz/run-fuzz.sh 60 snapshot   # one target
#
# A finding fails the run and is written to
# src/test/resources/dev/psapolicy/fuzz/ReadersFuzzTestInputs/<target>/crash-<sha1>: fix the
# reader, keep the file (it is a regression input from then on) and commit both. The corpus the
# fuzzer grows is kept in .cifuzz-corpus/ (not committed) and reused by the next run.
set -euo pipefail
cd "$(dirname "$0")/../../.."

seconds=${1:-8}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(snapshot baseline waivers accepted config credentials evidenceManifest)
fi

mvn -B -q test-compile -Dspotless.check.skip=true
status=0
for t in "${targets[@]}"; do
  echo "run-fuzz: $t for ${seconds}s"
  # Jazzer fuzzes one @FuzzTest per JVM; surefire:test reuses the compiled classes.
  # Jackson and SnakeYAML are instrumented too, so the fuzzer learns the syntax it feeds them.
  if ! JAZZER_FUZZ=1 mvn -B -q surefire:test -Dtest="ReadersFuzzTest#$t" \
      -Djazzer.instrument="dev.psapolicy.**,com.fasterxml.jackson.**,org.yaml.snakeyaml.**" \
      -Djazzer.max_duration="${seconds}s" -Dsurefire.failIfNoSpecifiedTests=false; then
    echo "run-fuzz: $t found a failing input (see above)" >&2
    status=1
  fi
done
exit $status
