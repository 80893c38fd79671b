import Foundation
import Testing

/// What gets published, how symlinks are treated, and what the build says about links it
/// cannot make work.
@Suite struct PublishingTests {
    @Test func symlinksOutOfTheRepositoryAreNeverFollowed() throws {
        let tree = try TempTree(["content/index.md": "# Home\n", "docs/shared/diagram.svg": "<svg/>", "docs/shared/how.md": "# How\n"])
        let links = ["host.md": "/etc/hostname", "root": "/", "loop": "..", "shared": "../docs/shared", "alias": "shared", "gone.md": "nothing.md"]
        for (name, target) in links {
            try FileManager.default.createSymbolicLink(atPath: tree.root + "/content/" + name, withDestinationPath: target)
        }
        let run = tree.folio("build")
        #expect(run.status == 1)
        #expect(
            run.stderr == [
                "content/gone.md: warning: symbolic link points to nothing [load.broken-symlink]",
                "content/host.md: warning: symbolic link to '/etc/hostname', outside the repository; it is not followed or published (copy what it points at into the repository, or remove the link) [content.symlink-outside]",
                "content/loop: error: symbolic link loop: this folder leads back to '.'; it was skipped [load.symlink-loop]",
                "content/root: warning: symbolic link to '/', outside the repository; it is not followed or published (copy what it points at into the repository, or remove the link) [content.symlink-outside]",
            ])
        #expect(!tree.exists("site/host"))
        #expect(
            tree.files(under: "site").filter { !$0.hasPrefix("assets/") && !$0.hasPrefix(".") }.sorted() == [
                "404.html", "index.html", "shared/diagram.svg", "shared/how/index.html", "shared/index.html",
            ], "the folder linked from inside the repository is published once, its alias inside content not again")
    }

    @Test func gitIgnoredAndHiddenFilesAreNotPublished() throws {
        let tree = try TempTree([
            ".gitignore": "*.log\nbuild/\n", "content/index.md": "# Home\n\n![a](a.png)\n", "content/a.png": "a", "content/debug.log": "x",
            "content/build/out.png": "o", "content/.env": "SECRET=1",
        ])
        try tree.gitInit()
        #expect(tree.folio("build").status == 0)
        #expect(tree.files(under: "site").filter { !$0.hasPrefix("assets/") && !$0.hasPrefix(".") }.sorted() == ["404.html", "a.png", "index.html"])
    }

    @Test func linksOutsideTheSiteWarnWithoutRepository() throws {
        let tree = try TempTree([
            "Makefile": "all:\n", "ml/llm/README.md": "# LLM\n",
            "content/index.md": "# Home\n\nRun [make](../Makefile) and see [LLM](/ml/llm/).\n",
        ])
        let run = tree.folio("build")
        #expect(run.status == 0)
        #expect(
            run.stderr == [
                "content/index.md:3:5: warning: '../Makefile' points at 'Makefile', which is in the repository but not in the site; the link is kept as written (set repository.url in folio.yaml to link to the repository's web view) [link.outside-site]",
                "content/index.md:3:33: warning: '/ml/llm/' points at 'ml/llm', which is in the repository but not in the site; the link is kept as written (set repository.url in folio.yaml to link to the repository's web view) [link.outside-site]",
            ])
        #expect(tree.read("site/index.html")?.contains("<a href=\"../Makefile\">make</a>") == true)
        #expect(tree.read("site/index.html")?.contains("Edit this page") == false)
    }

    @Test(arguments: [
        (
            "https://gitlab.com/acme/shop", "https://gitlab.com/acme/shop/-/blob/dev/Makefile",
            "https://gitlab.com/acme/shop/-/edit/dev/content/index.md"
        ),
        (
            "https://codeberg.org/acme/shop", "https://codeberg.org/acme/shop/src/branch/dev/Makefile",
            "https://codeberg.org/acme/shop/_edit/dev/content/index.md"
        ),
        (
            "https://bitbucket.org/acme/shop.git", "https://bitbucket.org/acme/shop/src/dev/Makefile",
            "https://bitbucket.org/acme/shop/src/dev/content/index.md?mode=edit"
        ),
    ])
    func knownHostsGetTheirWebViews(_ url: String, _ file: String, _ edit: String) throws {
        let tree = try TempTree([
            "folio.yaml": "repository:\n  url: \(url)\n  branch: dev\n", "Makefile": "all:\n", "content/index.md": "# Home\n\n[make](../Makefile)\n",
        ])
        #expect(tree.folio("build").status == 0)
        let home = try #require(tree.read("site/index.html"))
        #expect(home.contains("<a href=\"\(file)\">make</a>"))
        #expect(home.contains("<a href=\"\(edit.replacingOccurrences(of: "&", with: "&amp;"))\">Edit this page</a>"))
    }

    @Test func otherHostsNeedTemplates() throws {
        let tree = try TempTree(["folio.yaml": "repository:\n  url: https://git.acme.io/shop\n", "content/index.md": "# Home\n"])
        let run = tree.folio("build")
        #expect(run.status == 2)
        #expect(
            run.stderr == [
                "folio.yaml:2:8: error: Folio does not know the URLs of 'git.acme.io' (it knows GitHub, GitLab, Gitea, Forgejo and Bitbucket) (set repository.file_url and repository.folder_url, with {path} where the file's path goes) [config.repository]"
            ])
        try tree.write(
            "repository:\n  url: https://git.acme.io/shop\n  file_url: https://git.acme.io/shop/view/{branch}/{path}\n  folder_url: https://git.acme.io/shop/dir/{path}\n",
            to: "folio.yaml")
        try tree.write("# Home\n\n[make](../Makefile) [ml](../ml/)\n", to: "content/index.md")
        try tree.write("all:\n", to: "Makefile")
        try tree.write("x\n", to: "ml/x.py")
        #expect(tree.folio("build").status == 0)
        let home = try #require(tree.read("site/index.html"))
        #expect(home.contains("href=\"https://git.acme.io/shop/view/main/Makefile\""))
        #expect(home.contains("href=\"https://git.acme.io/shop/dir/ml\""))
        #expect(home.contains("href=\"https://git.acme.io/shop/view/main/content/index.md\">Edit this page"))
    }

    @Test func baseURLMustBeAnAbsoluteWebAddress() throws {
        let tree = try TempTree(["folio.yaml": "title: Docs\nbase_url: docs.example.org\n", "content/index.md": "# Home\n"])
        let run = tree.folio("build")
        #expect(run.status == 2)
        #expect(
            run.stderr == [
                "folio.yaml:2:11: error: 'base_url' must be an absolute http or https URL, found \"docs.example.org\" (write it in full, e.g. https://docs.example.org/) [config.base-url]"
            ])
    }

    @Test func anEmptyPageIsAPage() throws {
        let tree = try TempTree(["content/index.md": "# Home\n", "content/empty.md": ""])
        let run = tree.folio("build")
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        #expect(tree.read("site/empty/index.html")?.contains("<title>Empty · Documentation</title>") == true)
    }

    @Test func controlCharactersInFrontMatterNeverReachTheHTML() throws {
        let tree = try TempTree([
            "content/index.md": "# Home\n", "content/a.md": "---\ntitle: \"Bad\\u0001title\\u0003\"\ndescription: \"d\\u0007\"\n---\nText\n",
        ])
        #expect(tree.folio("build").status == 0)
        for page in ["site/index.html", "site/a/index.html"] {
            let html = try #require(tree.read(page))
            #expect(!html.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }, "\(page)")
            #expect(html.contains("Bad\u{FFFD}title\u{FFFD}"), "\(page) shows the title in navigation")
        }
    }

    @Test func readmeWithoutHeadingTakesItsFolderOrSiteName() throws {
        let tree = try TempTree([
            "folio.yaml": "title: Loja\n", "content/README.md": "Sem título.\n", "content/operacao/README.md": "Também sem título.\n",
        ])
        #expect(tree.folio("build").status == 0)
        #expect(tree.read("site/index.html")?.contains("<title>Loja · Loja</title>") == true)
        #expect(tree.read("site/operacao/index.html")?.contains("<title>Operacao · Loja</title>") == true)
    }

    @Test func aPageBesideItsFolderIsTheFolderLandingPage() throws {
        let tree = try TempTree([
            "content/index.md": "# Home\n", "content/getting-started.md": "# Getting started\n", "content/getting-started/install.md": "# Install\n",
        ])
        let run = tree.folio("build")
        #expect(run.status == 0 && run.stderr.isEmpty)
        let install = try #require(tree.read("site/getting-started/install/index.html"))
        let sidebar = try #require(install.components(separatedBy: "<nav id=\"sidebar\"").last?.components(separatedBy: "</nav>").first)
        #expect(sidebar.components(separatedBy: ">Getting started</a>").count == 2, "one navigation entry")
        #expect(install.contains("<li class=\"nav-item nav-section is-open\"><button class=\"nav-toggle\" type=\"button\" aria-expanded=\"true\" aria-label=\"Show pages in Getting started\"></button><a href=\"../../getting-started/\">Getting started</a>"))
    }

    @Test func aPublishedFileCannotTakeAPagesPlace() throws {
        let tree = try TempTree(["content/index.md": "# Home\n", "content/index.html": "<p>mine</p>", "content/assets/folio.css": "x"])
        let run = tree.folio("build")
        #expect(run.status == 1)
        #expect(run.stderr.count == 2 && run.stderr.allSatisfy { $0.hasSuffix("[route.conflict]") })
        #expect(tree.read("site/index.html")?.contains("<h1 id=\"home\">") == true)
    }
}
