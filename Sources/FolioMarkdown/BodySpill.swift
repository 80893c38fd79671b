internal import CFolioSystem
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where a build keeps its pages' HTML between parse and render: a file without a name
/// (`O_TMPFILE`), so that the bodies of every page (65 MB at 10,000 pages) are not all held in
/// memory while the site is compiled and checked. A document whose body is here reads it back
/// with one `pread` when it is rendered or indexed.
///
/// The file has no name: nothing is left behind, even when the build is killed. It lives in the
/// folder given (the one that holds the output and its staging folder). Where that folder does
/// not take such files, or a write fails, bodies stay in memory: nothing is lost either way.
/// A read that fails is counted (``failedReads``); the build then refuses to swap its site in.
public final class BodySpill: @unchecked Sendable {
    private var descriptor: Int32
    private let lock = NSLock()
    /// Guarded by `lock`: where the next body goes, and how many reads failed.
    private var end = 0
    private var failures = 0

    /// A spill in `folder`, or `nil` when the folder does not take unnamed files.
    public init?(folder: String) {
        let descriptor = folio_open_unnamed(folder.isEmpty ? "." : folder)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Closes the file, so that every read from here on fails (for the tests of what a build
    /// does then).
    func closeForTesting() {
        close(descriptor)
        descriptor = -1
    }

    /// Where one body is in the file.
    public struct Piece: Sendable {
        let spill: BodySpill
        let offset: Int
        let count: Int
    }

    /// How many reads failed: a site with such a page must not be swapped in.
    public var failedReads: Int { lock.withLock { failures } }

    /// `document`'s body moved to the file (unless it is already in one, or empty).
    public func keep(_ document: inout MarkdownDocument) {
        guard case .inline(var html) = document.body, !html.isEmpty, let piece = write(&html) else { return }
        document.body = .spilled(piece)
    }

    /// `bytes` moved to the file (kept in memory if the write fails).
    public func keep(_ bytes: [UInt8]) -> SpilledBytes {
        guard !bytes.isEmpty, let piece = bytes.withUnsafeBufferPointer(write) else { return .inline(bytes) }
        return .spilled(piece)
    }

    private func write(_ html: inout String) -> Piece? { html.withUTF8(write) }

    private func write(_ bytes: UnsafeBufferPointer<UInt8>) -> Piece? {
        let offset = lock.withLock {
            defer { end += bytes.count }
            return end
        }
        var written = 0
        while written < bytes.count {
            let count = pwrite(descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(offset + written))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            written += count
        }
        return Piece(spill: self, offset: offset, count: bytes.count)
    }

    fileprivate func read(_ piece: Piece) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: piece.count) { buffer, initialized in
            initialized = read(piece, into: UnsafeMutableRawBufferPointer(buffer)) ? piece.count : 0
        }
    }

    fileprivate func read(_ piece: Piece) -> String {
        String(unsafeUninitializedCapacity: piece.count) { read(piece, into: UnsafeMutableRawBufferPointer($0)) ? piece.count : 0 }
    }

    /// Reads `piece` whole into `buffer`; a read that fails is counted (``failedReads``).
    private func read(_ piece: Piece, into buffer: UnsafeMutableRawBufferPointer) -> Bool {
        var done = 0
        while done < piece.count {
            let count = pread(descriptor, buffer.baseAddress! + done, piece.count - done, off_t(piece.offset + done))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                lock.withLock { failures += 1 }
                return false
            }
            done += count
        }
        return true
    }
}

/// Bytes kept in memory or in a ``BodySpill``.
public enum SpilledBytes: Sendable {
    case inline([UInt8])
    case spilled(BodySpill.Piece)

    /// The bytes (read back from the spill).
    public var bytes: [UInt8] {
        switch self {
        case .inline(let bytes): bytes
        case .spilled(let piece): piece.spill.read(piece)
        }
    }
}

extension MarkdownDocument {
    /// A body's HTML: in memory, or in a build's ``BodySpill``.
    enum Body: Sendable, Equatable {
        case inline(String)
        case spilled(BodySpill.Piece)

        var text: String {
            switch self {
            case .inline(let text): text
            case .spilled(let piece): piece.spill.read(piece)
            }
        }

        static func == (lhs: Body, rhs: Body) -> Bool {
            if case .spilled(let left) = lhs, case .spilled(let right) = rhs, left.spill === right.spill, left.offset == right.offset {
                return true
            }
            return lhs.text == rhs.text
        }
    }

    /// Whether the body is in a ``BodySpill`` rather than in memory.
    public var isSpilled: Bool {
        if case .spilled = body { true } else { false }
    }
}
