import Foundation

/// `folio check commands --run --update`: the one place Folio writes into the repository's own
/// files, and only when asked. Each file is written beside itself and renamed into place, so a
/// killed run leaves the old file or the new one, never half of one.
package enum SourceUpdate {
    /// Replaces the file at `absolute` with `text`; a file that cannot be written is left as it was.
    package static func replace(_ absolute: String, with text: String) {
        let temporary = absolute + ".folio-update"
        if (try? Data(text.utf8).write(to: URL(fileURLWithPath: temporary))) != nil {
            if rename(temporary, absolute) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
        }
    }
}
