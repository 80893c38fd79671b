import FolioCheck
import FolioCompile
import FolioLoad
import FolioModel
import FolioReport

/// A check `folio check` runs: `folio check` alone runs every one, `folio check NAME` one.
///
/// Adding one is one new file with a type that conforms to this protocol, and one line in
/// ``SiteChecks/all``. A check reads what compile made (the site, the files of the link check,
/// load's reader) from the run and adds its findings to it. A check that hands work to others
/// (the deliverables check hands on its commands and URLs) does so in `prepare`, which every
/// check gets before any runs.
protocol SiteCheck: Sendable {
    /// Its name on the command line and in reports (`links`); its rules are the registered ones of
    /// the same family (`link.*`, ``Rules/check(of:)``).
    var name: String { get }
    /// Hands work to the other checks; by default nothing.
    func prepare(_ run: inout CheckRun, isAsked: Bool)
    /// Runs the check when asked for (`isAsked`), or, when not, only what others handed it.
    func run(_ run: inout CheckRun, isAsked: Bool)
}

extension SiteCheck {
    func prepare(_ run: inout CheckRun, isAsked: Bool) {}
}

/// Every check, listed once, in the order reports name them.
enum SiteChecks {
    static let all: [any SiteCheck] = [LinksCheck(), CommandsCheck(), DeliverablesCheck()]
}

/// One `folio check`: what the checks read, what they found, and what they hand on.
struct CheckRun {
    let options: CheckOptions
    let setup: Setup
    let site: Site
    let reader: RepositoryReader
    /// The Markdown files the link and command checks read.
    let sources: [LinkSource]
    let timings: Timings
    var findings = Diagnostics()
    /// Handed on by earlier checks: commands for the command check, URLs for the external check.
    var commands: [DocumentCommand] = []
    var externals: [LinkCheck.ExternalUse] = []
    /// What the report counts: links and commands read (`nil`: that check did not run), runbook blocks run.
    var links: Int?
    var commandCount: Int?
    var runs: [CheckReport.Run] = []
}
