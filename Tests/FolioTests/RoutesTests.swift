import Foundation
import Testing

@testable import FolioBuild
@testable import FolioCompile
@testable import FolioModel
@testable import FolioRender

@Suite struct RoutesTests {
    func routes(_ paths: [String]) -> (Routes, Diagnostics) {
        var diagnostics = Diagnostics()
        let pages = paths.map { ParsedPage(source: "content/" + $0, contentPath: $0, title: $0, document: .init()) }
        return (Routes.make(for: pages, into: &diagnostics), diagnostics)
    }

    @Test func prettyURLs() {
        let (table, _) = routes(["index.md", "guide/setup.md", "guide/README.md", "ops/index.md", "ops/README.md"])
        #expect(table.urls["index.md"] == "")
        #expect(table.urls["guide/setup.md"] == "guide/setup/")
        #expect(table.urls["guide/README.md"] == "guide/")
        #expect(table.urls["ops/index.md"] == "ops/")
        #expect(table.urls["ops/README.md"] == "ops/README/", "a README beside an index.md is an ordinary page")
    }

    @Test func relativeURLs() {
        #expect(Routes.relativeURL(from: "a/b/", to: "a/c/") == "../c/")
        #expect(Routes.relativeURL(from: "", to: "a/") == "a/")
        #expect(Routes.relativeURL(from: "a/", to: "") == "../")
        #expect(Routes.relativeURL(from: "a/", to: "a/") == "./")
        #expect(Routes.relativeURL(from: "guide/setup/", to: "img/x.png") == "../../img/x.png")
        #expect(Routes.relativeURL(from: "guide/", to: "guide/x.png") == "x.png")
        #expect(Routes.relativeURL(from: "guide/", to: "guide") == "../guide")
        #expect(Routes.relativeURL(from: "", to: "imagens/diagrama ação.svg") == "imagens/diagrama%20a%C3%A7%C3%A3o.svg")
        #expect(Routes.rootPrefix(from: "a/b/") == "../../")
        #expect(Routes.rootPrefix(from: "") == "./")
    }

    /// The byte-level `relativeURL` against the way it was written before, on string parts, over
    /// 20,000 random pairs of URLs (folders, files, doubled and leading slashes, accents, spaces).
    @Test func relativeURLsAgreeWithTheStringVersion() {
        func reference(from source: String, to target: String) -> String {
            let isFolder = target.isEmpty || target.hasSuffix("/")
            let steps = RepoPath.steps(from: Routes.base(of: source), to: target, isFolder: isFolder)
            let ups = String(repeating: "../", count: steps.ups)
            let rest = steps.down.map { Routes.encodeSegment(String($0)) }.joined(separator: "/")
            let result = ups + rest + (isFolder && !rest.isEmpty ? "/" : "")
            return result.isEmpty ? "./" : result
        }
        var random = SystemRandomNumberGenerator()
        let parts = ["a", "b", "guide", "ação", "x y", "", "index.html", "img.png", "a%20b"]
        func url() -> String {
            var url = (0..<Int.random(in: 0...4, using: &random)).map { _ in parts.randomElement(using: &random)! }.joined(separator: "/")
            if Bool.random(using: &random) { url += "/" }
            return url
        }
        for _ in 0..<20_000 {
            let (from, to) = (url(), url())
            #expect(Routes.relativeURL(from: from, to: to) == reference(from: from, to: to), "from '\(from)' to '\(to)'")
        }
    }
}

@Suite struct NavigationTests {
    func page(_ path: String, _ title: String, weight: Int? = nil) -> Page {
        let url = Routes.url(for: path, hasIndexSibling: false)
        return Page(source: "content/" + path, contentPath: path, url: url, title: title, description: nil, weight: weight, document: .init())
    }

    @Test func orderIsWeightThenTitleWithLandingFirst() {
        let pages = [
            page("index.md", "Home"), page("b.md", "Beta"), page("a.md", "alpha"), page("z.md", "Zulu", weight: 1),
            page("ops/index.md", "Operations", weight: 2), page("ops/x.md", "X"),
        ]
        let navigation = Navigation(pages: pages)
        #expect(navigation.order.map { pages[$0].title } == ["Home", "Zulu", "Operations", "X", "alpha", "Beta"])
    }

    @Test func chainListsEnclosingFolders() {
        #expect(Navigation.chain(to: "a/b") == ["", "a", "a/b"])
        #expect(Navigation.chain(to: "") == [""])
    }
}

