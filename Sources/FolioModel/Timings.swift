import Foundation

/// `FOLIO_TIMINGS=1`: how long each stage took, on stderr (for profiling, not for users).
package final class Timings: @unchecked Sendable {
    private let isOn = ProcessInfo.processInfo.environment["FOLIO_TIMINGS"] == "1"
    private var last = DispatchTime.now()

    package init() {}

    /// Prints a line, when timings are on.
    package func note(_ text: String) {
        guard isOn else { return }
        FileHandle.standardError.write(Data("folio: \(text)\n".utf8))
    }

    /// Prints the time since the last mark (or since `init`), when timings are on.
    package func mark(_ stage: String) {
        guard isOn else { return }
        let now = DispatchTime.now()
        FileHandle.standardError.write(Data("folio: \(stage): \((now.uptimeNanoseconds - last.uptimeNanoseconds) / 1_000_000) ms\n".utf8))
        last = now
    }
}
