import Foundation
import Testing
@testable import FolioCore

@Suite struct RoutesTests {
    func routes(_ paths: [String]) -> (Routes, Diagnostics) {
        var diagnostics = Diagnostics()
        let files = paths.map { SourceFile(path: "content/" + $0, contentPath: $0, bytes: []) }
        return (Routes.make(for: files, into: &diagnostics), diagnostics)
    }

    @Test func prettyURLs() {
        let (table, _) = routes(["index.md", "guide/setup.md", "guide/README.md", "ops/index.md", "ops/README.md"])
        #expect(table.urls["index.md"] == "")
        #expect(table.urls["guide/setup.md"] == "guide/setup/")
        #expect(table.urls["guide/README.md"] == "guide/")
        #expect(table.urls["ops/index.md"] == "ops/")
        #expect(table.urls["ops/README.md"] == "ops/README/")
        #expect(table.landings["guide"] == "guide/README.md")
    }

    @Test func markdownLinksBecomeRelativeSiteLinks() {
        let (table, _) = routes(["index.md", "guide/setup.md", "guide/index.md", "ops/runbook.md"])
        #expect(table.href(for: "../ops/runbook.md#reinício", fromPage: "guide/setup.md") == "../../ops/runbook/#reinício")
        #expect(table.href(for: "./", fromPage: "guide/setup.md") == "../")
        #expect(table.href(for: "setup.md", fromPage: "guide/index.md") == "setup/")
        #expect(table.href(for: "setup.md#x", fromPage: "guide/setup.md") == "#x")
        #expect(table.href(for: "guide/setup.md?plain=1", fromPage: "index.md") == "guide/setup/?plain=1")
        #expect(table.href(for: "../index.md", fromPage: "guide/setup.md") == "../../")
    }

    @Test func otherLinksAreLeftAlone() {
        let (table, _) = routes(["index.md", "guide/setup.md"])
        for destination in ["https://x.org/a.md", "mailto:a@b.c", "#top", "/abs.md", "../../Makefile", "missing.md", "img.png", ""] {
            #expect(table.href(for: destination, fromPage: "guide/setup.md") == nil, "\(destination)")
        }
    }

    @Test func percentEncodedFileNamesResolve() {
        let (table, _) = routes(["instalação.md", "index.md"])
        #expect(table.href(for: "instala%C3%A7%C3%A3o.md", fromPage: "index.md") == "instala%C3%A7%C3%A3o/")
    }

    @Test func relativeURLs() {
        #expect(Routes.relativeURL(from: "a/b/", to: "a/c/") == "../c/")
        #expect(Routes.relativeURL(from: "", to: "a/") == "a/")
        #expect(Routes.relativeURL(from: "a/", to: "") == "../")
        #expect(Routes.relativeURL(from: "a/", to: "a/") == "./")
        #expect(Routes.rootPrefix(from: "a/b/") == "../../")
        #expect(Routes.rootPrefix(from: "") == "./")
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

@Suite struct SuggestionTests {
    @Test func closeWordsAreSuggested() {
        #expect(Suggestions.closest(to: "titel", in: Config.keys) == "title")
        #expect(Suggestions.closest(to: "baseurl", in: Config.keys) == "base_url")
        #expect(Suggestions.closest(to: "colour", in: Config.keys) == nil)
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
}
