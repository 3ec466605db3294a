/* posix_spawn_file_actions_addchdir_np is a GNU extension (glibc 2.29). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomic.h"
#include "child.h"

/* Linux's F_SETPIPE_SZ, which <fcntl.h> shows only with _GNU_SOURCE. */
#ifdef __linux__
#define F_SETPIPE_SZ_LINUX 1031
#endif
#include "util.h"

extern char **environ;

#define TAIL 3

struct tail {
	char *line[TAIL];
	int n;
	struct buf part;
	int wrerr;		/* a write error the child reported */
	char *wrline;		/* the line that said so */
};

/* The write error the last child reported, for child_blame. */
static int last_wrerr;

/*
 * The errno a line of a child's messages reports a failed write with, or
 * 0: FFmpeg prints av_err2str (strerror) of a failed write, "Error
 * writing trailer" when it cannot finish the file, and can still exit 0.
 */
static int
write_errno(const char *s)
{
	static const int codes[] = { ENOSPC, EDQUOT, EFBIG, EROFS, EIO };
	size_t i;

	for (i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (strstr(s, strerror(codes[i])) != NULL)
			return codes[i];
	if (strstr(s, "I/O error") != NULL || strstr(s, "Error writing") !=
	    NULL)
		return EIO;
	return 0;
}

static void
tail_line(struct tail *t, const char *s, child_line_fn *fn, void *arg)
{
	int e;

	if (*s == '\0')
		return;
	/* The first precise cause wins over a vaguer one. */
	if ((e = write_errno(s)) != 0 && (t->wrerr == 0 ||
	    (t->wrerr == EIO && e != EIO))) {
		t->wrerr = e;
		free(t->wrline);
		t->wrline = xstrdup(s);
	}
	if (fn != NULL && fn(s, arg))
		return;
	if (t->n == TAIL) {
		free(t->line[0]);
		memmove(t->line, t->line + 1, (TAIL - 1) * sizeof t->line[0]);
		t->n--;
	}
	t->line[t->n++] = xstrdup(s);
}

static void
tail_feed(struct tail *t, const char *s, size_t n, child_line_fn *fn,
    void *arg)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n' || s[i] == '\r') {
			char *l = buf_take(&t->part);

			tail_line(t, l, fn, arg);
			free(l);
		} else
			buf_addn(&t->part, s + i, 1);
	}
}

int
child_run(char *const argv[], const char *input, size_t len,
    child_line_fn *on_line, void *arg, char **err)
{
	return child_run_in(NULL, argv, input, len, on_line, arg, err);
}

struct whole {
	const char *s;
	size_t len;
	int done;
};

static long
whole_feed(void *arg, const char **data, char **err)
{
	struct whole *w = arg;

	(void)err;
	if (w->done)
		return 0;
	w->done = 1;
	*data = w->s;
	return (long)w->len;
}

int
child_run_in(const char *cwd, char *const argv[], const char *input,
    size_t len, child_line_fn *on_line, void *arg, char **err)
{
	struct whole w = { input, len, 0 };

	return child_run_feed(cwd, argv, input != NULL ? whole_feed : NULL, &w,
	    on_line, arg, err);
}

static int run(const char *cwd, char *const argv[], child_feed_fn *feed,
    void *farg, child_line_fn *on_line, void *arg, struct buf *out,
    char **err);

int
child_run_feed(const char *cwd, char *const argv[], child_feed_fn *feed,
    void *farg, child_line_fn *on_line, void *arg, char **err)
{
	return run(cwd, argv, feed, farg, on_line, arg, NULL, err);
}

int
child_run_out(char *const argv[], const char *input, size_t len,
    char **out, size_t *outlen, char **err)
{
	struct whole w = { input, len, 0 };
	struct buf b = { NULL, 0, 0 };
	int rc;

	rc = run(NULL, argv, input != NULL ? whole_feed : NULL, &w, NULL,
	    NULL, &b, err);
	*outlen = b.len;
	*out = buf_take(&b);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*outlen = 0;
	}
	return rc;
}

/* child_run_feed, and the child's standard output into out (if not
 * NULL). */
