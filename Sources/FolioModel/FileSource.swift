/// Why a file of the repository was not read, in words for a diagnostic.
package enum FileProblem: Error, Equatable, Sendable {
    case outsideRepository(String)
    case insideGit
    case notRegular(String)
    case tooLarge(Int, limit: Int)
    case unreadable(String)

    package var message: String {
        switch self {
        case .outsideRepository(let real): return "it leads to '\(real)', outside the repository; it is not read"
        case .insideGit: return "it leads into .git, which is never read or published"
        case .notRegular(let kind): return "it is a \(kind), not a regular file; it is not read"
        case .tooLarge(let size, let limit): return "it is \(ByteCount.describe(size)), over the limit of \(ByteCount.describe(limit)) (limits.file_size)"
        case .unreadable(let reason): return "cannot read it: \(reason)"
        }
    }
}

/// The repository's files as the stages after load see them. Load makes the one implementation
/// (`RepositoryReader`, which reads through its file gate: inside the repository, never `.git`,
/// regular files only, size-limited) and hands it in, so compile, check and render never open a
/// file themselves (`ArchitectureTests` holds them to it).
package protocol FileSource: Sendable {
    /// The absolute repository root (to run commands in, and to show paths from).
    var root: String { get }
    /// The bytes of the file at `path`, repository-relative (or absolute, inside the repository).
    func read(_ path: String) -> Result<[UInt8], FileProblem>
    /// Whether anything is on disk at `path` (a file, a folder, a symbolic link even when broken),
    /// also what git ignores, which the repository tree leaves out.
    func exists(_ path: String) -> Bool
    /// Whether the file at `path` can be run as `./path`.
    func isExecutable(_ path: String) -> Bool
}

extension FileSource {
    /// The file's bytes, or `nil` when it is not read (for callers that report absence their own way).
    package func contents(_ path: String) -> [UInt8]? { try? read(path).get() }
}
