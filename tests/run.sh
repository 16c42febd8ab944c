#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Run every test of v6stack and end with one summary line:
#   lint (layering, docs, SPDX license lines, module-state ownership), make install and a
#   program built against the installed library, the command line's conventions, unit tests
#   (plain and under ASan+UBSan), a short libFuzzer run of each harness on its seed corpus,
#   the examples of v6stack explain (examples/explain/check.sh), the embedding
#   example (build/examples/embed), and the scenario
#   tests against the Linux kernel in network namespaces (as root).
# FUZZ_SECONDS (default 20) bounds each fuzz run; SCENARIO=0 skips the
# namespace tests (they need root).
set -u
cd "$(dirname "$0")/.."
B=build
passed=0; failed=0; skipped=0
failures=()

add_counts() { # "<label>: N passed, M failed" lines on stdin
	local line p f
	while read -r line; do
		echo "$line"
		if [[ $line =~ ^[A-Za-z0-9_.-]+:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
			p=${BASH_REMATCH[1]}; f=${BASH_REMATCH[2]}
			passed=$((passed + p)); failed=$((failed + f))
			[ "$f" -gt 0 ] && failures+=("${line%%:*}")
		fi
	done
}

section() { printf '\n== %s\n' "$*"; }

section "lint"
add_counts < <(tests/lint/layering.sh 2>&1)
add_counts < <(tests/lint/docs.sh 2>&1)
add_counts < <(tests/lint/spdx.sh 2>&1)
add_counts < <(/usr/bin/python3 tests/lint/ownership.py 2>&1)

section "install (make install; a program outside the tree built with pkg-config)"
add_counts < <(tests/install/install.sh 2>&1)

section "command line (-h, --version, messages for wrong arguments)"
add_counts < <(tests/cli/conventions.sh 2>&1)

section "unit tests"
for t in $B/tests/*; do
	[ -f "$t" ] && [ -x "$t" ] || continue
	out=$("$t" 2>&1); rc=$?
	echo "$out" | grep -E '^(FAIL|  )' | head -40
	last=$(echo "$out" | tail -n 1)
	if [[ $last =~ passed ]]; then
		add_counts <<< "$last"
		[ $rc -ne 0 ] && [[ ! $last =~ [1-9][0-9]*\ failed ]] && { failed=$((failed+1)); failures+=("$t (exit $rc)"); }
	else
		echo "$t: crashed (exit $rc)"; echo "$out" | tail -20
		failed=$((failed+1)); failures+=("$t (crash)")
	fi
done

section "unit tests under ASan+UBSan"
for t in $B/san/tests/*; do
	[ -f "$t" ] && [ -x "$t" ] || continue
	out=$(ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 "$t" 2>&1); rc=$?
	echo "$out" | grep -E '^(FAIL|  |==|SUMMARY)|runtime error' | head -40
	last=$(echo "$out" | tail -n 1)
	if [[ $last =~ passed ]] && [ $rc -eq 0 ]; then
		add_counts <<< "san-${last}"
	else
		echo "$t: sanitizer run failed (exit $rc)"; echo "$out" | tail -30
		failed=$((failed+1)); failures+=("san $t")
	fi
done

section "fuzz (libFuzzer, ${FUZZ_SECONDS:-20} s per harness)"
for f in $B/fuzz/*; do
	[ -x "$f" ] && [ -f "$f" ] || continue
	n=$(basename "$f"); work=$B/fuzz/work-$n; mkdir -p "$work"
	if "$f" -max_total_time="${FUZZ_SECONDS:-20}" -timeout=30 -artifact_prefix="$B/fuzz/$n-" -print_final_stats=1 "$work" "fuzz/corpus/$n" > "$B/fuzz/$n.log" 2>&1; then
		echo "fuzz-$n: 1 passed, 0 failed ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$B/fuzz/$n.log" | grep -o '[0-9]*$') runs)"
		passed=$((passed+1))
	else
		echo "fuzz-$n: 0 passed, 1 failed"; tail -30 "$B/fuzz/$n.log"
		failed=$((failed+1)); failures+=("fuzz $n")
	fi
done
# Determinism (fuzz/lib/replay.c): each input alone and after the others.
for f in $B/fuzz-replay/*; do
	[ -x "$f" ] && [ -f "$f" ] || continue
	n=$(basename "$f")
	add_counts < <("$f" fuzz/corpus/$n/* 2>&1 | tail -5 | sed "s/^replay:/fuzz-replay-$n:/")
done

# Leaks (-DFUZZ_FRESH): each corpus input on a stack of its own, freed
# after it, under LeakSanitizer (the snapshot harnesses above cannot see a
# leak within one input).
for f in $B/fuzz-fresh/*; do
	[ -x "$f" ] && [ -f "$f" ] || continue
	n=$(basename "$f")
	if ASAN_OPTIONS=detect_leaks=1 "$f" -runs=0 fuzz/corpus/$n/* > "$B/fuzz-fresh/$n.log" 2>&1; then
		echo "fuzz-leaks-$n: 1 passed, 0 failed ($(ls fuzz/corpus/$n | wc -l) inputs)"
		passed=$((passed+1))
	else
		echo "fuzz-leaks-$n: 0 passed, 1 failed"; grep -m20 -E "ERROR|SUMMARY|#[0-9]" "$B/fuzz-fresh/$n.log"
		failed=$((failed+1)); failures+=("fuzz-leaks $n")
	fi
done

section "explain examples (examples/explain)"
add_counts < <(examples/explain/check.sh 2>&1)

# The embedding example (fake link, fake clock: no root, no device), run
# twice: it checks its own steps (exit 0), and the same seeds, frames and
# times must give the same output. The examples on a TAP run as the
# scenario test tests/scenario/test_examples.py.
section "examples (build/examples/embed, twice)"
if out1=$($B/examples/embed 2>&1) && out2=$($B/examples/embed 2>&1) && [ "$out1" = "$out2" ]; then
	echo "$out1" | grep '^ok: '
	echo "examples: 1 passed, 0 failed"; passed=$((passed+1))
else
	echo "$out1" | tail -20; [ "$out1" = "${out2:-}" ] || echo "embed: the two runs differ"
	echo "examples: 0 passed, 1 failed"; failed=$((failed+1)); failures+=("examples embed")
fi

if [ "${SCENARIO:-1}" != 0 ]; then
	section "scenario tests (Linux kernel peer in network namespaces)"
	if [ "$(id -u)" -ne 0 ]; then
		echo "scenario: need root for network namespaces"; failed=$((failed+1)); failures+=("scenario (not root)")
	else
		/usr/bin/python3 -m pytest -q -p no:cacheprovider tests/scenario --junitxml=$B/scenario.xml -rfE 2>&1 | tail -n 60
		read -r sp sf ss < <(/usr/bin/python3 - "$B/scenario.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    r = ET.parse(sys.argv[1]).getroot()
    suites = [r] if r.tag == "testsuite" else list(r)
    t = sum(int(s.get("tests", 0)) for s in suites)
    f = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    sk = sum(int(s.get("skipped", 0)) for s in suites)
    print(t - f - sk, f, sk)
except Exception:
    print(0, 1, 0)
PY
)
		[ "$sp" -eq 0 ] && [ "$sf" -eq 0 ] && { sf=1; echo "scenario: no test ran"; }
		echo "scenario: $sp passed, $sf failed, $ss skipped"
		passed=$((passed+sp)); failed=$((failed+sf)); skipped=$((skipped+ss))
		[ "$sf" -gt 0 ] && failures+=("scenario")
	fi
fi

echo
[ ${#failures[@]} -gt 0 ] && echo "failed: ${failures[*]}"
echo "total: $passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
