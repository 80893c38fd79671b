import FolioMarkdown
import Foundation

/// `folio build`: load -> parse -> compile -> render -> write.
public enum Builder {
    /// Runs a build and reports; never throws and never crashes on bad input.
    public static func build(_ options: BuildOptions) -> BuildResult {
        var diagnostics = Diagnostics()
        guard let setup = Setup.resolve(options, into: &diagnostics) else {
            return BuildResult(status: .configuration, diagnostics: diagnostics.sorted, pagesWritten: 0, output: nil)
        }
        let loader = Loader(root: setup.root, skipping: [setup.output])
        let files = loader.loadPages(in: setup.contentDisplay, into: &diagnostics)
        guard let theme = Theme.load(overridesAt: setup.templates, displayPath: setup.templatesDisplay, into: &diagnostics) else {
            return BuildResult(status: .configuration, diagnostics: diagnostics.sorted, pagesWritten: 0, output: setup.outputDisplay)
        }
        let routes = Routes.make(for: files, into: &diagnostics)
        let parser = PageParser(routes: routes)
        // cmark-gfm itself runs under one lock (it is not thread-safe); reading front matter,
        // YAML and the HTML clean-up run on every core around it.
        let parsed = parallelMap(files) { parser.parse($0) }
        for (_, found) in parsed { diagnostics.add(contentsOf: found) }
        var pages = parsed.compactMap(\.0)
        if pages.isEmpty {
            diagnostics.warning("content.empty", "no Markdown pages found; the site has no pages", at: SourceLocation(path: setup.contentDisplay))
        } else {
            pages += SectionIndex.pages(
                for: Navigation(pages: pages), pages: pages, contentDisplay: setup.contentDisplay,
                siteTitle: setup.config.title, into: &diagnostics)
        }
        let navigation = Navigation(pages: pages)
        let renderer = Renderer(pages: pages, navigation: navigation, theme: theme, config: setup.config)

        if options.isStrict && diagnostics.hasFindings {
            diagnostics.add(Diagnostic(.note, "build.strict", "--strict: the previous site was kept", at: nil))
            return BuildResult(status: .findings, diagnostics: diagnostics.sorted, pagesWritten: 0, output: setup.outputDisplay)
        }
        do {
            try write(pages, navigation: navigation, renderer: renderer, theme: theme, config: setup.config, to: setup.output)
        } catch {
            diagnostics.error(
                "write.failed", "the site could not be written (\(error.localizedDescription)); the previous site was kept",
                at: SourceLocation(path: setup.outputDisplay))
            return BuildResult(status: .configuration, diagnostics: diagnostics.sorted, pagesWritten: 0, output: setup.outputDisplay)
        }
        let status: BuildResult.Status = diagnostics.hasErrors ? .findings : .clean
        return BuildResult(status: status, diagnostics: diagnostics.sorted, pagesWritten: pages.count, output: setup.outputDisplay)
    }

    /// Renders every page into a staging folder and swaps it in.
    private static func write(_ pages: [Page], navigation: Navigation, renderer: Renderer, theme: Theme, config: Config, to output: String) throws {
        let writer = SiteWriter(output: output)
        try writer.begin()
        do {
            try writer.createFolders(pages.map(\.url))
            let order = navigation.order
            let jobs = order.indices.map { (position: $0, page: order[$0]) }
            let failures = parallelMap(jobs) { job -> String? in
                let html = renderer.render(
                    page: job.page, previous: job.position > 0 ? order[job.position - 1] : nil,
                    next: job.position + 1 < order.count ? order[job.position + 1] : nil)
                do {
                    try writer.write(Array(html.utf8), to: pages[job.page].url + "index.html")
                    return nil
                } catch {
                    return "\(error)"
                }
            }
            if let failure = failures.compactMap({ $0 }).first { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: failure]) }
            for (path, bytes) in theme.assets.sorted(by: { $0.key < $1.key }) { try writer.write(bytes, to: path) }
            if let base = config.baseURL { try writer.write(Array(sitemap(pages, order: order, base: base).utf8), to: "sitemap.xml") }
            try writer.commit()
        } catch {
            writer.abort()
            throw error
        }
    }

    /// `sitemap.xml` in reading order, when `base_url` is set.
    static func sitemap(_ pages: [Page], order: [Int], base: String) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for index in order {
            xml += "<url><loc>\(escapeHTML(Renderer.absolute(base, pages[index].url)))</loc></url>\n"
        }
        return xml + "</urlset>\n"
    }
}
