/*
 * asset.h - the folder a workflow's pictures and sound are written to, what
 * may be a path inside it, and what may be a workflow's id.
 */
#ifndef MV_ASSET_H
#define MV_ASSET_H

/*
 * True when path is a plain relative path that stays inside its folder:
 * not empty, not absolute, no "." or ".." component, no empty component.
 */
int asset_path_ok(const char *path);

/*
 * The folder assets are written to: dflag when set, else the folder of
 * oflag when set, else ".". Returns a malloc'd string.
 */
char *asset_dir(const char *dflag, const char *oflag);

/*
 * Symbolic links are not followed out of the asset folder: 0 when none
 * of dir/scenes, dir/narration and dir/segments, their entries, and
 * dir/titlecard.png and dir/endcard.png is a link that resolves outside
 * dir (or nowhere); else -1 with *err naming the first such link. A dir
 * not there yet is fine.
 */
int asset_dir_check(const char *dir, char **err);

/* True when id is a workflow id: 1 to 64 of [A-Za-z0-9._-], not "." or
 * "..", so it is safe as a folder name and in make. */
int asset_id_ok(const char *id);

#endif
