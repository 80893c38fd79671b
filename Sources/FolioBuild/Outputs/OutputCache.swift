import FolioLoad
import FolioModel
import Foundation

/// The incremental build's memory of outputs: the keys the last build into this output folder
/// recorded (nothing when it cannot be trusted), and those of this build, recorded as each file
/// is written or reused.
final class OutputCache: @unchecked Sendable {
    /// Names the Folio binary: a page's key starts from it.
    let seed: ContentHash
    private let previous: BuildCache.Entry?
    private let lock = NSLock()
    private var current: BuildCache.Entry
    /// How many files were reused from the last build, and written anew.
    private(set) var reused = 0
    private(set) var written = 0

    /// Whether pages' keys are computed at all: not for a build that neither reuses nor stores
    /// them (`--no-cache`), where hashing every page's inputs cost 3.6% of a clean build.
    let keepsKeys: Bool

    init(seed: ContentHash, previous: BuildCache.Entry?, keepsKeys: Bool = true) {
        self.seed = seed
        self.previous = previous
        self.keepsKeys = keepsKeys
        current = BuildCache.Entry(seed: seed.hex)
    }

    /// Records that a page was written, when its key is not kept.
    func recordWritten() { lock.withLock { written += 1 } }

    /// Whether the last build wrote `path` from the same inputs (`key`).
    func isFresh(_ path: String, key: ContentHash) -> Bool { previous?.outputs[path] == key.hex }

    /// Records that `path` was made from `key` (reused or written).
    func record(_ path: String, key: ContentHash, reused wasReused: Bool) {
        lock.withLock {
            current.outputs[path] = key.hex
            if wasReused { reused += 1 } else { written += 1 }
        }
    }

    /// The pages written anew or gone since the last build; `nil` without a last build to compare.
    var changedPages: Set<String>? {
        guard let previous else { return nil }
        return lock.withLock {
            let now = current.outputs
            let gone = previous.outputs.keys.filter { now[$0] == nil }
            return Set(now.filter { previous.outputs[$0.key] != $0.value }.keys).union(gone)
        }
    }

    /// The keys recorded so far, by path.
    var outputs: [String: String] { lock.withLock { current.outputs } }

    /// The search index of the last build, when it was made from `key`.
    func freshSearchFiles(key: ContentHash) -> [String]? {
        previous?.search == key.hex ? previous?.searchFiles : nil
    }

    func recordSearch(key: ContentHash, files: [String]) {
        lock.withLock {
            current.search = key.hex
            current.searchFiles = files
        }
    }

    /// What to store for the next build.
    var entry: BuildCache.Entry { lock.withLock { current } }
}
