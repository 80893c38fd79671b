import CFolioSystem
import FolioLoad
import FolioModel
import Foundation

/// The write stage: files go into a staging folder beside the output, which is swapped in only
/// when everything was written.
///
/// On Linux the swap is one `renameat2(RENAME_EXCHANGE)`, so there is no instant without a
/// complete site, even under `kill -9`; a killed build leaves only a staging folder, which the
/// next build removes. Folio writes nowhere else.
package struct SiteWriter {
    /// Absolute output folder.
    let output: String
    /// The staging folder: `.site.folio-staging` beside `site`.
    package let staging: String

    /// A marker that says a folder was written by Folio (so replacing it loses nothing).
    package static let marker = ".folio-site"

    package init(output: String) {
        self.output = output
        let parent = RepoPath.directory(of: output)
        staging = (parent.isEmpty ? "" : parent) + "/." + RepoPath.fileName(output) + ".folio-staging"
    }

    /// Creates an empty staging folder (removing one left by a killed build).
    package func begin() throws {
        let files = FileManager.default
        if files.fileExists(atPath: staging) { try Self.remove(staging) }
        try files.createDirectory(atPath: staging, withIntermediateDirectories: true)
        try write(Array("This folder was written by Folio; `folio build` replaces it whole.\n".utf8), to: Self.marker)
    }

    /// Creates the folders for pages before they are written in parallel (two threads creating
    /// one folder at once can fail), in sorted order.
    /// One `mkdir` each (a parent sorts before its children); FileManager's way, which looks at
    /// every part of the path first, only when that fails (no parent yet, or the folder exists).
    package func createFolders(_ folders: some Sequence<String>) throws {
        for folder in Set(folders).sorted() where !folder.isEmpty {
            let path = staging + "/" + folder
            if mkdir(path, 0o755) == 0 { continue }
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
    }

    /// Writes one file at a path relative to the site root.
    package func write(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBytes { try write($0, to: path) }
    }

    /// Writes a text's UTF-8 (a rendered page, without copying it into an array first).
    package func write(_ text: String, to path: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0), to: path) }
    }

    private func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        let full = staging + "/" + path
        // open, write, close: FileManager.createFile writes beside and renames, with an fsync per
        // file (1,380 of them for a 1,000-page site, most of its time on a real disk), when the
        // staging folder is already what makes the site appear whole or not at all. O_EXCL: each
        // file of the staging folder is written once, never over a file linked from the last site.
        // The folder is made when the file cannot be opened for want of it (outputs make theirs
        // first: no `stat` per file).
        var descriptor = open(full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if descriptor < 0 && errno == ENOENT {
            try FileManager.default.createDirectory(atPath: RepoPath.directory(of: full), withIntermediateDirectories: true)
            descriptor = open(full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        }
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: full]) }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: full]) }
            written += count
        }
    }

    /// Copies a file of the repository at `root` into the site byte for byte (a symlink's
    /// target, not the link), through ``FileGate``.
    package func copy(from absolutePath: String, root: String, to path: String) throws {
        try FileGate.copy(absolutePath, root: root, to: staging + "/" + path)
    }

    /// Swaps the staging folder in; the previous site is removed afterwards.
    package func commit() throws {
        let files = FileManager.default
        guard files.fileExists(atPath: output) else {
            try files.moveItem(atPath: staging, toPath: output)
            return
        }
        if folio_exchange_paths(staging, output) == 0 {
            try Self.remove(staging)
            return
        }
        // No atomic exchange here (not Linux, or a file system without it): two renames, with
        // the old site kept aside until the new one is in place.
        let aside = staging + "-old"
        if files.fileExists(atPath: aside) { try files.removeItem(atPath: aside) }
        try files.moveItem(atPath: output, toPath: aside)
        try files.moveItem(atPath: staging, toPath: output)
        try Self.remove(aside)
    }

    /// Removes a folder Folio wrote, its marker last: a build killed while removing it leaves a
    /// folder that still says it is Folio's, so the next build (or one running at the same time)
    /// may replace it instead of refusing it as someone's own.
    static func remove(_ folder: String) throws {
        let files = FileManager.default
        for name in try files.contentsOfDirectory(atPath: folder) where name != marker {
            try files.removeItem(atPath: folder + "/" + name)
        }
        try files.removeItem(atPath: folder)
    }

    /// Removes the staging folder after a failed build; the previous site is untouched.
    package func abort() {
        try? Self.remove(staging)
    }

    /// Why `output` (or the staging folder beside it) may not be replaced; `nil` when both are
    /// missing, empty, or written by Folio before. A build replaces the output and removes the
    /// staging folder, so someone's own folder or file at either place is never touched.
    package func refusal(outputDisplay: String) -> String? {
        let stagingDisplay = RepoPath.join(RepoPath.directory(of: outputDisplay), RepoPath.fileName(staging))
        if let why = Self.refusal(of: output) { return "output '\(outputDisplay)' \(why)" }
        if let why = Self.refusal(of: staging) { return "'\(stagingDisplay)', where Folio stages the site, \(why)" }
        return nil
    }

    private static func refusal(of path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFLNK:
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
            return FileManager.default.fileExists(atPath: path)
                ? "is a symbolic link (to '\(target)'); refusing to replace it" : "is a symbolic link to '\(target)', which does not exist; refusing to replace it"
        case S_IFDIR:
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return contents.isEmpty || contents.contains(marker) ? nil : "is a folder that is not empty and was not written by Folio; refusing to replace it"
        default:
            return "is a file, not a folder; refusing to replace it"
        }
    }

    /// Whether a site is there to keep.
    package var hasPreviousSite: Bool { FileManager.default.fileExists(atPath: output + "/" + Self.marker) }
}

extension SiteWriter {
    /// Puts the previous site's file at `path` into the staging folder as it is (a hard link,
    /// sharing the bytes): for an output whose inputs did not change. `false` when there is no
    /// such file or it cannot be linked; the caller then writes it.
    package func reuse(_ path: String) -> Bool {
        link(output + "/" + path, staging + "/" + path) == 0
    }
}
