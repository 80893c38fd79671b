import Foundation
import Testing

@testable import FolioBuild
@testable import FolioModel
@testable import FolioRender

/// `BuiltInLayout` writes the bytes the built-in templates write through Mustache, on every page
/// (and the 404 page) of sites that use every part of the layout: runbooks, descriptions, tables
/// of contents, breadcrumbs, previous and next, a repository, extra CSS and JavaScript, a
/// copyright, `base_url`, Portuguese words.
@Suite struct BuiltInLayoutTests {
    static let repository = ArchitectureTests.root

    static var sites: [String] {
        let fixtures = FixtureTests.root
        let corpora = repository + "/../shared/corpora"
        var sites = ["portuguese-site", "published-site", "mkdocs-site", "broken-site"].map { fixtures + "/" + $0 + "/input" }
        sites += [repository, repository + "/examples/microservice-shop"]
        for corpus in ["mkdocs", "mkdocs-material"] where FileManager.default.fileExists(atPath: corpora + "/" + corpus) {
            sites.append(corpora + "/" + corpus)
        }
        return sites
    }

    @Test(arguments: sites)
    func swiftAndMustacheWriteTheSamePages(site: String) throws {
        var diagnostics = Diagnostics()
        let compilation = try #require(Builder.compile(BuildOptions(workingDirectory: site), into: &diagnostics), "\(diagnostics.sorted)")
        #expect(compilation.theme.rendersLayoutInSwift)
        let renderer = Renderer(site: compilation.site, theme: compilation.theme)
        let reading = compilation.site.navigation
        var compared = 0
        for index in compilation.site.pages.indices {
            let (previous, next) = reading.neighbours(atPosition: reading.order.firstIndex(of: index))
            let prepared = renderer.prepare(page: index, previous: previous, next: next)
            let swift = renderer.render(prepared)
            let mustache = renderer.render(prepared, usingMustache: true)
            if swift != mustache {
                Issue.record("\(compilation.site.pages[index].source): the Swift layout differs from the templates at: \(Self.firstDifference(String(decoding: swift, as: UTF8.self), String(decoding: mustache, as: UTF8.self)))")
                return
            }
            compared += 1
        }
        #expect(renderer.renderNotFound() == renderer.renderNotFound(usingMustache: true))
        #expect(compared == compilation.site.pages.count && compared > 0)
        // The sidebar of every folder, with its sections open and closed.
        #expect(compilation.theme.rendersNavigationInSwift)
        let navigation = compilation.site.navigation
        let expands = Renderer.entryCount(navigation.root) <= Renderer.maximumExpandableEntries
        let strings = Strings.table(for: compilation.site.config)
        for folder in navigation.sections.keys.sorted() {
            let items = Renderer.navigationItems(
                open: folder, expandsInPlace: expands, navigation: navigation, pages: compilation.site.pages, strings: strings)
            let swift = Renderer.navigationHTML(items, theme: compilation.theme, strings: strings)
            let mustache = Renderer.navigationHTML(items, theme: compilation.theme, strings: strings, usingMustache: true)
            if swift != mustache {
                Issue.record("the sidebar of '\(folder)' differs from the templates at: \(Self.firstDifference(swift, mustache))")
                return
            }
        }
    }

    /// The text around the first byte where two pages differ.
    static func firstDifference(_ a: String, _ b: String) -> String {
        let x = Array(a.utf8), y = Array(b.utf8)
        let at = zip(x, y).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(x.count, y.count)
        func around(_ bytes: [UInt8]) -> String { String(decoding: bytes[max(0, at - 60)..<min(bytes.count, at + 60)], as: UTF8.self).debugDescription }
        return "byte \(at): swift \(around(x)) mustache \(around(y))"
    }

    /// A templates folder that overrides the layout keeps Mustache.
    @Test func anOverriddenLayoutIsRenderedByMustache() throws {
        let tree = try TempTree([
            "content/index.md": "# Home\n",
            "templates/layout.mustache": "<title>{{page.title}}</title>{{{page.content}}}",
        ])
        #expect(tree.folio("build").status == 0)
        #expect(
            tree.read("site/index.html")
                == "<title>Home</title><h1 id=\"home\">Home<a class=\"heading-anchor\" href=\"#home\" aria-label=\"Link to this section: Home\">#</a></h1>\n")
    }

    /// The incremental build reuses a page whose key did not change: every field of its context
    /// is in the key, and a field added to the context and not to the key fails here.
    @Test func everyFieldOfAPageContextIsInItsKey() {
        var base = PageContext(
            title: "t", content: "c", url: "u/", source: "s.md", showTitle: false, description: "d", editURL: "e",
            runbook: PageContext.RunbookFields(reviewDays: "90", owner: "o", service: "v", severity: "p1", lastReviewed: "l", due: "x", isOverdue: false),
            root: "../", home: "../")
        base.toc = [PageContext.TocEntry(level: 2, id: "a", text: "A")]
        base.breadcrumbs = [PageContext.Crumb(title: "H", href: "../", isCurrent: false)]
        base.previous = PageContext.Link(title: "p", href: "../p/")
        base.next = PageContext.Link(title: "n", href: "../n/")
        base.canonical = "https://x.org/u/"
        base.extraCSS = ["x.css"]
        base.extraJavaScript = [PageContext.Script(src: "x.js", type: nil, isAsync: false, isDeferred: false)]
        base.copyright = "©"
        base.base = "/"
        #expect(
            Mirror(reflecting: base).children.compactMap(\.label) == [
                "title", "content", "url", "source", "showTitle", "description", "editURL", "runbook", "root", "home", "toc", "breadcrumbs",
                "previous", "next", "canonical", "extraCSS", "extraJavaScript", "copyright", "base", "navigation",
            ], "a field was added to PageContext: add it to combine(into:) and to this test")
        func key(_ context: PageContext) -> UInt64 {
            var hash = ContentHash()
            context.combine(into: &hash)
            return hash.value
        }
        let changes: [(String, (inout PageContext) -> Void)] = [
            ("title", { $0.title = "T" }), ("content", { $0.content = "C" }), ("url", { $0.url = "v/" }), ("source", { $0.source = "r.md" }),
            ("showTitle", { $0.showTitle = true }), ("description", { $0.description = nil }), ("editURL", { $0.editURL = "f" }),
            ("runbook", { $0.runbook?.isOverdue = true }), ("runbook owner", { $0.runbook?.owner = nil }), ("root", { $0.root = "./" }),
            ("home", { $0.home = "./" }), ("toc", { $0.toc[0].level = 3 }), ("breadcrumbs", { $0.breadcrumbs[0].href = nil }),
            ("previous", { $0.previous = nil }), ("next", { $0.next?.title = "m" }), ("canonical", { $0.canonical = nil }),
            ("extraCSS", { $0.extraCSS = [] }), ("extraJavaScript", { $0.extraJavaScript[0].isAsync = true }),
            ("copyright", { $0.copyright = "(c)" }), ("base", { $0.base = nil }),
        ]
        for (name, change) in changes {
            var changed = base
            change(&changed)
            #expect(key(changed) != key(base), "changing \(name) leaves the key as it was")
        }
        // The sidebar is keyed by its folder's fragment, not here.
        var withSidebar = base
        withSidebar.navigation = "<ul></ul>"
        #expect(key(withSidebar) == key(base))
    }
}
