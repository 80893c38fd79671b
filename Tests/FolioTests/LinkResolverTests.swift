import Foundation
import Testing

@testable import FolioBuild
@testable import FolioCheck
@testable import FolioCompile
import FolioMarkdown
@testable import FolioModel

/// The link resolver on a real repository tree: GitHub's semantics, and the href each link gets.
@Suite struct LinkResolverTests {
    static let files = [
        "folio.yaml": "repository:\n  url: https://github.com/acme/shop\n",
        "Makefile": "all:\n", "README.md": "# Shop\n", "ml/llm/README.md": "# LLM\n\n## Instalação\n", "ml/llm/train.py": "x = 1\n",
        "content/index.md": "# Home\n", "content/guide/setup.md": "# Setup\n\n## Instalação rápida\n", "content/guide/index.md": "# Guide\n",
        "content/ops/README.md": "# Ops\n\n## Reinício\n", "content/ops/runbook.md": "# Runbook\n\n## Reinício\n\n<a name=\"legado\"></a>\n",
        "content/img/diagrama ação.svg": "<svg/>", "content/guide/shot.png": "png", "content/notes/todo.md": "# Todo\n",
        "content/.hidden/x.png": "x",
    ]
    static let site: Site? = {
        guard let tree = try? TempTree(files) else { return nil }
        var diagnostics = Diagnostics()
        return Builder.compile(BuildOptions(workingDirectory: tree.root), into: &diagnostics)?.site
    }()

    /// Resolves `destination` on the page `from` and returns the href the site writes
    /// (`nil`: kept as written) and the target.
    func resolve(_ destination: String, from source: String = "content/guide/setup.md") throws -> (href: String?, link: ResolvedLink) {
        let site = try #require(Self.site)
        let page = try #require(site.page(named: source))
        let link = site.resolver.resolve(destination, from: source, page: source)
        return (site.href(for: link, fromPageAt: page.url), link)
    }

    @Test(arguments: [
        // (destination written in content/guide/setup.md, href in the site)
        ("index.md", "../"),
        ("../ops/runbook.md#reinício", "../../ops/runbook/#reinício"),
        ("../ops/runbook.md#legado", "../../ops/runbook/#legado"),
        ("../ops/", "../../ops/"),
        ("../ops", "../../ops/"),
        ("../ops#readme", "../../ops/"),
        ("../ops/#reinício", "../../ops/#reinício"),
        ("/content/ops/runbook.md", "../../ops/runbook/"),
        ("setup.md#instalação-rápida", "#instalação-rápida"),
        ("setup.md?plain=1", "./?plain=1"),
        ("#instala%C3%A7%C3%A3o-r%C3%A1pida", "#instala%C3%A7%C3%A3o-r%C3%A1pida"),
        ("shot.png", "../shot.png"),
        ("../img/diagrama%20ação.svg", "../../img/diagrama%20a%C3%A7%C3%A3o.svg"),
        ("/content/img/diagrama ação.svg", "../../img/diagrama%20a%C3%A7%C3%A3o.svg"),
        ("../../Makefile", "https://github.com/acme/shop/blob/main/Makefile"),
        ("/Makefile#L1", "https://github.com/acme/shop/blob/main/Makefile#L1"),
        ("../../ml/llm/", "https://github.com/acme/shop/tree/main/ml/llm"),
        ("/ml/llm#readme", "https://github.com/acme/shop/blob/main/ml/llm/README.md"),
        ("../../README.md", "https://github.com/acme/shop/blob/main/README.md"),
        ("../notes/", "../../notes/"),
        // A hidden file is not published, but it is a file of the repository (as on GitHub).
        ("../.hidden/x.png", "https://github.com/acme/shop/blob/main/content/.hidden/x.png"),
    ])
    func resolvesAsGitHubDoes(_ destination: String, _ href: String) throws {
        let resolved = try resolve(destination)
        #expect(resolved.href == href, "\(destination)")
        #expect(!resolved.link.isFragmentMissing, "\(destination)")
    }

    @Test(arguments: [
        ("runbook.md", ResolvedLink.Target.missing("content/guide/runbook.md")),
        ("../OPS/runbook.md", .missing("content/OPS/runbook.md")),
        ("../../../x.md", .outsideRepository),
        ("/../x.md", .outsideRepository),
        ("https://x.org/a.md", .external),
        ("mailto:a@b.c", .external),
        ("//cdn.example.org/x.js", .external),
        ("", .empty),
    ])
    func otherTargets(_ destination: String, _ target: ResolvedLink.Target) throws {
        let resolved = try resolve(destination)
        #expect(resolved.link.target == target, "\(destination)")
        #expect(resolved.href == nil, "\(destination) is kept as written")
    }

    @Test(arguments: ["../ops/runbook.md#reinicio", "#nope", "../ops/#nada", "index.md#setup"])
    func missingFragmentsAreFound(_ destination: String) throws {
        #expect(try resolve(destination).link.isFragmentMissing, "\(destination)")
    }

