import FolioModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `.folio/cache/build-*.json`: what the last build into an output folder wrote, so that the
/// next one reuses the files whose inputs did not change. One file per output folder; a cache
/// that does not match (another Folio binary, a site replaced or removed since) reads as empty.
package struct BuildCache: Sendable {
    /// What one build wrote.
    package struct Entry: Sendable, Equatable {
        /// The Folio binary and settings the keys were made with.
        package var seed: String
        /// Each reusable output file, by site path: the hash of what it was made from.
        package var outputs: [String: String]
        /// The search index's key and files.
        package var search: String?
        package var searchFiles: [String]

        package init(seed: String, outputs: [String: String] = [:], search: String? = nil, searchFiles: [String] = []) {
            self.seed = seed
            self.outputs = outputs
            self.search = search
            self.searchFiles = searchFiles
        }
    }

    /// The cache folder, `.folio/cache` of the repository.
    let folder: String
    /// The absolute output folder.
    let output: String

    package init(folder: String, output: String) {
        self.folder = folder
        self.output = output
    }

    var file: String {
        var hash = ContentHash()
        hash.combine(output)
        return folder + "/build-" + hash.hex + ".json"
    }

    /// The entry of the last build into the output folder, when the folder is still the one it
    /// wrote (same device and inode: a site moved, replaced or rebuilt by hand is not reused).
    package func load(seed: String) -> Entry? {
        guard let identity = Self.identity(of: output), let data = FileGate.contents(file, root: folder),
            case .success(let stored) = JSONReader.read(Array(data)), stored["version"]?.double == 1, stored["seed"]?.string == seed,
            stored["site"]?.string == identity
        else { return nil }
        var entry = Entry(seed: seed)
        for (path, key) in stored["outputs"]?.pairs ?? [] { entry.outputs[path] = key.string }
        entry.search = stored["search"]?.string
        entry.searchFiles = stored["searchFiles"]?.items?.compactMap(\.string) ?? []
        return entry
    }

    /// Stores `entry` for the output folder as it is now; a cache that cannot be written only
    /// costs a full build next time.
    package func save(_ entry: Entry) {
        guard let identity = Self.identity(of: output) else { return }
        let stored = JSONValue.object([
            ("version", .number(1)), ("seed", .string(entry.seed)), ("site", .string(identity)),
            ("outputs", .object(entry.outputs.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("search", entry.search.map(JSONValue.string) ?? .null), ("searchFiles", .array(entry.searchFiles.map(JSONValue.string))),
        ])
        // A cache that cannot be written only costs a full build next time.
        FileReplacement.write(Array(stored.encoded.utf8), to: file)
    }

    /// Removes the entry (a build that wrote no site, or was asked not to use the cache).
    package func remove() {
        try? FileManager.default.removeItem(atPath: file)
    }

    /// The output folder's device and inode: the staging folder swapped in becomes the output,
    /// so each build's site has its own.
    static func identity(of folder: String) -> String? {
        var info = stat()
        guard lstat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return nil }
        return "\(info.st_dev):\(info.st_ino)"
    }

    /// The running Folio binary (path, size, modification time): a rebuilt Folio renders anew.
    package static var binaryIdentity: String {
        let path = Bundle.main.executablePath ?? CommandLine.arguments.first ?? "folio"
        var info = stat()
        guard stat(path, &info) == 0 else { return path }
        return "\(path):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }
}
