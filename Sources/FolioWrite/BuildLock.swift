import FolioModel
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Serializes builds that write beside one another: an exclusive `flock` on the folder that
/// holds the output (and its staging folder), so a second `folio build` in the same repository
/// waits for the first instead of deleting its staging folder. The kernel releases the lock when
/// a build exits or is killed, and no lock file is left behind.
package final class BuildLock {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Takes the lock for `output`'s parent folder, calling `waiting` once if another build
    /// holds it; `nil` when the folder cannot be opened or locked.
    package static func acquire(forOutput output: String, waiting: () -> Void) -> BuildLock? {
        let parent = RepoPath.directory(of: output).isEmpty ? "/" : RepoPath.directory(of: output)
        try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let descriptor = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else {
                close(descriptor)
                return nil
            }
            waiting()
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    close(descriptor)
                    return nil
                }
            }
        }
        return BuildLock(descriptor: descriptor)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
