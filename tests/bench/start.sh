#!/bin/bash
# make bench-start: how long each program takes to start (--version),
# against a process that only links libjq and prints a word, and against
# `jq -S .` reading a state: medians of RUNS runs (default 200), the
# commands taking turns so that the machine's load falls on all alike.
# Prints ratios; the issue's aim is every offline step within 1.5x the
# hello and 0.5x jq. With MV_BIN_BEFORE (another build's programs, e.g.
# main's) those take their turns too, and their times show beside.
set -eu
bin=${MV_BIN:?MV_BIN: the folder of the built programs}
top=$(cd "$(dirname "$0")/../.." && pwd)
before=${MV_BIN_BEFORE:-}
runs=${RUNS:-200}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/hello.c" <<'C'
#include <stdio.h>
#include <jv.h>

int
main(void)
{
	jv v = jv_string("hello");

	puts(jv_string_value(v));
	jv_free(v);
	return 0;
}
C
# The clock: runs each command (NUL-separated words, one command a
# line of its file) in turn, stdin from the state, stdout to /dev/null.
cat > "$tmp/clock.c" <<'C'
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char *argv[])
{
	int runs = atoi(argv[1]), n = 0, i, r;
	char **cmd[64], *line = NULL;
	size_t cap = 0;
	FILE *fp = fopen(argv[2], "r");
	double *t;

	while (n < 64 && getline(&line, &cap, fp) > 0) {
		char **v = calloc(16, sizeof *v), *w = strtok(line, "\t\n");
		int k = 0;

		while (w != NULL && k < 15)
			v[k++] = strdup(w), w = strtok(NULL, "\t\n");
		cmd[n++] = v;
	}
	t = calloc((size_t)n * runs, sizeof *t);
	for (r = 0; r < runs; r++)
		for (i = 0; i < n; i++) {
			posix_spawn_file_actions_t fa;
			struct timespec a, b;
			pid_t pid;
			int st;

			posix_spawn_file_actions_init(&fa);
			posix_spawn_file_actions_addopen(&fa, 0, argv[3],
			    O_RDONLY, 0);
			posix_spawn_file_actions_addopen(&fa, 1, "/dev/null",
			    O_WRONLY, 0);
			clock_gettime(CLOCK_MONOTONIC, &a);
			if (posix_spawn(&pid, cmd[i][0], &fa, NULL, cmd[i],
			    environ) != 0 || waitpid(pid, &st, 0) < 0 ||
			    !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
				fprintf(stderr, "clock: %s failed\n", cmd[i][0]);
				return 1;
			}
			clock_gettime(CLOCK_MONOTONIC, &b);
			t[i * runs + r] = (b.tv_sec - a.tv_sec) * 1e3 +
			    (b.tv_nsec - a.tv_nsec) / 1e6;
			posix_spawn_file_actions_destroy(&fa);
		}
	for (i = 0; i < n; i++) {
		qsort(t + i * runs, runs, sizeof *t, cmp);
		printf("%.4f\n", t[i * runs + runs / 2]);
	}
	return 0;
}
C
cc -O2 -o "$tmp/hello" "$tmp/hello.c" -ljq
cc -O2 -o "$tmp/clock" "$tmp/clock.c"
# A state to read: the offline chain up to the segments.
"$bin/mv-analyze" "$top/examples/little-seed.json" | "$bin/mv-research" |
    "$bin/mv-story" | MV_QUIET=1 "$bin/mv-segment" > "$tmp/state.json"
jq=$(command -v jq)
tools="mv-analyze mv-research mv-story mv-segment mv-design mv-assemble mv-review"
{
	printf '%s\n' "$tmp/hello"
	printf '%s\t-S\t.\n' "$jq"
	for t in $tools; do printf '%s\t--version\n' "$bin/$t"; done
	if [ -n "$before" ]; then
		for t in $tools; do
			printf '%s\t--version\n' "$before/$t"
		done
	fi
} > "$tmp/cmds"
"$tmp/clock" "$runs" "$tmp/cmds" "$tmp/state.json" > "$tmp/times"
mapfile -t ms < "$tmp/times"
echo "bench-start: median of $runs starts each, taking turns;" \
    "state $(wc -c < "$tmp/state.json") bytes"
printf '%-12s %9s %8s %8s %6s%s\n' program ms x-hello x-jq libs \
    "${before:+  before-ms b-x-hello b-libs}"
printf '%-12s %9.3f %8s %8s %6s\n' hello "${ms[0]}" 1.00 - \
    "$(ldd "$tmp/hello" | wc -l)"
printf '%-12s %9.3f %8s %8s %6s\n' "jq -S ." "${ms[1]}" - 1.00 \
    "$(ldd "$jq" | wc -l)"
i=2
nt=$(wc -w <<<"$tools")
for t in $tools; do
	awk -v n="$t" -v m="${ms[$i]}" -v h="${ms[0]}" -v j="${ms[1]}" \
	    -v l="$(ldd "$bin/$t" | wc -l)" \
	    'BEGIN { printf "%-12s %9.3f %8.2f %8.2f %6d", n, m, m / h, m / j, l }'
	if [ -n "$before" ]; then
		awk -v m="${ms[$((i + nt))]}" -v h="${ms[0]}" \
		    -v l="$(ldd "$before/$t" | wc -l)" \
		    'BEGIN { printf "  %9.3f %9.2f %6d", m, m / h, l }'
	fi
	echo
	i=$((i + 1))
done
