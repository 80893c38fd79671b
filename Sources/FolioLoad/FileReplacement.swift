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
    package static func write(_ bytes: [UInt8], to path: String) -> Bool { write([bytes[...]], to: path) }

    /// Writes `chunks` one after the other at `path`, as `write(_:to:)` does.
    @discardableResult
    package static func write(_ chunks: [ArraySlice<UInt8>], to path: String) -> Bool {
        write(to: path) { sink in for chunk in chunks { chunk.withUnsafeBytes { sink.write($0) } } }
    }

    /// Writes what `body` gives `sink`, as `write(_:to:)` does: for a file made a part at a time.
    @discardableResult
    package static func write(to path: String, _ body: (inout Sink) -> Void) -> Bool {
        let temporary = path + ".\(getpid()).tmp"
        do {
            try FileManager.default.createDirectory(atPath: RepoPath.directory(of: path), withIntermediateDirectories: true)
        } catch {
            return false
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { return false }
        var sink = Sink(descriptor: descriptor)
        body(&sink)
        let closed = close(descriptor) == 0
        guard sink.isWritten, closed, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    /// Where ``write(to:_:)``'s parts go; after a failed write the rest is dropped.
    package struct Sink {
        let descriptor: Int32
        private(set) var isWritten = true

        init(descriptor: Int32) { self.descriptor = descriptor }

        /// Drops the file: the parts given so far are not what the caller meant to write.
        package mutating func fail() { isWritten = false }

        package mutating func write(_ bytes: UnsafeRawBufferPointer) {
            var offset = 0
            while isWritten && offset < bytes.count {
                let count = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { isWritten = false }
                offset += max(count, 0)
            }
        }
    }
}