static int
run(const char *cwd, char *const argv[], child_feed_fn *feed, void *farg,
    child_line_fn *on_line, void *arg, struct buf *out, char **err)
{
	posix_spawn_file_actions_t fa;
	int in[2] = { -1, -1 }, ep[2] = { -1, -1 }, op[2] = { -1, -1 };
	int status, rc = -1, k;
	struct tail t = { { NULL }, 0, { NULL, 0, 0 }, 0, NULL };
	const char *input = NULL;
	char *why = NULL;
	size_t off = 0, len = 0;
	char chunk[4096];
	pid_t pid;

	last_wrerr = 0;
	if (pipe(ep) < 0 || (feed != NULL && pipe(in) < 0) ||
	    (out != NULL && pipe(op) < 0)) {
		*err = xasprintf("%s: pipe: %s", argv[0], strerror(errno));
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	if (feed != NULL)
		posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	else
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null",
		    O_RDONLY, 0);
	if (out != NULL) {
		posix_spawn_file_actions_adddup2(&fa, op[1], 1);
		posix_spawn_file_actions_addclose(&fa, op[0]);
		posix_spawn_file_actions_addclose(&fa, op[1]);
	} else
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null",
		    O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, ep[1], 2);
	if (feed != NULL) {
		posix_spawn_file_actions_addclose(&fa, in[0]);
		posix_spawn_file_actions_addclose(&fa, in[1]);
	}
	posix_spawn_file_actions_addclose(&fa, ep[0]);
	posix_spawn_file_actions_addclose(&fa, ep[1]);
	if (cwd != NULL)
		posix_spawn_file_actions_addchdir_np(&fa, cwd);
	if (getenv("MV_TRACE") != NULL) {
		/* Each command as a shell would need it typed. */
		for (k = 0; argv[k] != NULL; k++) {
			const char *c;

			fputs(k ? " '" : "+ '", stderr);
			for (c = argv[k]; *c; c++)
				if (*c == '\'')
					fputs("'\\''", stderr);
				else
					fputc(*c, stderr);
			fputc('\'', stderr);
		}
		fputc('\n', stderr);
	}
	k = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (k != 0) {
		*err = xasprintf("%s: cannot run: %s", argv[0], strerror(k));
		goto out;
	}
	atomic_child(pid);
	close(ep[1]);
	ep[1] = -1;
	if (out != NULL) {
		close(op[1]);
		op[1] = -1;
	}
	if (feed != NULL) {
		close(in[0]);
		in[0] = -1;
		fcntl(in[1], F_SETFL, O_NONBLOCK);
#ifdef F_SETPIPE_SZ_LINUX
		/* Frames are megabytes: a larger pipe takes one in a few
		 * writes instead of dozens of wake-ups (best effort). */
		fcntl(in[1], F_SETPIPE_SZ_LINUX, 1 << 20);
#endif
	}
	for (;;) {
		struct pollfd pf[3] = { { ep[0], POLLIN, 0 },
			{ in[1], POLLOUT, 0 }, { op[0], POLLIN, 0 } };
		int nf = op[0] >= 0 ? 3 : in[1] >= 0 ? 2 : 1;
		ssize_t r;

		/* The end of standard error is the end, once standard
		 * output is drained too. */
		if (ep[0] < 0 && op[0] < 0)
			break;
		if (poll(pf, (nfds_t)nf, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (in[1] >= 0 && (pf[1].revents & (POLLOUT | POLLERR |
		    POLLHUP))) {
			if (off == len) {
				long m = feed(farg, &input, &why);

				off = 0;
				len = m > 0 ? (size_t)m : 0;
				if (m < 0) {
					/* The feeder failed: end the child. */
					kill(pid, SIGTERM);
				}
			}
			r = len > off ? write(in[1], input + off, len - off) : 0;
			if (r > 0)
				off += (size_t)r;
			if (r < 0 && errno != EAGAIN && errno != EINTR)
				off = len = 0;	/* the child stopped reading */
			if (len == 0) {
				close(in[1]);
				in[1] = -1;
			}
		}
		if (nf == 3 && (pf[2].revents & (POLLIN | POLLHUP |
		    POLLERR))) {
			r = read(op[0], chunk, sizeof chunk);
			if (r > 0)
				buf_addn(out, chunk, (size_t)r);
			else if (r == 0 || errno != EINTR) {
				close(op[0]);
				op[0] = -1;
			}
		}
		if (ep[0] >= 0 && (pf[0].revents & (POLLIN | POLLHUP |
		    POLLERR))) {
			r = read(ep[0], chunk, sizeof chunk);
			if (r < 0 && errno == EINTR)
				continue;
			if (r > 0)
				tail_feed(&t, chunk, (size_t)r, on_line, arg);
			else if (op[0] < 0)
				break;
			else {
				close(ep[0]);
				ep[0] = -1;
			}
		}
	}
	if (t.part.len > 0) {
		char *l = buf_take(&t.part);

		tail_line(&t, l, on_line, arg);
		free(l);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	atomic_child(0);
	if (why != NULL) {
		*err = why;
		why = NULL;
	} else if (t.wrerr != 0) {
		/* Failed, whatever its status says. */
		last_wrerr = t.wrerr;
		*err = xasprintf("%s: %s: %s", argv[0], strerror(t.wrerr),
		    t.wrline);
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		rc = 0;
	else {
		const char *last = t.n > 0 ? t.line[t.n - 1] : "no message";

		if (WIFSIGNALED(status))
			*err = xasprintf("%s: killed by signal %d: %s",
			    argv[0], WTERMSIG(status), last);
		else
			*err = xasprintf("%s: exit status %d: %s", argv[0],
			    WEXITSTATUS(status), last);
	}
out:
	for (k = 0; k < 2; k++) {
		if (in[k] >= 0)
			close(in[k]);
		if (ep[k] >= 0)
			close(ep[k]);
		if (op[k] >= 0)
			close(op[k]);
	}
	for (k = 0; k < t.n; k++)
		free(t.line[k]);
	free(buf_take(&t.part));
	free(t.wrline);
	return rc;
}

void
child_blame(const char *path, char **err)
{
	if (last_wrerr == 0)
		return;
	free(*err);
	*err = xasprintf("'%s': %s", path, strerror(last_wrerr));
}
