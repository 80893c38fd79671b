import FolioModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `.folio/cache/parse.bin`: every page's parse from the last build (``ParseRecord``), by path
/// and a hash of the page's bytes, so that `folio build` after an edit parses only the pages
/// that changed and reads the others' parses.
///
/// The file holds one build's parses under a key, the Folio binary and the parser's settings: a
/// file with another key, or one that does not read, is empty. It is replaced whole after a
/// build that parsed anything (a record kept is copied as it is, not decoded and encoded again),
/// so a run killed halfway leaves the old file. Layout: `FOLIO-PARSE 2\n`, the key, the records
/// one after the other, then an index (the count, and for each page its path, hash and record
/// length, in the records' order), then the index's offset in eight bytes: the records are
/// written as they are encoded, a few hundred at a time, and never all held at once.
package struct ParseStore: Sendable {
    /// One page's record: the hash of what it was parsed from, and where its bytes are.
    struct Entry: Sendable {
        let hash: UInt64
        let range: Range<Int>
    }

    static let magic = Array("FOLIO-PARSE 2\n".utf8)
    /// The largest store read: Folio writes it (a 10,000-page site's is about 90 MB).
    static let sizeLimit = 1 << 31

    /// The file, `.folio/cache/parse.bin` of the repository.
    package let file: String
    /// The binary and settings the records were made with.
    let key: String
    private let data: [UInt8]
    private let entries: [String: Entry]

    /// The store at `file` when its key is `key`; otherwise an empty one that will replace it.
    package init(file: String, key: String) {
        self.file = file
        self.key = key
        let folder = RepoPath.directory(of: file)
        guard case .success(let data) = FileGate.read(file, root: folder, limit: Self.sizeLimit), let entries = Self.index(of: data, key: key) else {
            self.data = []
            self.entries = [:]
            return
        }
        self.data = data
        self.entries = entries
    }

    /// How many pages the store holds.
    package var count: Int { entries.count }

    /// The parse kept for the page at `path` when its bytes hash to `hash`; `nil` when there is
    /// none, or its record does not read.
    package func parse(of path: String, hash: ContentHash) -> (ParsedPage?, Diagnostics)? {
        guard let entry = entries[path], entry.hash == hash.value else { return nil }
        return data.withUnsafeBytes { ParseRecord.decode(UnsafeRawBufferPointer(rebasing: $0[entry.range])) }
    }

    /// Whether the store has a record for the page at `path` parsed from bytes with `hash`.
    package func holds(_ path: String, hash: ContentHash) -> Bool { entries[path]?.hash == hash.value }

    /// What the next build's store holds for one page.
    package enum Record: Sendable {
        /// The record this store has for the page (its parse was read from here).
        case kept(ContentHash)
        /// A page parsed anew, from bytes with this hash.
        case parsed(ContentHash, ParsedPage?, Diagnostics)

        var hash: ContentHash {
            switch self {
            case .kept(let hash), .parsed(let hash, _, _): hash
            }
        }
    }

    /// Replaces the file with `records`, by page path, unless they are what it holds; a store
    /// that cannot be written only costs parsing next time.
    package func save(_ records: [(path: String, record: Record)]) {
        let unchanged =
            records.count == entries.count
            && records.allSatisfy { if case .kept(let hash) = $0.record { entries[$0.path]?.hash == hash.value } else { false } }
        guard !unchanged else { return }
        FileReplacement.write(to: file) { sink in
            var head = RecordWriter()
            head.append(Self.magic)
            head.string(key)
            head.bytes.withUnsafeBytes { sink.write($0) }
            var index = RecordWriter()
            index.count(records.count)
            var offset = head.bytes.count
            var start = 0
            while start < records.count {
                let batch = Array(records[start..<min(start + 256, records.count)])
                start += batch.count
                let encoded = parallelMap(batch) { _, record -> [UInt8]? in
                    guard case .parsed(_, let page, let diagnostics) = record else { return nil }
                    return ParseRecord.encode(page, diagnostics)
                }
                for ((path, record), bytes) in zip(batch, encoded) {
                    let length: Int
                    if let bytes {
                        bytes.withUnsafeBytes { sink.write($0) }
                        length = bytes.count
                    } else if let entry = entries[path], entry.hash == record.hash.value {
                        data.withUnsafeBytes { sink.write(UnsafeRawBufferPointer(rebasing: $0[entry.range])) }
                        length = entry.range.count
                    } else {
                        // Not a record of this store: the index would be wrong, so nothing is kept.
                        sink.fail()
                        return
                    }
                    index.string(path)
                    index.fixed(record.hash.value)
                    index.count(length)
                    offset += length
                }
            }
            index.fixed(UInt64(offset))
            index.bytes.withUnsafeBytes { sink.write($0) }
        }
    }

    /// Each page's entry when `data` is a store with `key`.
    static func index(of data: [UInt8], key: String) -> [String: Entry]? {
        guard data.starts(with: magic), data.count >= magic.count + 8 else { return nil }
        return data.withUnsafeBytes { bytes -> [String: Entry]? in
            do {
                var footer = RecordReader(bytes: UnsafeRawBufferPointer(rebasing: bytes[(bytes.count - 8)...]))
                let indexOffset = try footer.fixed()
                var head = RecordReader(bytes: UnsafeRawBufferPointer(rebasing: bytes[magic.count...]))
                guard try head.string() == key else { return nil }
                var start = magic.count + head.offset
                guard indexOffset >= start, indexOffset <= bytes.count - 8 else { return nil }
                var reader = RecordReader(bytes: UnsafeRawBufferPointer(rebasing: bytes[Int(indexOffset)..<(bytes.count - 8)]))
                let count = try reader.count()
                var entries: [String: Entry] = [:]
                entries.reserveCapacity(count)
                for _ in 0..<count {
                    let path = try reader.string()
                    let hash = try reader.fixed()
                    let length = try reader.int()
                    guard length >= 0, length <= Int(indexOffset) - start else { return nil }
                    entries[path] = Entry(hash: hash, range: start..<(start + length))
                    start += length
                }
                return start == Int(indexOffset) && reader.isAtEnd ? entries : nil
            } catch {
                return nil
            }
        }
    }
}