/// `Routes.hasScheme`, which reads from the start, against the definition it replaced (the
/// bytes before the first colon: a letter, then letters, digits, `+`, `-` or `.`).
@Suite struct SchemeTests {
    @Test func aSchemeIsFoundAsTheFirstColonDefinedIt() {
        func reference(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return false }
            let scheme = bytes[..<colon]
            func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
            return isLetter(scheme.first!) && scheme.allSatisfy { isLetter($0) || ("0"..."9").contains(Character(UnicodeScalar($0))) || "+-.".utf8.contains($0) }
        }
        var random = SystemRandomNumberGenerator()
        let pieces = ["a", "Z", "7", "+", "-", ".", ":", "/", "#", "é", "@", "[", "`", "{", "mailto", "https://x", "../"]
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            #expect(Routes.hasScheme(text) == reference(text), "\(text)")
        }
        #expect(Routes.hasScheme("https://example.org") && Routes.hasScheme("mailto:a@b") && !Routes.hasScheme("../x.md#a:b") && Routes.hasScheme("c++:") && !Routes.hasScheme("1http:x"))
    }
}

/// A link's folder and path normalized together, as the two joined, then normalized.
@Suite struct JoinedPathTests {
    @Test func normalizingAJoinAgreesWithJoiningThenNormalizing() {
        var random = SystemRandomNumberGenerator()
        let parts = ["a", "bé", "..", ".", "", "c.md", "..."]
        func path() -> String { (0..<Int.random(in: 0...4, using: &random)).map { _ in parts.randomElement(using: &random)! }.joined(separator: "/") }
        var climbs = 0
        for _ in 0..<20_000 {
            let (base, rest) = (path(), path())
            let expected = RepoPath.normalize(RepoPath.join(base, rest))
            #expect(RepoPath.normalize(joining: base, rest) == expected, "'\(base)' + '\(rest)'")
            if expected == nil { climbs += 1 }
        }
        #expect(climbs > 1_000, "paths that climb above the root were met")
    }
}

@Suite struct SuggestionTests {
    @Test func closeWordsAreSuggested() {
        #expect(Suggestions.closest(to: "titel", in: Config.keys) == "title")
        #expect(Suggestions.closest(to: "baseurl", in: Config.keys) == "base_url")
        #expect(Suggestions.closest(to: "colour", in: Config.keys) == nil)
    }

    /// The count that stops past a bound gives the full count up to the bound and `bound + 1`
    /// above it, on random words of a small alphabet (so that swaps and repeats are common).
    @Test func aBoundedDistanceAgreesWithTheFullCount() {
        var random = SystemRandomNumberGenerator()
        let letters = Array("abcã".unicodeScalars)
        func word() -> [Unicode.Scalar] { (0..<Int.random(in: 0...9, using: &random)).map { _ in letters.randomElement(using: &random)! } }
        var stopped = 0
        for _ in 0..<20_000 {
            let (a, b) = (word(), word())
            let full = Suggestions.editDistance(a, b)
            let bound = Int.random(in: 0...4, using: &random)
            let bounded = Suggestions.editDistance(a, b, bound: bound)
            #expect(bounded == min(full, bound + 1), "\(String(String.UnicodeScalarView(a))) \(String(String.UnicodeScalarView(b))) \(bound)")
            if full > bound + 1 { stopped += 1 }
        }
        #expect(stopped > 1_000, "the bound was passed often enough to matter")
    }
}

@Suite struct DefaultThemeTests {
    /// The binary embeds templates/ through the EmbedTheme plugin: every file, byte for byte.
    @Test func embeddedThemeMatchesTemplatesFolder() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("templates").path
        let tree = TempTreeReader(root: folder)
        #expect(tree.files().sorted() == DefaultTheme.files.keys.sorted())
        for (path, text) in DefaultTheme.files { #expect(tree.read(path) == text, "templates/\(path) is not what the binary embeds") }
    }

    @Test func everyRequiredTemplateExists() {
        for name in DefaultTheme.templateNames { #expect(DefaultTheme.files[name + ".mustache"] != nil) }
    }
}

/// Reads a folder that a test must not modify.
struct TempTreeReader {
    let root: String
    func files() -> [String] {
        (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + $0, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }
    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: root + "/" + path).map { String(decoding: $0, as: UTF8.self) }
    }
    func data(_ path: String) -> Data? { FileManager.default.contents(atPath: root + "/" + path) }
}
