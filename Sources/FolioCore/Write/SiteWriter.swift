import CFolioSystem
import Foundation

/// The write stage: files go into a staging folder beside the output, which is swapped in only
/// when everything was written.
///
/// On Linux the swap is one `renameat2(RENAME_EXCHANGE)`, so there is no instant without a
/// complete site, even under `kill -9`; a killed build leaves only a staging folder, which the
/// next build removes. Folio writes nowhere else.
struct SiteWriter {
    /// Absolute output folder.
    let output: String
    /// The staging folder: `.site.folio-staging` beside `site`.
    let staging: String

    /// A marker that says a folder was written by Folio (so replacing it loses nothing).
    static let marker = ".folio-site"

    init(output: String) {
        self.output = output
        let parent = RepoPath.directory(of: output)
        staging = (parent.isEmpty ? "" : parent) + "/." + RepoPath.fileName(output) + ".folio-staging"
    }

    /// Creates an empty staging folder (removing one left by a killed build).
    func begin() throws {
        let files = FileManager.default
        if files.fileExists(atPath: staging) { try files.removeItem(atPath: staging) }
        try files.createDirectory(atPath: staging, withIntermediateDirectories: true)
        try write(Array("This folder was written by Folio; `folio build` replaces it whole.\n".utf8), to: Self.marker)
    }

    /// Creates the folders for pages before they are written in parallel (two threads creating
    /// one folder at once can fail), in sorted order.
    func createFolders(_ folders: some Sequence<String>) throws {
        for folder in Set(folders).sorted() where !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: staging + "/" + folder, withIntermediateDirectories: true)
        }
    }

    /// Writes one file at a path relative to the site root.
    func write(_ bytes: [UInt8], to path: String) throws {
        let full = staging + "/" + path
        let folder = RepoPath.directory(of: full)
        if !FileManager.default.fileExists(atPath: folder) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let data = Data(bytes)
        guard FileManager.default.createFile(atPath: full, contents: data) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: full])
        }
    }

    /// Copies a file into the site byte for byte (a symlink's target, not the link).
    func copy(from absolutePath: String, to path: String) throws {
        try FileManager.default.copyItem(atPath: absolutePath, toPath: staging + "/" + path)
    }

    /// Swaps the staging folder in; the previous site is removed afterwards.
    func commit() throws {
        let files = FileManager.default
        guard files.fileExists(atPath: output) else {
            try files.moveItem(atPath: staging, toPath: output)
            return
        }
        if folio_exchange_paths(staging, output) == 0 {
            try files.removeItem(atPath: staging)
            return
        }
        // No atomic exchange here (not Linux, or a file system without it): two renames, with
        // the old site kept aside until the new one is in place.
        let aside = staging + "-old"
        if files.fileExists(atPath: aside) { try files.removeItem(atPath: aside) }
        try files.moveItem(atPath: output, toPath: aside)
        try files.moveItem(atPath: staging, toPath: output)
        try files.removeItem(atPath: aside)
    }

    /// Removes the staging folder after a failed build; the previous site is untouched.
    func abort() {
        try? FileManager.default.removeItem(atPath: staging)
    }

    /// Whether `output` may be replaced: missing, empty, or written by Folio before.
    func isReplaceable() -> Bool {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: output, isDirectory: &isDirectory) else { return true }
        guard isDirectory.boolValue else { return false }
        let contents = (try? files.contentsOfDirectory(atPath: output)) ?? []
        return contents.isEmpty || contents.contains(Self.marker)
    }
}
