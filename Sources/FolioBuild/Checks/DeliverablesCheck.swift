import FolioCheck

/// `folio check deliverables`: the deliverables files compile read, checked; their commands go to
/// the command check and their URLs to the external check.
struct DeliverablesCheck: SiteCheck {
    let name = "deliverables"

    func prepare(_ run: inout CheckRun, isAsked: Bool) {
        guard isAsked else { return }
        let check = DeliverableCheck(run.site.deliverables.files, tree: run.site.tree)
        run.findings.add(contentsOf: run.site.deliverables.diagnostics)
        run.findings.add(contentsOf: check.diagnostics)
        run.commands += check.commands
        run.externals += check.externals
    }

    /// Everything was done in `prepare`, before the checks it hands work to.
    func run(_ run: inout CheckRun, isAsked: Bool) {}
}
