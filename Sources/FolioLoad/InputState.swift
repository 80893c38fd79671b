import FolioModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Everything a build reads, summed up without reading it: each file of the repository tree and
/// each other path the build looked at, as `stat` sees it (inode, size, modification and change
/// times, mode), with the build's settings. Two builds with the same fingerprint read the same
/// bytes, so the second may keep the first one's site and report (`folio build` when nothing
/// changed). Like make and git, it trusts the file system's times: a file changed less than a
/// second before the fingerprint was taken makes it unfit to be kept, since a second change within
/// the same clock tick could leave the times as they were.
package enum InputState {
    /// The fingerprint, and whether it is fit to be kept (no file changed within the last second).
    package struct Fingerprint: Sendable {
        package let hash: ContentHash
        package let isSettled: Bool

        /// This fingerprint with the paths outside the tree that a build read or looked for.
        package func adding(_ outside: [String]) -> Fingerprint {
            let now = Date().timeIntervalSince1970
            var hash = hash
            var newest = 0.0
            hash.combine("outside")
            for path in outside {
                let state = InputState.state(of: path)
                hash.combine(path)
                hash.combine(state.words)
                newest = max(newest, state.newest)
            }
            return Fingerprint(hash: hash, isSettled: isSettled && newest < now - 1)
        }
    }

    /// The fingerprint of `tree` (under `root`) and of `settings` (configuration, options,
    /// theme, Folio itself); ``Fingerprint/adding(_:)`` adds the paths outside the tree.
    package static func fingerprint(of tree: RepositoryTree, root: String, settings: ContentHash) -> Fingerprint {
        let now = Date().timeIntervalSince1970
        let files = tree.files.sorted()
        let states = parallelMap(files) { path in state(of: tree.realPaths[path] ?? root + "/" + path) }
        var hash = settings
        hash.combine(root)
        hash.combine(tree.isGitWorkTree ? 1 : 0)
        var newest = 0.0
        for (path, state) in zip(files, states) {
            hash.combine(path)
            hash.combine(state.words)
            newest = max(newest, state.newest)
        }
        hash.combine("folders")
        for folder in tree.folders.sorted() { hash.combine(folder) }
        hash.combine("aliases")
        for (link, target) in tree.aliases.sorted(by: { $0.key < $1.key }) {
            hash.combine(link)
            hash.combine(target)
        }
        return Fingerprint(hash: hash, isSettled: newest < now - 1)
    }

    /// A path's `stat` as numbers (`[-1]` when it does not exist), and its newest time.
    fileprivate static func state(of path: String) -> (words: [UInt8], newest: Double) {
        var info = stat()
        guard stat(path, &info) == 0 else { return ([0xFF], 0) }
        let numbers: [Int] = [
            Int(info.st_ino), Int(info.st_size), Int(info.st_mode), info.st_mtim.tv_sec, info.st_mtim.tv_nsec, info.st_ctim.tv_sec,
            info.st_ctim.tv_nsec,
        ]
        var words: [UInt8] = []
        words.reserveCapacity(numbers.count * 8)
        for number in numbers { withUnsafeBytes(of: Int64(number).littleEndian) { words += $0 } }
        let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        let changed = Double(info.st_ctim.tv_sec) + Double(info.st_ctim.tv_nsec) / 1e9
        return (words, max(modified, changed))
    }
}
