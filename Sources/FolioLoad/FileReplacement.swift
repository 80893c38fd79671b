import FolioModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Replaces a file whole: the new bytes are written beside it (`name.PID.tmp`) and renamed into
/// place, so a reader, or a run killed halfway, sees the old file or the new one, never part of
/// one. The caches of `.folio/cache/` and `--run --update`'s runbooks are written this way.
package enum FileReplacement {
    /// Writes `bytes` at `path`, creating its folder; `false` (and no file left beside it) when
    /// it cannot.
    @discardableResult
    package static func write(_ bytes: [UInt8], to path: String) -> Bool {
        let temporary = path + ".\(getpid()).tmp"
        do {
            try FileManager.default.createDirectory(atPath: RepoPath.directory(of: path), withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            return false
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            return false
        }
        return true
    }
}
