import CFolioSystem
import FolioModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How Folio reads a file of the repository, with one set of rules (tested once, in
/// SafetyTests): the file's real path, symbolic links resolved, must be inside the repository
/// and outside `.git` (whose config can hold a CI token); it must be a regular file (a FIFO,
/// socket or device would block or never end); and it must be at most `limits.file_size`.
package enum FileGate {
    /// Why a file was not read (``FileProblem``).
    package typealias Problem = FileProblem

    /// 16 MB: the limit for data files (makefiles, compose files, directive data, templates), and
    /// for pages unless `limits.file_size` says otherwise.
    static let limit = 16 << 20

    /// The bytes of the file at `absolute`, read under the rules above for the repository at `root`.
    package static func read(_ absolute: String, root: String, limit: Int = FileGate.limit) -> Result<[UInt8], Problem> {
        let descriptor: Int32, info: stat
        switch open(absolute, root: root, limit: limit) {
        case .success(let opened): (descriptor, info) = opened
        case .failure(let problem): return .failure(problem)
        }
        defer { close(descriptor) }
        // Straight into the array while the file is the size `fstat` said (one byte more shows
        // that it grew); then a chunk at a time.
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: Int(info.st_size) + 1) { buffer, count in
            count = 0
            while count < buffer.count {
                let done = Glibc.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
                if done < 0 && errno == EINTR { continue }
                if done < 0 { failure = errno }
                if done <= 0 { return }
                count += done
            }
        }
        if failure != 0 { return .failure(.unreadable(String(cString: strerror(failure)))) }
        if bytes.count <= Int(info.st_size) { return .success(bytes) }
        if bytes.count > limit { return .failure(.tooLarge(bytes.count, limit: limit)) }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = Glibc.read(descriptor, &chunk, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(String(cString: strerror(errno))))
            }
            if count == 0 { return .success(bytes) }
            bytes += chunk[..<count]
            // A file that grows while it is read is held to the limit too.
            if bytes.count > limit { return .failure(.tooLarge(bytes.count, limit: limit)) }
        }
    }

    private static let rootLock = NSLock()
    nonisolated(unsafe) private static var realRoots: [String: String] = [:]

    /// The real path of a repository root, resolved once per process (10,000 pages read through
    /// the gate resolved it 10,000 times).
    private static func realPath(ofRoot root: String) -> String {
        if let known = rootLock.withLock({ realRoots[root] }) { return known }
        let real = realpath(root, nil).map { pointer -> String in
            defer { free(pointer) }
            return String(cString: pointer)
        } ?? root
        rootLock.withLock { realRoots[root] = real }
        return real
    }

    /// Opens the file under the rules (the descriptor is the caller's to close), with its status.
    private static func open(_ absolute: String, root: String, limit: Int) -> Result<(Int32, stat), Problem> {
        // O_NONBLOCK: opening a FIFO with no writer must not wait; it is refused below.
        let flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK
        var descriptor = openDirectly(absolute, root: root, flags: flags)
        if descriptor < 0 {
            guard let resolved = realpath(absolute, nil) else { return .failure(.unreadable(String(cString: strerror(errno)))) }
            let real = String(cString: resolved)
            free(resolved)
            let realRoot = realPath(ofRoot: root)
            guard RepoPath.isInside(real, realRoot) else { return .failure(.outsideRepository(real)) }
            if RepoPath.isInside(real, realRoot + "/.git") { return .failure(.insideGit) }
            descriptor = Glibc.open(real, flags)
        }
        guard descriptor >= 0 else { return .failure(.unreadable(String(cString: strerror(errno)))) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            return .failure(.unreadable(String(cString: strerror(errno))))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            return .failure(.notRegular(kind(info.st_mode)))
        }
        guard Int(info.st_size) <= limit else {
            close(descriptor)
            return .failure(.tooLarge(Int(info.st_size), limit: limit))
        }
        return .success((descriptor, info))
    }

    /// The common case in one system call: a path under `root` whose every component is a plain
    /// name (no `.`, `..`, empty part or symbolic link) and which is not in `.git`, opened by
    /// the kernel with a guarantee that it neither follows a link nor leaves `root`. That is the
    /// rule above, without resolving the path component by component (`realpath` cost one
    /// `readlink` per folder: 60,000 calls for 10,000 pages). -1 for anything else, which the
    /// caller then resolves the long way (and reports in the same words).
    private static func openDirectly(_ absolute: String, root: String, flags: Int32) -> Int32 {
        // Bytes, not `hasPrefix`: that compares canonically equivalent text (é composed or not)
        // as equal, and the byte count dropped below would then be wrong.
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard absolute.utf8.starts(with: prefix.utf8) else { return -1 }
        let relative = absolute.utf8.dropFirst(prefix.utf8.count)
        var first = true
        for part in relative.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            if part.isEmpty || part.elementsEqual(".".utf8) || part.elementsEqual("..".utf8) { return -1 }
            if first && part.elementsEqual(".git".utf8) { return -1 }
            first = false
        }
        return folio_open_beneath_no_symlinks(root, String(Substring(relative)), flags)
    }

    /// Copies a published file (of any size) under the same rules to `destination`, a megabyte
    /// at a time.
    package static func copy(_ absolute: String, root: String, to destination: String) throws {
        let source: Int32
        switch open(absolute, root: root, limit: .max) {
        case .success(let opened): source = opened.0
        case .failure(let problem): throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: problem.message])
        }
        defer { close(source) }
        let target = Glibc.open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard target >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination]) }
        defer { close(target) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = Glibc.read(source, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: absolute]) }
            if count == 0 { return }
            var written = 0
            while written < count {
                let done = buffer.withUnsafeBytes { Glibc.write(target, $0.baseAddress! + written, count - written) }
                if done < 0 && errno == EINTR { continue }
                guard done > 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination]) }
                written += done
            }
        }
    }

    /// The file's bytes, or `nil` when a rule refuses it (for readers that report absence their own way).
    package static func contents(_ absolute: String, root: String, limit: Int = FileGate.limit) -> Data? {
        (try? read(absolute, root: root, limit: limit).get()).map { Data($0) }
    }

    /// What kind of file a mode is, in words.
    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "named pipe (FIFO)"
        case S_IFSOCK: return "socket"
        case S_IFCHR, S_IFBLK: return "device"
        case S_IFDIR: return "folder"
        default: return "special file"
        }
    }

    package static func describe(_ bytes: Int) -> String { ByteCount.describe(bytes) }
}