    @Test(arguments: ["#", "#top", "../ops/runbook.md#top"])
    func topIsAlwaysThere(_ destination: String) throws {
        #expect(try !resolve(destination).link.isFragmentMissing, "\(destination)")
    }
}

/// `Fragment`: the one place for the rules of a `#fragment`.
/// A site holds one `Link` and one `ResolvedLink` per link (183,000 at 10,000 pages): their
/// layouts are kept small on purpose, and a field added or moved carelessly shows here.
@Suite struct LinkLayoutSizeTests {
    @Test func aLinkAndItsResolutionStaySmall() {
        #expect(MemoryLayout<ResolvedLink>.stride <= 40, "a ResolvedLink is \(MemoryLayout<ResolvedLink>.stride) bytes")
        #expect(MemoryLayout<Link>.stride <= 48, "a Link is \(MemoryLayout<Link>.stride) bytes")
    }

    /// The query and the fragment share one string: each reads back as set, in every
    /// combination, and equal parts make equal links.
    @Test(arguments: [("", nil), ("", "install"), ("?a=1", nil), ("?a=1", "instala\u{E7}\u{E3}o"), ("", ""), ("?", ""), ("", "?x")] as [(String, String?)])
    func queryAndFragmentReadBack(_ query: String, _ fragment: String?) {
        var link = ResolvedLink(target: .external, isFragmentMissing: false, query: query, fragment: fragment)
        #expect(link.query == query && link.fragment == fragment)
        #expect(link == ResolvedLink(target: .external, isFragmentMissing: false, query: query, fragment: fragment))
        link.fragment = nil
        #expect(link.query == query && link.fragment == nil)
        link.query = ""
        link.fragment = "a-long-fragment-of-a-heading"
        #expect(link.query == "" && link.fragment == "a-long-fragment-of-a-heading")
    }

    /// `?x` as a query and `#?x` as a fragment are different links.
    @Test func aFragmentThatLooksLikeAQueryIsNotOne() {
        #expect(
            ResolvedLink(target: .external, isFragmentMissing: false, query: "?x", fragment: nil)
                != ResolvedLink(target: .external, isFragmentMissing: false, query: "", fragment: "?x"))
    }
}

@Suite struct FragmentRuleTests {
    @Test func topAndEmptyFragmentsAreNotChecked() {
        #expect(Fragment.checked(nil) == nil)
        #expect(Fragment.checked("") == nil)
        #expect(Fragment.checked("top") == nil)
        #expect(Fragment.checked("Top") == "Top")
        #expect(Fragment.checked("instalação") == "instalação")
    }

    @Test func percentEncodedFragmentsNameTheirIds() {
        #expect(Fragment.id("instala%C3%A7%C3%A3o") == "instalação")
        #expect(Fragment.id("100%") == "100%")
        #expect(Fragment.isFound("instala%C3%A7%C3%A3o", in: Set(["instalação"]), onGitHub: false))
    }

    @Test func gitHubsPrefixCountsOnlyOnGitHub() {
        let ids: Set<String> = ["user-content-install"]
        #expect(Fragment.isFound("install", in: ids, onGitHub: true))
        #expect(!Fragment.isFound("install", in: ids, onGitHub: false))
        #expect(Fragment.written("user-content-install") == "install")
        #expect(Fragment.written("install") == "install")
    }

    @Test func lineAnchorsAreGitHubs() {
        #expect(Fragment.lineRange("L10") == 10...10)
        #expect(Fragment.lineRange("L10-L20") == 10...20)
        #expect(Fragment.lineRange("L20-L10") == nil)
        #expect(Fragment.lineRange("L0") == nil)
        #expect(Fragment.lineRange("L１") == nil)
        #expect(Fragment.lineRange("install") == nil)
    }
}

/// A build's link check reports what `folio check links` reports offline, without collecting the
/// external URLs that only `folio check links` goes on to check.
@Suite struct BuildLinkCheckTests {
    @Test func aBuildCollectsNoExternalURLs() throws {
        let tree = try TempTree(["content/index.md": "# Home\n\n[a](https://example.org/a) [b](//cdn.example.org/b) [c](missing.md) [d](htps://x.org)\n"])
        var diagnostics = Diagnostics()
        let compilation = try #require(Builder.compile(BuildOptions(workingDirectory: tree.root), into: &diagnostics))
        let sources = LinkSources.collect(compilation.site, reader: compilation.reader, all: false, excluding: [])
        var check = LinkCheck(site: compilation.site, reader: compilation.reader, settings: compilation.site.config.links)
        let collected = check.run(sources)
        check.collectsExternals = false
        let built = check.run(sources)
        #expect(collected.externals.map(\.url) == ["https://example.org/a", "https://cdn.example.org/b"])
        #expect(built.externals.isEmpty)
        #expect(built.diagnostics == collected.diagnostics && built.diagnostics.all.map(\.rule) == ["link.missing-file", "link.unknown-scheme"])
        #expect(built.links == 4)
    }
}
