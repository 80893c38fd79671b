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
        /// What the build read (``InputState``), when it may be kept: a build whose inputs have
        /// the same fingerprint keeps the site and says what this one said.
        package var inputs: String?
        /// The paths outside the repository tree the build read or looked for.
        package var outside: [String] = []
        /// What the build reported.
        package var report: Report?

        package init(seed: String, outputs: [String: String] = [:], search: String? = nil, searchFiles: [String] = []) {
            self.seed = seed
            self.outputs = outputs
            self.search = search
            self.searchFiles = searchFiles
        }
    }

    /// A build's report: exit status, pages written, diagnostics in order.
    package struct Report: Sendable, Equatable {
        package var status: Int
        package var pages: Int
        package var diagnostics: [Diagnostic]

        package init(status: Int, pages: Int, diagnostics: [Diagnostic]) {
            self.status = status
            self.pages = pages
            self.diagnostics = diagnostics
        }
    }

    /// The largest entry read: Folio writes it, and a 50,000-page site's (every page's key and
    /// every finding) is 21 MB, past the 16 MiB the file gate allows a repository file.
    static let sizeLimit = 1 << 30

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
        guard let identity = Self.identity(of: output), let data = FileGate.contents(file, root: folder, limit: Self.sizeLimit),
            case .success(let stored) = JSONReader.read(Array(data)), stored["version"]?.double == 2, stored["seed"]?.string == seed,
            stored["site"]?.string == identity
        else { return nil }
        var entry = Entry(seed: seed)
        for (path, key) in stored["outputs"]?.pairs ?? [] { entry.outputs[path] = key.string }
        entry.search = stored["search"]?.string
        entry.searchFiles = stored["searchFiles"]?.items?.compactMap(\.string) ?? []
        entry.inputs = stored["inputs"]?.string
        entry.outside = stored["outside"]?.items?.compactMap(\.string) ?? []
        if let report = stored["report"], let status = report["status"]?.double, let pages = report["pages"]?.double,
            let diagnostics = report["diagnostics"]?.items
        {
            let decoded = diagnostics.compactMap(Self.diagnostic)
            if decoded.count == diagnostics.count { entry.report = Report(status: Int(status), pages: Int(pages), diagnostics: decoded) }
        }
        return entry
    }

    /// Stores `entry` for the output folder as it is now; a cache that cannot be written only
    /// costs a full build next time.
    package func save(_ entry: Entry) {
        guard let identity = Self.identity(of: output) else { return }
        let stored = JSONValue.object([
            ("version", .number(2)), ("seed", .string(entry.seed)), ("site", .string(identity)),
            ("outputs", .object(entry.outputs.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("search", entry.search.map(JSONValue.string) ?? .null), ("searchFiles", .array(entry.searchFiles.map(JSONValue.string))),
            ("inputs", entry.inputs.map(JSONValue.string) ?? .null), ("outside", .array(entry.outside.map(JSONValue.string))),
            (
                "report",
                entry.report.map {
                    .object([
                        ("status", .number($0.status)), ("pages", .number($0.pages)), ("diagnostics", .array($0.diagnostics.map(Self.json))),
                    ])
                } ?? .null
            ),
        ])
        // A cache that cannot be written only costs a full build next time.
        FileReplacement.write(Array(stored.encoded.utf8), to: file)
    }

    /// `[severity, rule, message, path, line, column, suggestion, target]`, `null` where absent.
    static func json(_ diagnostic: Diagnostic) -> JSONValue {
        let location = diagnostic.location
        return .array([
            .string(diagnostic.severity.rawValue), .string(diagnostic.rule), .string(diagnostic.message),
            location.map { .string($0.path) } ?? .null, location?.line.map(JSONValue.number) ?? .null,
            location?.column.map(JSONValue.number) ?? .null, diagnostic.suggestion.map(JSONValue.string) ?? .null,
            diagnostic.target.map(JSONValue.string) ?? .null,
        ])
    }

    static func diagnostic(_ value: JSONValue) -> Diagnostic? {
        guard let items = value.items, items.count == 8, let severity = items[0].string.flatMap(Diagnostic.Severity.init(rawValue:)),
            let rule = items[1].string, let message = items[2].string
        else { return nil }
        let location = items[3].string.map { SourceLocation(path: $0, line: items[4].double.map { Int($0) }, column: items[5].double.map { Int($0) }) }
        return Diagnostic(severity, rule, message, at: location, suggestion: items[6].string, target: items[7].string)
    }

    /// Removes the entry (a build that wrote no site, or was asked not to use the cache).
    package func remove() {
        try? FileManager.default.removeItem(atPath: file)
    }

    /// The output folder's device and inode (the staging folder swapped in becomes the output,
    /// so each build's site has its own), and its modification and change times: a file added to
    /// or removed from its top by hand makes the cache unfit.
    static func identity(of folder: String) -> String? {
        var info = stat()
        guard lstat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return nil }
        return "\(info.st_dev):\(info.st_ino):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec):\(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec)"
    }

    /// The running Folio binary (path, size, modification time): a rebuilt Folio renders anew.
    package static var binaryIdentity: String {
        let path = Bundle.main.executablePath ?? CommandLine.arguments.first ?? "folio"
        var info = stat()
        guard stat(path, &info) == 0 else { return path }
        return "\(path):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }
}
