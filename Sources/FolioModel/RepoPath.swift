import Foundation

/// Path helpers over `/`-separated strings; Folio keeps paths repository-relative.
package enum RepoPath {
    /// Joins and normalizes (`a/./b/../c` -> `a/c`); `nil` when `..` climbs above the start.
    package static func normalize(_ path: String) -> String? {
        if isNormal(path) { return path }
        return normalize(joining: "", path)
    }

    /// `normalize(join(base, path))`, without the joined string in between (a link's folder and
    /// its path: joining, then reading the join again, was 3% of `folio check links`).
    package static func normalize(joining base: String, _ path: String) -> String? {
        var (base, path) = (base, path)
        return base.withUTF8 { first in
            path.withUTF8 { second -> String? in
                var result: [UInt8] = []
                result.reserveCapacity(first.count + second.count + 1)
                var marks: [Int] = []  // result.count before each kept part (and its `/`)
                /// Adds the parts of `bytes`; `false` when a `..` climbs above the start.
                func add(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
                    var start = 0
                    for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
                        defer { start = index + 1 }
                        let length = index - start
                        if length == 0 || (length == 1 && bytes[start] == UInt8(ascii: ".")) { continue }
                        if length == 2 && bytes[start] == UInt8(ascii: ".") && bytes[start + 1] == UInt8(ascii: ".") {
                            guard let mark = marks.popLast() else { return false }
                            result.removeLast(result.count - mark)
                            continue
                        }
                        marks.append(result.count)
                        if !result.isEmpty { result.append(UInt8(ascii: "/")) }
                        result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                    }
                    return true
                }
                guard add(first), add(second) else { return nil }
                return String(decoding: result, as: UTF8.self)
            }
        }
    }

    /// Whether `path` has no empty, `.` or `..` part and no leading or trailing `/` (most links,
    /// once joined): then `normalize` has nothing to do.
    private static func isNormal(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            guard let first = bytes.first, first != UInt8(ascii: "/"), bytes.last != UInt8(ascii: "/") else { return bytes.isEmpty }
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
                let length = index - start
                if length == 0 { return false }
                if bytes[start] == UInt8(ascii: "."), length == 1 || (length == 2 && bytes[start + 1] == UInt8(ascii: ".")) { return false }
                start = index + 1
            }
            return true
        }
    }

    /// The non-empty `/`-separated parts, split on UTF-8 bytes (much faster than by Character).
    package static func components(_ path: String) -> [Substring] {
        path.utf8.split(separator: UInt8(ascii: "/")).map { Substring($0) }
    }

    /// `a/b/c.md` -> `a/b`; `c.md` -> ``.
    package static func directory(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }

    /// `a/b/c.md` -> `c.md`.
    package static func fileName(_ path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(path[path.utf8.index(after: slash)...])
    }

    /// Whether a path names a Markdown file (`.md`, any case), without allocating.
    package static func isMarkdown(_ path: String) -> Bool {
        let bytes = path.utf8
        guard bytes.count >= 3 else { return false }
        let tail = bytes.suffix(3).map { $0 | 0x20 }
        return tail == [UInt8(ascii: "."), UInt8(ascii: "m"), UInt8(ascii: "d")]
    }

    /// Joins two relative paths.
    package static func join(_ base: String, _ path: String) -> String {
        base.isEmpty ? path : path.isEmpty ? base : base + "/" + path
    }

    /// An absolute, standardized file-system path with symlinks resolved where they exist.
    package static func absolute(_ path: String, relativeTo base: String) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        return URL(fileURLWithPath: joined).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Whether `path` is `ancestor` or inside it (both absolute, standardized).
    package static func isInside(_ path: String, _ ancestor: String) -> Bool {
        path == ancestor || path.hasPrefix(ancestor.hasSuffix("/") ? ancestor : ancestor + "/")
    }

    /// The way from the folder `folder` to `target` (a file, or a folder when `isFolder`): how
    /// many `..`, then the components to walk down. From `guide/a` to `ops/b.md`: 2, `ops`, `b.md`.
    package static func steps(from folder: String, to target: String, isFolder: Bool) -> (ups: Int, down: ArraySlice<Substring>) {
        let from = components(folder)
        let to = components(target)
        let folders = isFolder ? to.count : to.count - 1
        var common = 0
        while common < min(from.count, folders), from[common] == to[common] { common += 1 }
        return (from.count - common, to[common...])
    }

    /// `path` relative to `root` when inside it, else `path` unchanged.
    package static func relative(_ path: String, to root: String) -> String {
        guard isInside(path, root) else { return path }
        let rest = path.dropFirst(root.count).drop { $0 == "/" }
        return rest.isEmpty ? "." : String(rest)
    }

    /// A human title from a file or folder name: `setup-guide.md` -> `Setup guide`.
    package static func humanTitle(_ name: String) -> String {
        var base = name
        if base.lowercased().hasSuffix(".md") { base = String(base.dropLast(3)) }
        let words = base.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
