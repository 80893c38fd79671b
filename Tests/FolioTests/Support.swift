import FolioCLI
import FolioMarkdown
import Foundation
import Testing

/// A temporary repository on disk, removed when the test ends.
final class TempTree {
    let root: String

    init(_ files: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("folio-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for (path, text) in files { try write(text, to: path) }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// A copy of the folder `source` (a fixture's `input/`), modes kept.
    convenience init(copying source: String) throws {
        try self.init()
        try FileManager.default.removeItem(atPath: root)
        try FileManager.default.copyItem(atPath: source, toPath: root)
    }

    /// Makes the tree a git work tree (the real git), so what it ignores is left out.
    func gitInit() throws {
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "init", "-q", root]
        try git.run()
        git.waitUntilExit()
        guard git.terminationStatus == 0 else { throw CocoaError(.featureUnsupported) }
    }

    func write(_ text: String, to path: String) throws { try write(Data(text.utf8), to: path) }

    func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: root + "/" + path).map { String(decoding: $0, as: UTF8.self) }
    }

    func data(_ path: String) -> Data? { FileManager.default.contents(atPath: root + "/" + path) }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: root + "/" + path) }

    /// The inode of a file or folder: a build that keeps the site does not swap a new folder in.
    func inode(_ path: String) throws -> Int {
        try #require((try FileManager.default.attributesOfItem(atPath: root + "/" + path))[.systemFileNumber] as? Int)
    }

    /// Every file under `folder`, relative to it, sorted.
    func files(under folder: String) -> [String] {
        let base = root + "/" + folder
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var result: [String] = []
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue { result.append(path) }
        }
        return result.sorted()
    }

    /// Runs `folio` in this tree and returns what a user would see, line by line.
    func folio(_ arguments: String...) -> (status: Int32, stdout: [String], stderr: [String]) {
        var out: [String] = []
        var err: [String] = []
        func lines(_ text: String) -> [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        let status = FolioCommand.run(arguments, workingDirectory: root, output: { out += lines($0) }, errors: { err += lines($0) })
        return (status, out, err)
    }
}

/// Reads a built site as a browser would: every local `href` and `src` of every HTML page must
/// name a file of the site (a folder URL: its `index.html`), and a `#fragment` an id of that page.
struct SiteAudit {
    let site: String

    struct Reference: Equatable {
        let page: String
        let href: String
    }

    /// The local references that lead nowhere, in page order.
    func deadReferences() -> [Reference] {
        let pages = TempTreeReader(root: site).files().filter { $0.hasSuffix(".html") }.sorted()
        var ids: [String: Set<String>] = [:]
        func anchors(_ page: String) -> Set<String> {
            if let known = ids[page] { return known }
            let html = TempTreeReader(root: site).read(page) ?? ""
            let found = Set(HTMLAttributes.scan(html).filter { $0.name == "id" || $0.name == "name" }.map(\.value))
            ids[page] = found
            return found
        }
        var dead: [Reference] = []
        for page in pages {
            let html = TempTreeReader(root: site).read(page) ?? ""
            let bytes = Array(html.utf8)
            for attribute in HTMLAttributes.scan(html) where attribute.name == "href" || attribute.name == "src" {
                // `<base href>` (the 404 page's) is where links resolve from, not a link.
                if let open = bytes[..<attribute.valueRange.lowerBound].lastIndex(of: UInt8(ascii: "<")),
                    bytes[open...].starts(with: Array("<base ".utf8))
                {
                    continue
                }
                let href = attribute.value
                guard !href.isEmpty, !href.hasPrefix("data:"), !href.contains("://"), !href.hasPrefix("mailto:"), !href.hasPrefix("//") else {
                    continue
                }
                var path = Substring(href)
                var fragment = ""
                if let hash = path.firstIndex(of: "#") {
                    fragment = String(path[path.index(after: hash)...])
                    path = path[..<hash]
                }
                if let question = path.firstIndex(of: "?") { path = path[..<question] }
                let folder = (page as NSString).deletingLastPathComponent
                let joined = path.isEmpty ? page : (folder as NSString).appendingPathComponent(String(path).removingPercentEncoding ?? String(path))
                let normalized = (("/" + joined) as NSString).standardizingPath.dropFirst()
                var target = String(normalized)
                var isDirectory: ObjCBool = false
                let full = site + "/" + target
                guard !target.hasPrefix(".."), FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else {
                    dead.append(Reference(page: page, href: href))
                    continue
                }
                if isDirectory.boolValue {
                    target = target.isEmpty ? "index.html" : target + "/index.html"
                    guard FileManager.default.fileExists(atPath: site + "/" + target) else {
                        dead.append(Reference(page: page, href: href))
                        continue
                    }
                }
                let id = fragment.removingPercentEncoding ?? fragment
                if !id.isEmpty, id != "top", target.hasSuffix(".html"), !anchors(target).contains(id) {
                    dead.append(Reference(page: page, href: href))
                }
            }
        }
        return dead
    }
}
