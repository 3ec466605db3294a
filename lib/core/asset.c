#include <sys/stat.h>

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/asset.h"
#include "core/util.h"

int
asset_path_ok(const char *path)
{
	const char *s = path, *e;

	if (*path == '\0' || *path == '/')
		return 0;
	for (;;) {
		e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n == 0 || (n == 1 && s[0] == '.') ||
		    (n == 2 && s[0] == '.' && s[1] == '.'))
			return 0;
		if (e == NULL)
			return 1;
		s = e + 1;
	}
}

char *
asset_dir(const char *dflag, const char *oflag)
{
	const char *slash;

	if (dflag != NULL)
		return xstrdup(dflag);
	if (oflag != NULL && strcmp(oflag, "-") != 0 &&
	    (slash = strrchr(oflag, '/')) != NULL)
		return slash == oflag ? xstrdup("/") :
		    xasprintf("%.*s", (int)(slash - oflag), oflag);
	return xstrdup(".");
}

/* A link at path (lstat'd) whose target is outside root: an error. */
static int
link_check(const char *root, const char *path, char **err)
{
	struct stat sb;
	char *real;
	size_t n = strlen(root);
	int inside;

	if (lstat(path, &sb) != 0 || !S_ISLNK(sb.st_mode))
		return 0;
	if ((real = realpath(path, NULL)) == NULL) {
		*err = xasprintf("'%s': a symbolic link that leads nowhere "
		    "(mv follows no link out of its folder '%s')", path, root);
		return -1;
	}
	inside = strncmp(real, root, n) == 0 && (real[n] == '/' ||
	    real[n] == '\0' || strcmp(root, "/") == 0);
	if (!inside)
		*err = xasprintf("'%s': a symbolic link out of the asset "
		    "folder, to '%s' (mv follows no link out of '%s')", path,
		    real, root);
	free(real);
	return inside ? 0 : -1;
}

int
asset_dir_check(const char *dir, char **err)
{
	/* The folders scanned, and the files of dir itself that mv reads
	 * back (other entries of dir are the user's business). */
	static const char *const subs[] = { "scenes", "narration",
	    "segments", "titlecard.png", "endcard.png" };
	char *root = realpath(dir, NULL), *sub, *path;
	struct dirent *e;
	size_t i;
	DIR *d;
	int rc = 0;

	if (root == NULL)
		return 0;
	for (i = 0; rc == 0 && i < sizeof subs / sizeof *subs; i++) {
		sub = xasprintf("%s/%s", dir, subs[i]);
		if ((rc = link_check(root, sub, err)) == 0 && i < 3 &&
		    (d = opendir(sub)) != NULL) {
			while (rc == 0 && (e = readdir(d)) != NULL) {
				if (strcmp(e->d_name, ".") == 0 ||
				    strcmp(e->d_name, "..") == 0)
					continue;
				path = xasprintf("%s/%s", sub, e->d_name);
				rc = link_check(root, path, err);
				free(path);
			}
			closedir(d);
		}
		free(sub);
	}
	free(root);
	return rc;
}

int
asset_id_ok(const char *id)
{
	size_t n = strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._-");

	return n > 0 && n <= 64 && id[n] == '\0' && strcmp(id, ".") != 0 &&
	    strcmp(id, "..") != 0;
}
