/* Unit checks for lib/core/atomic.c. */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/atomic.h"
#include "check.h"
#include "core/util.h"

/* The scratch folder, in $TMPDIR or /tmp; removed at the end. */
static char *dir;

/* The names in folder d, sorted and joined by ' '. Malloc'd. */
static char *
names(const char *d)
{
	struct dirent **v;
	struct buf b = { 0 };
	int n, i;

	n = scandir(d, &v, NULL, alphasort);
	for (i = 0; i < n; i++) {
		if (strcmp(v[i]->d_name, ".") != 0 &&
		    strcmp(v[i]->d_name, "..") != 0) {
			if (b.len > 0)
				buf_add(&b, " ");
			buf_add(&b, v[i]->d_name);
		}
		free(v[i]);
	}
	if (n >= 0)
		free(v);
	return buf_take(&b);
}

static char *
slurp(const char *path)
{
	char *buf = NULL, *err = NULL;
	size_t len;

	if (read_all(path, 1 << 20, &buf, &len, &err) < 0) {
		free(err);
		return xstrdup("(unreadable)");
	}
	return buf;
}

#define CHECK_FILE(path, want) do { \
	char *got_ = slurp(path); \
	check_str(got_, want, __FILE__, __LINE__, "content of " #path); \
	free(got_); \
} while (0)

#define CHECK_NAMES(d, want) do { \
	char *got_ = names(d); \
	check_str(got_, want, __FILE__, __LINE__, "names in " #d); \
	free(got_); \
} while (0)

static void
test_write(void)
{
	char *f = xasprintf("%s/state.json", dir), *err = NULL;
	struct stat sb;

	CHECK_NOTE("atomic_write");
	CHECK(atomic_write(f, "first\n", 6, &err) == 0 && err == NULL);
	CHECK_FILE(f, "first\n");
	CHECK(stat(f, &sb) == 0 && (sb.st_mode & 0777) == 0644);
	CHECK(atomic_write(f, "second", 6, &err) == 0);
	CHECK_FILE(f, "second");
	CHECK(atomic_write(f, "", 0, &err) == 0);
	CHECK_FILE(f, "");
	CHECK_NAMES(dir, "state.json");
	unlink(f);
	free(f);

	f = xasprintf("%s/none/state.json", dir);
	CHECK(atomic_write(f, "x", 1, &err) == -1);
	CHECK(err != NULL && strncmp(err, "'", 1) == 0 &&
	    strstr(err, "cannot create a temporary file") != NULL);
	printf("#   %s\n", err ? err : "(null)");
	free(err);
	free(f);
	CHECK_NAMES(dir, "");
}

static void
test_open(void)
{
	char *f = xasprintf("%s/video.mp4", dir), *err = NULL, *base, *want;
	struct atomic_file af;
	struct stat sb;
	size_t n;

	CHECK_NOTE("atomic_open, atomic_rollback, atomic_commit");
	CHECK(atomic_write(f, "old", 3, &err) == 0);

	/* Rolled back: the old content and no temp file. */
	CHECK(atomic_open(&af, f, "", &err) == 0);
	CHECK(af.fp != NULL);
	CHECK_STR(af.path, f);
	CHECK(af.tmp != NULL && stat(af.tmp, &sb) == 0);
	base = strrchr(af.tmp, '/') + 1;
	CHECK(strncmp(af.tmp, dir, strlen(dir)) == 0 &&
	    base == af.tmp + strlen(dir) + 1);
	CHECK(base[0] == '.');
	CHECK(strncmp(base, ".video.mp4.tmp.", 15) == 0);
	CHECK(strstr(base, ".tmp.") != NULL);
	CHECK(fputs("new, half written", af.fp) >= 0);
	CHECK_FILE(f, "old");
	atomic_rollback(&af);
	CHECK(af.fp == NULL && af.tmp == NULL && af.path == NULL);
	CHECK_FILE(f, "old");
	CHECK_NAMES(dir, "video.mp4");

	/* Committed: the new content replaces the old. */
	CHECK(atomic_open(&af, f, ".mp4", &err) == 0);
	base = strrchr(af.tmp, '/') + 1;
	n = strlen(base);
	CHECK(base[0] == '.' && strstr(base, ".tmp.") != NULL);
	CHECK(n > 4 && strcmp(base + n - 4, ".mp4") == 0);
	want = names(dir);
	CHECK(strstr(want, ".video.mp4.tmp.") != NULL);
	free(want);
	CHECK(fputs("new", af.fp) >= 0);
	CHECK(atomic_commit(&af, &err) == 0 && err == NULL);
	CHECK(af.fp == NULL && af.tmp == NULL && af.path == NULL);
	CHECK_FILE(f, "new");
	CHECK_NAMES(dir, "video.mp4");

	/* Detached: another writer fills the temp file by name. */
	CHECK(atomic_open(&af, f, ".mp4", &err) == 0);
	CHECK(atomic_detach(&af, &err) == 0 && af.fp == NULL);
	{
		FILE *fp = fopen(af.tmp, "w");

		CHECK(fp != NULL && fputs("by a child", fp) >= 0 &&
		    fclose(fp) == 0);
	}
	CHECK_FILE(f, "new");
	CHECK(atomic_commit(&af, &err) == 0);
	CHECK_FILE(f, "by a child");
	CHECK_NAMES(dir, "video.mp4");

	/* Detached and rolled back. */
	CHECK(atomic_open(&af, f, "", &err) == 0);
	CHECK(atomic_detach(&af, &err) == 0);
	atomic_rollback(&af);
	CHECK_FILE(f, "by a child");
	CHECK_NAMES(dir, "video.mp4");

	/* A path that names a folder is refused. */
	want = xasprintf("%s/", dir);
	CHECK(atomic_open(&af, want, "", &err) == -1);
	CHECK(err != NULL && strstr(err, "not a file name") != NULL);
	CHECK(af.path == NULL && af.tmp == NULL && af.fp == NULL);
	free(err);
	free(want);
	unlink(f);
	free(f);
}

