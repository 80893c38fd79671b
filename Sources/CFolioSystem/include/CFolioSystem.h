#ifndef CFOLIOSYSTEM_H
#define CFOLIOSYSTEM_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (ENOSYS/EINVAL where unsupported).
int folio_exchange_paths(const char *first, const char *second);

/// A pipe whose two ends are closed on exec (Linux pipe2 with O_CLOEXEC), so that a child
/// spawned by another thread never inherits them. Returns 0, or -1 with errno set.
int folio_pipe_cloexec(int descriptors[2]);

/// Opens `relative` inside the folder `root` with the kernel's guarantee that no component is a
/// symbolic link and none leads out of `root` (Linux openat2 with RESOLVE_BENEATH and
/// RESOLVE_NO_SYMLINKS). Returns the descriptor, or -1 with errno set: ELOOP for a symbolic
/// link on the way, EXDEV for a way out, ENOSYS where openat2 does not exist.
int folio_open_beneath_no_symlinks(const char *root, const char *relative, int flags);

/// The first `needle` in `haystack` (glibc's memmem, a GNU extension Swift's Glibc module does
/// not show), or NULL.
#include <stddef.h>
const void *folio_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

/// A file with no name in `folder`, open for reading and writing and closed on exec (Linux
/// O_TMPFILE): it is gone when closed, even after kill -9. Returns the descriptor, or -1 with
/// errno set (EOPNOTSUPP or EISDIR where the file system does not take such files).
int folio_open_unnamed(const char *folder);

#endif
