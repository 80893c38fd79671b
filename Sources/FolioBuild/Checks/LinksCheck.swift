import FolioCheck
import FolioLoad

/// `folio check links`: every relative link, image and anchor; with `--external` (or
/// `links.external`), the external URLs too, and those handed on, through the cache.
struct LinksCheck: SiteCheck {
    let name = "links"

    func run(_ run: inout CheckRun, isAsked: Bool) {
        guard isAsked || !run.externals.isEmpty else { return }
        let settings = run.site.config.links
        var outcome =
            isAsked ? LinkCheck(site: run.site, reader: run.reader, settings: settings, configPath: run.setup.configDisplay).run(run.sources) : .init()
        outcome.externals += run.externals
        run.links = isAsked ? outcome.links : nil
        run.findings.add(contentsOf: outcome.diagnostics)
        for unused in outcome.unusedIgnores { run.findings.add(unused) }
        run.timings.mark("link check")
        let options = run.options
        guard options.external || settings.external else { return }
        let cache = options.useCache ? LinkCache(folder: run.setup.root + "/.folio/cache", maxAge: settings.cacheMaxAge, now: options.now) : nil
        let external = ExternalCheck(settings: settings, cached: cache?.load(), now: options.now, progress: options.progress)
        let checked = external.run(outcome.externals)
        for finding in checked.diagnostics { run.findings.add(finding) }
        if let cache, let entries = checked.cache { cache.save(entries) }
    }
}
