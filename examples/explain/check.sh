#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The examples of `v6stack explain` (examples/explain/README.md): build the
# captures with mkcaps.py (scapy), explain each, compare with NAME.out; the
# seed's capture also as big-endian nanosecond pcap and as pcapng, and in
# JSON; exit statuses 1 (unreadable capture) and 2 (usage). Ends with
# "explain: N passed, M failed" for tests/run.sh.
set -u
cd "$(dirname "$0")/../.."
ex=examples/explain
bin=build/v6stack
tmp=$(mktemp -d /tmp/v6-explain.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0
ok() { passed=$((passed + 1)); }
ko() { failed=$((failed + 1)); echo "FAIL explain: $*"; }

if ! /usr/bin/python3 $ex/mkcaps.py "$tmp" > "$tmp/mkcaps.log" 2>&1; then
	cat "$tmp/mkcaps.log"; echo "explain: 0 passed, 1 failed"; exit 1
fi
for want in $ex/*.out; do
	name=$(basename "$want" .out)
	cap="$tmp/$name.pcap"; [ -f "$cap" ] || cap="$tmp/$name"
	$bin explain "$cap" > "$tmp/$name.got" 2>&1; rc=$?
	if [ $rc -eq 0 ] && diff -u "$want" "$tmp/$name.got" > "$tmp/$name.diff"; then ok
	else ko "$name (exit $rc)"; head -40 "$tmp/$name.diff"; fi
done
for v in seed-be-ns.pcap seed.pcapng; do
	$bin explain "$tmp/$v" > "$tmp/$v.got" 2>&1
	if diff -q $ex/seed.out "$tmp/$v.got" > /dev/null; then ok; else ko "$v differs from seed.out"; fi
done
# Big-endian pcapng, an unknown block, a non-Ethernet interface: the same
# findings and conversations, and a note for the skipped record.
$bin explain "$tmp/seed-be.pcapng" > "$tmp/be.got" 2>&1
if diff -q <(sed -n '/^summary/q;p' $ex/seed.out) <(sed -n '/non-Ethernet/d;/^summary/q;p' "$tmp/be.got") > /dev/null &&
    grep -q "1 record(s) on non-Ethernet interfaces skipped" "$tmp/be.got"; then ok
else ko "seed-be.pcapng"; diff <(sed -n '/^summary/q;p' $ex/seed.out) "$tmp/be.got" | head; fi
# JSON lines: every line parses, and the seed's finding names its reason.
$bin explain --json "$tmp/seed.pcap" > "$tmp/seed.json"
if /usr/bin/python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
f = [r for r in rows if r["kind"] == "finding"]
assert len(f) == 3 and all(r["reason"] == "NDISC_NA_INCOMPLETE_NO_TLLA" for r in f)
assert any(r["kind"] == "resolution" and r["problem"] and "Address unreachable" in r["text"] for r in rows)
' "$tmp/seed.json"; then ok; else ko "json"; fi
printf 'not a capture at all' > "$tmp/junk"
$bin explain "$tmp/junk" > /dev/null 2> "$tmp/junk.err"; rc=$?
if [ $rc -eq 1 ] && grep -q "not a pcap or pcapng" "$tmp/junk.err"; then ok; else ko "unreadable capture: exit $rc"; fi
head -c 100 "$tmp/seed.pcap" > "$tmp/cut.pcap"
$bin explain "$tmp/cut.pcap" > /dev/null 2>&1; rc=$?
[ $rc -eq 1 ] && ok || ko "truncated capture: exit $rc"
$bin explain > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok || ko "no argument: exit $rc"
echo "explain: $passed passed, $failed failed"
[ $failed -eq 0 ]
