/*
 * atomic.h - files that are complete or absent, never half-written.
 *
 * atomic_open creates ".<name>.tmp.XXXXXX<suffix>" in the target's own
 * folder; atomic_commit flushes, fsyncs, closes and renames it over the
 * target; atomic_rollback removes it. Every open temp file is registered so
 * that an atexit handler and the SIGINT/SIGTERM/SIGHUP handler installed by
 * atomic_init remove it; a child process registered with atomic_child is
 * sent SIGTERM by the same handler. The old target is never touched until
 * the rename, so an interrupted run leaves either the old file or none.
 */
#ifndef MV_ATOMIC_H
#define MV_ATOMIC_H

#include <stdio.h>
#include <sys/types.h>

struct atomic_file {
	char *path;	/* final name (owned copy) */
	char *tmp;	/* temp name in the same folder (owned) */
	FILE *fp;	/* open for writing; NULL after atomic_detach */
};

/* Installs the signal handlers and the atexit handler. Call once in main. */
void atomic_init(void);

/*
 * Creates the temp file for path; suffix (may be "") ends the temp name so
 * that programs which choose a format by extension (ffmpeg) see the real
 * one. Returns 0, or -1 with *err set to a malloc'd message.
 */
int atomic_open(struct atomic_file *af, const char *path, const char *suffix,
    char **err);

/*
 * Closes af->fp so that a child process can write af->tmp by name; the temp
 * file stays registered. Returns 0 or -1 with *err.
 */
int atomic_detach(struct atomic_file *af, char **err);

/*
 * Makes af->tmp the target: flush, fsync, close, rename, fsync the folder.
 * On failure the temp file is removed and the target is left as it was.
 * Frees af's strings either way. Returns 0 or -1 with *err.
 */
int atomic_commit(struct atomic_file *af, char **err);

/* Closes and removes the temp file and frees af's strings. */
void atomic_rollback(struct atomic_file *af);

/* Writes len bytes to path atomically. Returns 0 or -1 with *err. */
int atomic_write(const char *path, const void *buf, size_t len, char **err);

/*
 * Removes path (a file that no longer holds: a provenance or word times
 * beside a clip or picture made again). Absent is fine. Returns 0, or -1
 * with *err ("'path': why").
 */
int atomic_remove(const char *path, char **err);

/*
 * atomic_write, but only when path does not already hold exactly these
 * bytes, so an unchanged file keeps its modification time (make sees no
 * change). Returns 1 when written, 0 when unchanged, -1 with *err.
 */
int atomic_update(const char *path, const void *buf, size_t len,
    char **err);

/*
 * Whether there is room beside the temp file tmp (a file about to be
 * removed, which is made 64 KiB longer): 0, or the errno of the failed
 * write (ENOSPC on a full disk). For a child that exits 0 after a failed
 * write and says nothing of it (espeak-ng), to tell a full disk from a
 * short output.
 */
int atomic_room(const char *tmp);

/* Registers (pid > 0) or forgets (pid == 0) the child a signal must end. */
void atomic_child(pid_t pid);

/* Creates dir and its parents (mode 0777 & ~umask). Returns 0 or -1. */
int atomic_mkdirs(const char *dir, char **err);

#endif