/* In a child: open a temp file, then end by exit or by a signal. */
static void
test_cleanup(void)
{
	char *f = xasprintf("%s/out.json", dir);
	int sig, status;
	pid_t pid;

	CHECK_NOTE("atexit and signal clean-up");
	for (sig = 0; sig <= SIGTERM; sig += SIGTERM) {
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			struct atomic_file af;
			char *err = NULL;

			atomic_init();
			if (atomic_open(&af, f, "", &err) < 0)
				_exit(3);
			fputs("partial", af.fp);
			fflush(af.fp);
			if (sig != 0)
				raise(sig);
			exit(0);
		}
		CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
		if (sig == 0)
			CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		else
			CHECK(WIFSIGNALED(status) && WTERMSIG(status) == sig);
		CHECK_NAMES(dir, "");
	}
	free(f);
}

static void
test_mkdirs(void)
{
	char *d = xasprintf("%s/a/b/c", dir), *err = NULL, *f;
	struct stat sb;

	CHECK_NOTE("atomic_mkdirs");
	CHECK(atomic_mkdirs(d, &err) == 0 && err == NULL);
	CHECK(stat(d, &sb) == 0 && S_ISDIR(sb.st_mode));
	CHECK(atomic_mkdirs(d, &err) == 0);
	free(d);
	d = xasprintf("%s/a/b/d/", dir);
	CHECK(atomic_mkdirs(d, &err) == 0);
	CHECK(stat(d, &sb) == 0 && S_ISDIR(sb.st_mode));
	CHECK(atomic_mkdirs("", &err) == 0);
	free(d);

	f = xasprintf("%s/a/file", dir);
	CHECK(atomic_write(f, "x", 1, &err) == 0);
	CHECK(atomic_mkdirs(f, &err) == -1);
	CHECK(err != NULL && strstr(err, "not a folder") != NULL);
	free(err);
	err = NULL;
	d = xasprintf("%s/sub", f);
	CHECK(atomic_mkdirs(d, &err) == -1);
	CHECK(err != NULL && strstr(err, "cannot create folder") != NULL);
	printf("#   %s\n", err ? err : "(null)");
	free(err);
	free(d);
	free(f);

	/* A relative path, from inside the scratch folder. */
	{
		char cwd[4096];

		CHECK(getcwd(cwd, sizeof cwd) != NULL && chdir(dir) == 0);
		CHECK(atomic_mkdirs("r/s", &err) == 0);
		CHECK(stat("r/s", &sb) == 0 && S_ISDIR(sb.st_mode));
		CHECK(atomic_write("r/s/t", "t", 1, &err) == 0);
		CHECK_FILE("r/s/t", "t");
		CHECK(atomic_write("top", "t", 1, &err) == 0);
		CHECK_FILE("top", "t");
		CHECK(chdir(cwd) == 0);
	}
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");

	umask(022);
	dir = xasprintf("%s/mv-unit-atomic.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		return 1;
	}
	test_write();
	test_open();
	test_cleanup();
	test_mkdirs();
	check_rm_rf(dir);
	free(dir);
	return check_done();
}
