import FolioModel
import FolioYAML

/// A kind of `folio` block: its first key (`runbooks`), the values that key takes (`index`),
/// the options the block may have (`file`), and the Markdown it stands for.
///
/// Adding a directive is one new file with a type that conforms to this protocol, and one line
/// in ``DirectiveKinds/all``; `RunbookIndexDirective` is the worked example in Folio's
/// architecture docs.
protocol DirectiveKind: Sendable {
    /// The block's first key.
    var name: String { get }
    /// The values the first key takes; empty for a kind whose first key holds a mapping, which
    /// ``read(_:into:at:fail:)`` reads.
    var values: [String] { get }
    /// The other keys the block may have; each is a path (`file: compose.yaml`).
    var options: [String] { get }
    /// Reads the mapping under the first key into `directive` (kinds with no `values` only).
    func read(_ node: YAMLNode, into directive: inout Directive, at: DirectiveLocator, fail: DirectiveRefusal) -> Directive?
    /// Writes the Markdown the block stands for into `output`; `false` leaves the block out (the
    /// problem was reported through `expander`). The Markdown is parsed as part of the page, so
    /// its tables, links and headings are the page's own, each reported at its origin.
    func generate(_ directive: Directive, in context: DirectiveContext, with expander: inout DirectiveExpander, into output: inout GeneratedMarkdown)
        -> Bool
}

extension DirectiveKind {
    func read(_ node: YAMLNode, into directive: inout Directive, at: DirectiveLocator, fail: DirectiveRefusal) -> Directive? {
        fail("'\(name)' takes no mapping", at(node.mark), nil)
    }
}

/// What a directive may read of the site besides its own block.
struct DirectiveContext {
    /// The page the block is on.
    let page: Page
    /// Every runbook page of the site (front matter with `owner`, `last_reviewed`...), by path.
    let runbooks: [Page]
    /// The id of the heading above the page's `requirements: coverage` table, when it has one.
    let coverageAnchor: String?
}

/// Every kind of `folio` block, listed once.
enum DirectiveKinds {
    static let all: [any DirectiveKind] = [
        DeliverablesDirective(),
        RequirementsCoverageDirective(),
        RunbookIndexDirective(),
        ComposeServicesDirective(),
        MakeTargetsDirective(),
        TableDirective(),
    ]
}
