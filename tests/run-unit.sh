#!/bin/sh
# Runs each cmocka program given and adds up its summary lines. Prints "unit: N passed, N failed, N skipped".
passed=0 failed=0 skipped=0
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -E '^\[  (FAILED|  ERROR|SKIPPED) \]|^\[ +FAILED +\]' || true
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	s=$(printf '%s\n' "$out" | sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
	if [ "$rc" != 0 ] && [ -z "$f" ]; then
		echo "$t: exited $rc without a cmocka summary:"
		printf '%s\n' "$out" | tail -n 20
		failed=$((failed + 1))
	fi
	echo "  $(basename "$t"): ${p:-0} passed${f:+, $f failed}${s:+, $s skipped}"
done
echo "unit: $passed passed, $failed failed, $skipped skipped"
echo "$passed $failed $skipped" > "${UNIT_COUNTS:-/dev/null}"
[ "$failed" = 0 ]
