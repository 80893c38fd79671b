import Foundation
import Testing

/// Each bad input gets its `path:line:column` diagnostic and its exit code; one bad page never
/// hides the others.
@Suite struct BadInputTests {
    static let goodPage = "# Good\n\nFine.\n"

    @Test func malformedFrontMatterIsReportedAtItsFileLine() throws {
        let tree = try TempTree([
            "content/index.md": Self.goodPage,
            "content/bad.md": "---\ntitle: Olá\ntags: [a, b\n---\n# Bad\n",
        ])
        let run = tree.folio("build")
        #expect(run.status == 1)
        #expect(run.stderr == ["content/bad.md:4:1: error: while parsing a flow sequence: did not find expected ',' or ']' [yaml.syntax]"])
        #expect(tree.exists("site/index.html"))
        #expect(tree.read("site/bad/index.html")?.contains("<h1 id=\"bad\">Bad") == true)
    }

    @Test func frontMatterTypeErrorNamesKeyAndPosition() throws {
        let tree = try TempTree(["content/x.md": "---\ntitle: X\ndescrição: sim\nweight: high\n---\n# X\n"])
        let run = tree.folio("build")
        #expect(run.status == 1)
        #expect(run.stderr == ["content/x.md:4:9: error: 'weight' must be a number, found \"high\" [yaml.type]"])
    }

