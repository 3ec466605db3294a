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

#include "core/atomic.h"
#include "core/child.h"

/* Linux's F_SETPIPE_SZ, which <fcntl.h> shows only with _GNU_SOURCE. */
#ifdef __linux__
#define F_SETPIPE_SZ_LINUX 1031
#endif
#include "core/util.h"

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

/* One child and its pipes: stdin fed by feed (in), stdout into out (op),
 * stderr's last lines into t (ep); -1 is a closed end. */
struct pump {
	int in[2], ep[2], op[2];
	child_feed_fn *feed;
	void *farg;
	const char *input;	/* what feed gave, from off to len */
	size_t off, len;
	char *why;		/* the feeder's failure */
	struct buf *out;
	struct tail t;
	child_line_fn *on_line;
	void *arg;
	pid_t pid;
};

/* The child's file actions: its ends of the pipes of p, /dev/null for
 * what is not asked for, and cwd. */
static void
pump_actions(posix_spawn_file_actions_t *fa, const struct pump *p,
    const char *cwd)
{
	posix_spawn_file_actions_init(fa);
	if (p->feed != NULL)
		posix_spawn_file_actions_adddup2(fa, p->in[0], 0);
	else
		posix_spawn_file_actions_addopen(fa, 0, "/dev/null",
		    O_RDONLY, 0);
	if (p->out != NULL) {
		posix_spawn_file_actions_adddup2(fa, p->op[1], 1);
		posix_spawn_file_actions_addclose(fa, p->op[0]);
		posix_spawn_file_actions_addclose(fa, p->op[1]);
	} else
		posix_spawn_file_actions_addopen(fa, 1, "/dev/null",
		    O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(fa, p->ep[1], 2);
	if (p->feed != NULL) {
		posix_spawn_file_actions_addclose(fa, p->in[0]);
		posix_spawn_file_actions_addclose(fa, p->in[1]);
	}
	posix_spawn_file_actions_addclose(fa, p->ep[0]);
	posix_spawn_file_actions_addclose(fa, p->ep[1]);
	if (cwd != NULL)
		posix_spawn_file_actions_addchdir_np(fa, cwd);
}

/* MV_TRACE: each command as a shell would need it typed. */
static void
trace(char *const argv[])
{
	const char *c;
	int k;

	if (getenv("MV_TRACE") == NULL)
		return;
	for (k = 0; argv[k] != NULL; k++) {
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

/* Feeds the child's standard input once it can take more. */
static void
pump_in(struct pump *p)
{
	ssize_t r;

	if (p->off == p->len) {
		long m = p->feed(p->farg, &p->input, &p->why);

		p->off = 0;
		p->len = m > 0 ? (size_t)m : 0;
		if (m < 0) {
			/* The feeder failed: end the child. */
			kill(p->pid, SIGTERM);
		}
	}
	r = p->len > p->off ? write(p->in[1], p->input + p->off, p->len -
	    p->off) : 0;
	if (r > 0)
		p->off += (size_t)r;
	if (r < 0 && errno != EAGAIN && errno != EINTR)
		p->off = p->len = 0;	/* the child stopped reading */
	if (p->len == 0) {
		close(p->in[1]);
		p->in[1] = -1;
	}
}

/* Moves data until the child closes standard error (and output). */
static void
pump_run(struct pump *p)
{
	char chunk[4096];

	for (;;) {
		struct pollfd pf[3] = { { p->ep[0], POLLIN, 0 },
			{ p->in[1], POLLOUT, 0 }, { p->op[0], POLLIN, 0 } };
		int nf = p->op[0] >= 0 ? 3 : p->in[1] >= 0 ? 2 : 1;
		ssize_t r;

		/* The end of standard error is the end, once standard
		 * output is drained too. */
		if (p->ep[0] < 0 && p->op[0] < 0)
			break;
		if (poll(pf, (nfds_t)nf, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p->in[1] >= 0 && (pf[1].revents & (POLLOUT | POLLERR |
		    POLLHUP)))
			pump_in(p);
		if (nf == 3 && (pf[2].revents & (POLLIN | POLLHUP |
		    POLLERR))) {
			r = read(p->op[0], chunk, sizeof chunk);
			if (r > 0)
				buf_addn(p->out, chunk, (size_t)r);
			else if (r == 0 || errno != EINTR) {
				close(p->op[0]);
				p->op[0] = -1;
			}
		}
		if (p->ep[0] >= 0 && (pf[0].revents & (POLLIN | POLLHUP |
		    POLLERR))) {
			r = read(p->ep[0], chunk, sizeof chunk);
			if (r < 0 && errno == EINTR)
				continue;
			if (r > 0)
				tail_feed(&p->t, chunk, (size_t)r, p->on_line,
				    p->arg);
			else if (p->op[0] < 0)
				break;
			else {
				close(p->ep[0]);
				p->ep[0] = -1;
			}
		}
	}
}

/* How the child of p ended (status), as 0 or -1 with *err. */
static int
verdict(struct pump *p, const char *prog, int status, char **err)
{
	const char *last = p->t.n > 0 ? p->t.line[p->t.n - 1] : "no message";

	if (p->why != NULL) {
		*err = p->why;
		p->why = NULL;
	} else if (p->t.wrerr != 0) {
		/* Failed, whatever its status says. */
		last_wrerr = p->t.wrerr;
		*err = xasprintf("%s: %s: %s", prog, strerror(p->t.wrerr),
		    p->t.wrline);
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	else if (WIFSIGNALED(status))
		*err = xasprintf("%s: killed by signal %d: %s", prog,
		    WTERMSIG(status), last);
	else
		*err = xasprintf("%s: exit status %d: %s", prog,
		    WEXITSTATUS(status), last);
	return -1;
}

/* child_run_feed, and the child's standard output into out (if not
 * NULL). */
static int
run(const char *cwd, char *const argv[], child_feed_fn *feed, void *farg,
    child_line_fn *on_line, void *arg, struct buf *out, char **err)
{
	posix_spawn_file_actions_t fa;
	struct pump p = { { -1, -1 }, { -1, -1 }, { -1, -1 }, feed, farg,
		NULL, 0, 0, NULL, out, { { NULL }, 0, { NULL, 0, 0 }, 0,
		NULL }, on_line, arg, 0 };
	int status, rc = -1, k;

	last_wrerr = 0;
	if (pipe(p.ep) < 0 || (feed != NULL && pipe(p.in) < 0) ||
	    (out != NULL && pipe(p.op) < 0)) {
		*err = xasprintf("%s: pipe: %s", argv[0], strerror(errno));
		goto out;
	}
	pump_actions(&fa, &p, cwd);
	trace(argv);
	k = posix_spawnp(&p.pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (k != 0) {
		*err = xasprintf("%s: cannot run: %s", argv[0], strerror(k));
		goto out;
	}
	atomic_child(p.pid);
	close(p.ep[1]);
	p.ep[1] = -1;
	if (out != NULL) {
		close(p.op[1]);
		p.op[1] = -1;
	}
	if (feed != NULL) {
		close(p.in[0]);
		p.in[0] = -1;
		fcntl(p.in[1], F_SETFL, O_NONBLOCK);
#ifdef F_SETPIPE_SZ_LINUX
		/* Frames are megabytes: a larger pipe takes one in a few
		 * writes instead of dozens of wake-ups (best effort). */
		fcntl(p.in[1], F_SETPIPE_SZ_LINUX, 1 << 20);
#endif
	}
	pump_run(&p);
	if (p.t.part.len > 0) {
		char *l = buf_take(&p.t.part);

		tail_line(&p.t, l, on_line, arg);
		free(l);
	}
	while (waitpid(p.pid, &status, 0) < 0 && errno == EINTR)
		;
	atomic_child(0);
	rc = verdict(&p, argv[0], status, err);
out:
	for (k = 0; k < 2; k++) {
		if (p.in[k] >= 0)
			close(p.in[k]);
		if (p.ep[k] >= 0)
			close(p.ep[k]);
		if (p.op[k] >= 0)
			close(p.op[k]);
	}
	for (k = 0; k < p.t.n; k++)
		free(p.t.line[k]);
	free(buf_take(&p.t.part));
	free(p.t.wrline);
	free(p.why);
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
