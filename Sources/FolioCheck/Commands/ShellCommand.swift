import Foundation

/// One simple command of a shell text, as a reader of the docs would run it: its words with
/// quotes removed, the `NAME=value` prefixes it sets, and the folder earlier `cd`s moved to.
struct ShellCommand: Sendable, Equatable {
    /// The words, after `NAME=value` prefixes and `sudo`, `env`, `time`, `nohup`, `exec` and
    /// `command` were taken off: `["make", "llm-setup"]`.
    var words: [String]
    /// The command as written, from its first word to its last.
    var written: String
    /// Where its first word starts in the text, 1-based (columns in Unicode scalars).
    var line: Int
    var column: Int
    /// `FOO=1` in `FOO=1 make x`.
    var environment: [String: String] = [:]
    /// The folder (relative to where the block starts) that earlier `cd`s of the same text moved
    /// to: `""` where it starts, `nil` when a `cd` went somewhere Folio cannot follow (`cd -`, `cd $X`).
    var directory: String? = ""
    /// A `cd` into a folder that earlier commands made (`git clone`, `mkdir`): not a folder of
    /// the repository to look for.
    var entersMadeFolder = false
}