    @Test func unterminatedFrontMatter() throws {
        let tree = try TempTree(["content/index.md": "---\ntitle: X\n\n# Body\n"])
        let run = tree.folio("build")
        #expect(run.status == 1)
        #expect(
            run.stderr == [
                "content/index.md:1:1: error: front matter starts here but has no closing '---' line; the page was read without it (add a line '---' after the last front matter key) [frontmatter.unterminated]"
            ])
        #expect(tree.exists("site/index.html"))
    }

    @Test func invalidUTF8PointsAtTheByte() throws {
        let tree = try TempTree(["content/index.md": Self.goodPage])
        try tree.write(Data("# Título\n\nçã ok \u{1}".utf8) + Data([0xC3, 0x28]) + Data(" fim\n".utf8), to: "content/broken.md")
        let run = tree.folio("build")
        #expect(run.status == 1)
        #expect(
            run.stderr == [
                "content/broken.md:3:8: error: invalid UTF-8 (byte 0xC3); the page was built with U+FFFD in its place (save the file as UTF-8) [page.encoding]"
            ])
        #expect(tree.read("site/broken/index.html")?.contains("\u{FFFD}") == true)
    }

    @Test func symlinkLoopIsReportedAndSkipped() throws {
        let tree = try TempTree(["content/index.md": Self.goodPage, "content/docs/a.md": "# A\n"])
        try FileManager.default.createSymbolicLink(atPath: tree.root + "/content/docs/loop", withDestinationPath: "..")
        let run = tree.folio("build")
        #expect(run.status == 1)
        #expect(
            run.stderr == ["content/docs/loop: error: symbolic link loop: this folder leads back to 'content'; it was skipped [load.symlink-loop]"])
        #expect(tree.exists("site/docs/a/index.html"))
    }

    @Test func unknownConfigKeyWarnsWithSuggestion() throws {
        let tree = try TempTree(["folio.yaml": "title: Docs\ntitel: Oops\n", "content/index.md": Self.goodPage])
        let run = tree.folio("build")
        #expect(run.status == 0)
        #expect(run.stderr == ["folio.yaml:2:1: warning: unknown setting 'titel' (did you mean 'title'?) [config.unknown-key]"])
        #expect(run.stdout == ["built 1 page into site/ (0 errors, 1 warning)"])
    }

    @Test func configTypeErrorIsExitTwo() throws {
        let tree = try TempTree(["folio.yaml": "title: [a, b]\n", "content/index.md": Self.goodPage])
        let run = tree.folio("build")
        #expect(run.status == 2)
        #expect(run.stderr == ["folio.yaml:1:8: error: 'title' must be text, found a list [yaml.type]"])
        #expect(!tree.exists("site"))
    }

    @Test func missingContentFolderIsExitTwo() throws {
        let tree = try TempTree(["folio.yaml": "content: docs\n"])
        let run = tree.folio("build")
        #expect(run.status == 2)
        #expect(
            run.stderr == [
                "folio.yaml:1:10: error: content folder 'docs' does not exist (create it, or set 'content' in folio.yaml) [config.missing-content]"
            ])
    }

    @Test func outputEqualToContentIsRefusedAndNothingTouched() throws {
        let tree = try TempTree(["folio.yaml": "output: content\n", "content/index.md": Self.goodPage])
        let run = tree.folio("build")
        #expect(run.status == 2)
        #expect(
            run.stderr == [
                "folio.yaml:1:9: error: output folder 'content' is the content folder 'content'; refusing to replace it (choose a separate output folder such as 'site') [output.unsafe]"
            ])
        #expect(tree.files(under: "content") == ["index.md"])
    }

    @Test func outputThatContainsTheRepositoryIsRefused() throws {
        let tree = try TempTree(["content/index.md": Self.goodPage])
        for output in [".", "..", tree.root] {
            let run = tree.folio("build", "--output", output)
            #expect(run.status == 2, "--output \(output)")
            #expect(run.stderr.first?.hasSuffix("[output.unsafe]") == true)
        }
        #expect(tree.files(under: "content") == ["index.md"])
    }

    @Test func outputInsideTheTemplatesIsRefusedAndInsideTheContentSkipped() throws {
        let tree = try TempTree(["content/index.md": Self.goodPage, "templates/page.html": "{{{content}}}"])
        let refused = tree.folio("build", "--output", "templates/out")
        #expect(refused.status == 2)
        #expect(
            refused.stderr == [
                "templates/out: error: output folder 'templates/out' is inside the templates folder 'templates'; the next build would read the site as templates (choose a folder outside it, such as 'site') [output.unsafe]"
            ])
        #expect(tree.files(under: "templates") == ["page.html"])
        // Twice: the second build must not read the first one's output as pages or assets.
        for _ in 0..<2 {
            let run = tree.folio("build", "--output", "content/site")
            #expect(run.status == 0, "\(run.stderr)")
        }
        #expect(tree.files(under: "content/site").contains("index.html"))
        #expect(!tree.files(under: "content/site").contains { $0.hasPrefix("site/") })
    }

    @Test func foreignOutputFolderIsNotReplaced() throws {
        let tree = try TempTree(["content/index.md": Self.goodPage, "site/notes.txt": "mine"])
        let run = tree.folio("build")
        #expect(run.status == 2)
        #expect(run.stderr.first?.contains("[output.not-folio]") == true)
        #expect(tree.read("site/notes.txt") == "mine")
    }

    @Test func missingConfigFileGivenOnTheCommandLine() throws {
        let tree = try TempTree(["content/index.md": Self.goodPage])
        let run = tree.folio("build", "--config", "nope.yaml")
        #expect(run.status == 2)
        #expect(run.stderr == ["folio: error: configuration file 'nope.yaml' does not exist [config.missing]"])
    }

    @Test func unknownOptionIsAUsageError() throws {
        let tree = try TempTree(["content/index.md": Self.goodPage])
        let run = tree.folio("build", "--frobnicate")
        #expect(run.status == 2)
        #expect(run.stderr.joined().contains("Unknown option '--frobnicate'"))
    }

    @Test func routeConflictKeepsTheFirstPage() throws {
        let tree = try TempTree(["content/guide.md": "# Guide file\n", "content/guide/index.md": "# Guide folder\n"])
        let run = tree.folio("build")
        #expect(run.status == 1)
        #expect(
            run.stderr == [
                "content/guide/index.md:1:1: error: this page and 'content/guide.md' would both be published at '/guide/'; this one was left out (rename one of them) [route.conflict]"
            ])
        #expect(tree.read("site/guide/index.html")?.contains("Guide file") == true)
    }

    @Test func strictKeepsThePreviousSiteOnAWarning() throws {
        let tree = try TempTree(["content/index.md": "# One\n"])
        #expect(tree.folio("build").status == 0)
        try tree.write("---\ntitel: Two\n---\n# Two\n", to: "content/index.md")
        let run = tree.folio("build", "--strict")
        #expect(run.status == 1)
        #expect(
            run.stderr.first == "content/index.md:2:1: warning: unknown front matter key 'titel' (did you mean 'title'?) [frontmatter.unknown-key]")
        #expect(tree.read("site/index.html")?.contains("One") == true)
    }

    @Test func brokenUserTemplateIsAConfigurationError() throws {
        let tree = try TempTree(["content/index.md": Self.goodPage, "templates/page.mustache": "<article>\n{{#page}}\n</article>\n"])
        let run = tree.folio("build")
        #expect(run.status == 2)
        #expect(
            run.stderr == [
                "templates/page.mustache:4:1: error: a section opened with {{#name}} or {{^name}} is never closed with {{/name}} [template.syntax]"
            ])
    }

    @Test func templateErrorsSayWhatToFix() throws {
        let cases = [
            "{{#page}}x{{/pag}}\n": "templates/page.mustache:1:14: error: this closing tag does not match the section it closes [template.syntax]",
            "<p>é</p>\n<a>{{ unclosed\n":
                "templates/page.mustache:2:4: error: the template ends inside a tag: a '{{' has no matching '}}' [template.syntax]",
        ]
        for (template, expected) in cases {
            let tree = try TempTree(["content/index.md": Self.goodPage, "templates/page.mustache": template])
            let run = tree.folio("build")
            #expect(run.status == 2)
            #expect(run.stderr == [expected])
        }
    }

    @Test func missingTemplatesFolderSetInConfigIsAWarning() throws {
        let tree = try TempTree(["folio.yaml": "templates: theme\n", "content/index.md": Self.goodPage])
        let run = tree.folio("build")
        #expect(run.status == 0)
        #expect(
            run.stderr == [
                "folio.yaml:1:12: warning: templates folder 'theme' does not exist; using the built-in theme (create it, or remove 'templates' from folio.yaml) [config.missing-templates]"
            ])
        #expect(tree.read("site/index.html")?.contains("<nav id=\"sidebar\"") == true)
    }

    @Test func yaml11BooleanInFrontMatterIsReported() throws {
        let tree = try TempTree(["content/index.md": "---\ntitle: yes\nweight: no\n---\n"])
        let run = tree.folio("build")
        #expect(run.stderr == ["content/index.md:3:9: error: 'weight' must be a number, found \"no\" [yaml.type]"])
        #expect(
            tree.read("site/index.html")?.contains("<title>Documentation · Documentation</title>") == true,
            "the home page without a title takes the site's")
    }
}
