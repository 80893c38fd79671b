#ifndef CFOLIOSYSTEM_H
#define CFOLIOSYSTEM_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (ENOSYS/EINVAL where unsupported).
int folio_exchange_paths(const char *first, const char *second);

/// A pipe whose two ends are closed on exec (Linux pipe2 with O_CLOEXEC), so that a child
/// spawned by another thread never inherits them. Returns 0, or -1 with errno set.
int folio_pipe_cloexec(int descriptors[2]);

#endif
